import type { Redis } from 'ioredis';
import type { Middleware } from 'koa';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from './problem';

function tooMany(res: RateLimiterRes): AppError {
  const retryAfterS = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new AppError(429, 'rate_limited', '请求太频繁，请稍后再试', { headers: { 'Retry-After': String(retryAfterS) } });
}

/** Limits shared by every API instance through Redis (DESIGN §8: nothing in one process's memory). */
export function createRateLimits(redis: Redis, opts: { perMinute: number; loginPerMinute: number }) {
  // ioredis applies its keyPrefix to these keys too, so test runs and deployments stay apart.
  const global = new RateLimiterRedis({ storeClient: redis, keyPrefix: 'rl:all', points: opts.perMinute, duration: 60 });
  const named = {
    login: new RateLimiterRedis({ storeClient: redis, keyPrefix: 'rl:login', points: opts.loginPerMinute, duration: 60 }),
  };

  async function consume(limiter: RateLimiterRedis, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw tooMany(err);
      throw err;
    }
  }

  const middleware: Middleware = async (ctx, next) => {
    await consume(global, ctx.ip);
    await next();
  };

  return {
    middleware,
    consumeNamed: (name: keyof typeof named, key: string) => consume(named[name], key),
  };
}
