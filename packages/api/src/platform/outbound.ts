import { z } from 'zod';
import type { AppError } from './problem';

/** A provider's JSON reply checked against its schema; anything else is the caller's `onError` (never a crash). */
export function parseReply<T>(schema: z.ZodType<T>, body: Buffer, onError: () => AppError): T {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw onError();
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw onError();
  return parsed.data;
}

const ErrorReply = z.object({ code: z.string(), message: z.string().optional() });

/** The `code` of a provider's `{ code, message }` error reply, if that is what the body is. */
export function errorCodeOf(body: Buffer): string | undefined {
  try {
    const parsed = ErrorReply.safeParse(JSON.parse(body.toString('utf8')));
    return parsed.success ? parsed.data.code : undefined;
  } catch {
    return undefined;
  }
}
