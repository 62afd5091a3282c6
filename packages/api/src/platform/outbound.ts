import axios, { type AxiosInstance } from 'axios';
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

/**
 * An HTTP client for signed provider APIs: bytes go out and come back exactly as signed (no JSON re-serialising
 * by axios), every status is returned to the caller, and redirects are refused because they would change the
 * signed path.
 */
export function signedHttpClient(timeout_ms = 5000): AxiosInstance {
  return axios.create({
    timeout: timeout_ms,
    validateStatus: () => true,
    maxRedirects: 0,
    responseType: 'arraybuffer',
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
  });
}
