import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * A lease in Redis, so every API instance and worker sees it (DESIGN §8). It expires by itself, so a crashed
 * holder never blocks others for longer than the TTL; only the holder's token can release it early.
 */
export function createLocks(redis: Redis) {
  return {
    async acquire(name: string, ttl_ms: number): Promise<string | null> {
      const token = randomBytes(12).toString('hex');
      const ok = await redis.set(`lock:${name}`, token, 'PX', ttl_ms, 'NX');
      return ok === 'OK' ? token : null;
    },
    /** Renews the lease if we still hold it; false means another process may now hold it. */
    async extend(name: string, token: string, ttl_ms: number): Promise<boolean> {
      return (await redis.eval(EXTEND, 1, `lock:${name}`, token, String(ttl_ms))) === 1;
    },
    async release(name: string, token: string): Promise<void> {
      await redis.eval(RELEASE, 1, `lock:${name}`, token);
    },
  };
}
export type Locks = ReturnType<typeof createLocks>;
