import type { Middleware } from 'koa';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one API instance; the registry is per app so tests can run several in one process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const problems = new Counter({
    name: 'http_problems_total',
    help: 'Error responses by stable problem code',
    labelNames: ['code', 'status'] as const,
    registers: [registry],
  });

  const middleware: Middleware = async (ctx, next) => {
    const end = duration.startTimer();
    try {
      await next();
    } finally {
      // Label by route template, never by raw path: ids would explode the label set.
      end({ method: ctx.method, route: (ctx.state.routePath as string | undefined) ?? 'unmatched', status: String(ctx.status) });
    }
  };

  return { registry, middleware, problems };
}
export type Metrics = ReturnType<typeof createMetrics>;
