import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** A prefixed, time-ordered id (DESIGN §5), e.g. newId('usr') → usr_01JD3Q8Z6Y0M2V5K7N9P4R2S1T. */
export function newId(prefix: string): string {
  return `${prefix}_${nextUlid()}`;
}
