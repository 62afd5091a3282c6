import type { Redis } from 'ioredis';
import type { LatLngDoc } from './models';

/** A courier's last accepted position: where, and when the device took it (ms since the epoch). */
export interface StoredPosition extends LatLngDoc {
  at_ms: number;
}

// Sets the key only if it still holds what the caller read (or is still absent), so two positions racing cannot both
// pass the speed check against the same previous one and then overwrite each other in the wrong order.
const COMPARE_AND_SET = `
local cur = redis.call('GET', KEYS[1])
if (cur or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/**
 * Couriers' positions in Redis, one key per courier with a TTL (never in MongoDB): a position is worth something only
 * for minutes, is written every few seconds, and must be gone once the courier holds no task — the key is deleted when
 * the last task ends, and the TTL forgets it even if that deletion is missed (a crash, Redis briefly unreachable).
 */
export function positionStore(redis: Redis, ttlMs: number) {
  const keyOf = (courier_id: string) => `dlv:pos:${courier_id}`;
  /** The raw stored value ('' when none) and its parsed position. */
  async function read(courier_id: string): Promise<{ raw: string; position: StoredPosition | null }> {
    const raw = (await redis.get(keyOf(courier_id))) ?? '';
    return { raw, position: raw ? (JSON.parse(raw) as StoredPosition) : null };
  }
  return {
    read,
    /** The live position (null when none was reported lately or the courier holds no task): route planning starts there. */
    async position(courier_id: string): Promise<StoredPosition | null> {
      return (await read(courier_id)).position;
    },
    /** Stores `next` if the key still holds `expectedRaw`; false when another position got there first. */
    async replace(courier_id: string, expectedRaw: string, next: StoredPosition): Promise<boolean> {
      const done = await redis.eval(COMPARE_AND_SET, 1, keyOf(courier_id), expectedRaw, JSON.stringify(next), String(ttlMs));
      return done === 1;
    },
    async forget(courier_id: string): Promise<void> {
      await redis.del(keyOf(courier_id));
    },
  };
}
export type PositionStore = ReturnType<typeof positionStore>;
