import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isRedisUnavailable } from './redis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * A lease in Redis, so every API instance and worker sees it (DESIGN §8). It expires by itself, so a crashed
 * holder never blocks others for longer than the TTL; only the holder's token can release it early.
 *
 * With Redis stalled, calls fail after the connection's command timeout. `acquire` then throws (it never answers
 * "held by someone else"), and because the timed-out SET is still queued and Redis runs it when it comes back,
 * a release with the same token is queued right behind it, so no lease is left that nobody holds.
 */
export function createLocks(redis: Redis) {
  const del = (name: string, token: string) => redis.eval(RELEASE, 1, `lock:${name}`, token);
  return {
    async acquire(name: string, ttl_ms: number): Promise<string | null> {
      const token = randomBytes(12).toString('hex');
      let ok: string | null;
      try {
        ok = await redis.set(`lock:${name}`, token, 'PX', ttl_ms, 'NX');
      } catch (err) {
        if (isRedisUnavailable(err)) void del(name, token).catch(() => undefined);
        throw err;
      }
      return ok === 'OK' ? token : null;
    },
    /** Renews the lease if we still hold it; false means another process may now hold it. */
    async extend(name: string, token: string, ttl_ms: number): Promise<boolean> {
      return (await redis.eval(EXTEND, 1, `lock:${name}`, token, String(ttl_ms))) === 1;
    },
    /**
     * Ends the lease early. Redis not answering is not an error here: the work under the lease is done (or failed
     * on its own), the queued release still runs when Redis is back, and the TTL ends the lease in any case.
     */
    async release(name: string, token: string): Promise<void> {
      await del(name, token).catch((err: unknown) => {
        if (!isRedisUnavailable(err)) throw err;
      });
    },
  };
}
export type Locks = ReturnType<typeof createLocks>;
