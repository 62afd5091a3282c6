import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from './db';
import { safeUrl } from './logger';
import type { Metrics } from './metrics';
import { AppError, dependencyUnavailable, toProblem } from './problem';
import { isRedisUnavailable } from './redis';

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Request id (taken from X-Request-Id when sane) and one structured log line per request, without bodies or credentials. */
export function requestLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const log = logger.child({ request_id: requestId });
    ctx.state.log = log;
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // A 503 is a dependency away (logged once per window by dependencyWarnings), not a bug: no error line each.
      const level = ctx.status >= 500 && ctx.status !== 503 ? 'error' : 'info';
      log[level](
        { method: ctx.method, url: safeUrl(ctx.url), route: ctx.state.routeId, status: ctx.status, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    }
  };
}

export type Dependency = 'database' | 'redis';

/** Which dependency an error says is away (following `cause`), or null for any other error. */
export function unavailableDependency(err: unknown): Dependency | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isDatabaseUnavailable(e)) return 'database';
    if (isRedisUnavailable(e)) return 'redis';
  }
  return null;
}

/**
 * Warns that a dependency is away at most once per `window_ms` per dependency, with the number of failures since
 * the last warning: a stall under load fails hundreds of calls a second and must not flood the log.
 */
export function dependencyWarnings(logger: Logger, window_ms = 10_000) {
  const last = new Map<string, { at_ms: number; failures: number }>();
  return (dependency: string, err: unknown): void => {
    const now = Date.now();
    const seen = last.get(dependency);
    if (seen && now - seen.at_ms < window_ms) {
      seen.failures++;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    logger.warn({ dependency, err: message, failures_since_last_warning: seen?.failures ?? 0 }, 'dependency unavailable');
    last.set(dependency, { at_ms: now, failures: 0 });
  };
}
export type DependencyWarnings = ReturnType<typeof dependencyWarnings>;

/** HTTP-level errors raised by Koa and its router, given stable codes. */
const HTTP_CODES: Record<number, [string, string]> = {
  400: ['bad_request', '请求有误'],
  404: ['not_found', '没有这个地址'],
  405: ['method_not_allowed', '不支持该请求方法'],
  413: ['payload_too_large', '请求体过大'],
  415: ['unsupported_media_type', '不支持的请求体类型'],
  501: ['not_implemented', '不支持该请求方法'],
};

/**
 * Another protocol's error format for part of the URL space (Open311's error array under /open311/): the same
 * AppError, rendered differently, possibly with the status that protocol prescribes.
 */
export interface ErrorFormat {
  prefix: string;
  render(err: AppError): { status: number; type: string; body: unknown };
}

/**
 * The one error mapper: everything becomes application/problem+json, except under the prefix of an `ErrorFormat`.
 * A 500 is logged with its stack and is a bug.
 */
export function problemResponses(
  metrics: Metrics,
  formats: ErrorFormat[] = [],
  dependencies: { warn: DependencyWarnings; retry_after_s: number } = { warn: () => undefined, retry_after_s: 5 },
): Middleware {
  return async (ctx, next) => {
    let err: unknown;
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) err = new AppError(404, ...(HTTP_CODES[404] as [string, string]));
    } catch (e) {
      err = e;
    }
    if (err === undefined) return;
    let appError: AppError;
    const dependency = unavailableDependency(err);
    if (err instanceof AppError) {
      appError = err;
    } else if (dependency) {
      dependencies.warn(dependency, err);
      appError = dependencyUnavailable(dependencies.retry_after_s);
    } else {
      const status = (err as { status?: number }).status;
      const known = status !== undefined ? HTTP_CODES[status] : undefined;
      if (status && known && (err as { expose?: boolean }).expose) {
        appError = new AppError(status, known[0], known[1]);
      } else {
        (ctx.state.log ?? console).error({ err }, 'unhandled error');
        appError = new AppError(500, 'internal_error', '服务内部错误，请稍后再试');
      }
    }
    for (const [name, value] of Object.entries(appError.extra.headers ?? {})) ctx.set(name, value);
    const format = formats.find((f) => ctx.path.startsWith(f.prefix));
    if (format) {
      const out = format.render(appError);
      ctx.status = out.status;
      ctx.type = out.type;
      ctx.body = out.body;
    } else {
      ctx.status = appError.status;
      ctx.type = 'application/problem+json';
      ctx.body = toProblem(appError, ctx.path, ctx.state.requestId as string);
    }
    metrics.problems.inc({ code: appError.code, status: String(appError.status) });
  };
}
