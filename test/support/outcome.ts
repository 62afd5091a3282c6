/** Small waiting and failure helpers shared by the suites (no fixed sleeps: wait for a condition, with a deadline). */
import { ApiError } from '@cc/shared';

type Check<T> = () => T | undefined | null | false | Promise<T | undefined | null | false>;

/** Polls `check` every 50 ms until it returns a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, check: Check<T>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * How a call failed, as "status code" (e.g. "409 slot_full"), from the typed client's ApiError or a service's AppError.
 * Throws when it did not fail, so a test cannot pass on an unexpected success.
 */
export async function failureOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (err instanceof ApiError) return `${err.status} ${err.code}`;
  const app = err as { status?: number; code?: string } | null;
  if (app?.status && app.code) return `${app.status} ${app.code}`;
  throw new Error(`expected a failure, got ${err === null ? 'success' : String(err)}`);
}

/**
 * A keyed request as a patient client makes it: while the first request under its key is still running, the kernel
 * answers 409 `…_in_progress`; the client asks again with the same key (bounded) and gets the first result.
 */
export async function asPatientClient<T>(call: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      const e = err as { status?: number; code?: string };
      if (e.status !== 409 || !e.code?.endsWith('_in_progress') || Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
