import type { RouteSpec } from '@cc/shared';
import type { Redis } from 'ioredis';
import type { Middleware } from 'koa';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from './problem';

type LimitName = NonNullable<RouteSpec['rateLimit']>;

/** Named limits that replace the global per-address one on their routes, instead of adding to it. */
const REPLACES_GLOBAL: ReadonlySet<LimitName> = new Set(['wechatpay_notify']);

function tooMany(res: RateLimiterRes): AppError {
  const retryAfterS = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new AppError(429, 'rate_limited', '请求太频繁，请稍后再试', { headers: { 'Retry-After': String(retryAfterS) } });
}

/** `METHOD /path` of the routes whose own limit replaces the global one (static paths only: checked before routing). */
function exemptRoutes(routes: readonly RouteSpec[]): Set<string> {
  const exempt = new Set<string>();
  for (const r of routes) {
    if (!r.rateLimit || !REPLACES_GLOBAL.has(r.rateLimit)) continue;
    if (r.path.includes(':')) throw new Error(`route ${r.id}: a limit replacing the global one needs a static path`);
    exempt.add(`${r.method} ${r.path}`);
  }
  return exempt;
}

/** Limits shared by every API instance through Redis (DESIGN §8: nothing in one process's memory). */
export function createRateLimits(
  redis: Redis,
  opts: { perMinute: number; loginPerMinute: number; notifyPerMinute: number; routes: readonly RouteSpec[] },
) {
  // ioredis applies its keyPrefix to these keys too, so test runs and deployments stay apart.
  const limiter = (keyPrefix: string, points: number) => new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: 60 });
  const global = limiter('rl:all', opts.perMinute);
  const named: Record<LimitName, RateLimiterRedis> = {
    login: limiter('rl:login', opts.loginPerMinute),
    wechatpay_notify: limiter('rl:wxpay-notify', opts.notifyPerMinute),
  };
  const exempt = exemptRoutes(opts.routes);

  async function consume(limiter: RateLimiterRedis, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw tooMany(err);
      throw err;
    }
  }

  const middleware: Middleware = async (ctx, next) => {
    // Koa's router matches a trailing slash too, so the exemption must.
    const path = ctx.path.length > 1 ? ctx.path.replace(/\/+$/, '') : ctx.path;
    if (!exempt.has(`${ctx.method} ${path}`)) await consume(global, ctx.ip);
    await next();
  };

  return {
    middleware,
    consumeNamed: (name: LimitName, key: string) => consume(named[name], key),
  };
}
