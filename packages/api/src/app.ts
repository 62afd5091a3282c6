import {
  agriMatchRoutes,
  agriPostRoutes,
  callRoutes,
  catalogRoutes,
  deliveryRoutes,
  deliveryTaskRoutes,
  deliveryRouteRoutes,
  deliveryAftercareRoutes,
  deliveryEarningsRoutes,
  deliveryTrackingRoutes,
  deliveryProofRoutes,
  identityRoutes,
  inboxRoutes,
  open311RouteList,
  open311Routes,
  orderRoutes,
  partnerKeyRoutes,
  peopleRoutes,
  routeList,
  uploadRoutes,
  walletRoutes,
} from '@cc/shared';
import cors from '@koa/cors';
import Router from '@koa/router';
import type { Redis } from 'ioredis';
import Koa from 'koa';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { JobRunner } from './platform/jobs';
import { mountOpen311, open311ErrorFormat, open311Handlers } from './calls/open311-http';
import { open311XmlFormat } from './calls/open311-xml';
import { callHandlers } from './calls/routes';
import {
  deliveryAftercareHandlers,
  deliveryEarningsHandlers,
  deliveryHandlers,
  deliveryProofHandlers,
  deliveryRouteHandlers,
  deliveryTaskHandlers,
} from './delivery/routes';
import { deliveryTrackingHandlers } from './delivery/tracking-routes';
import { orderHandlers } from './orders/routes';
import { catalogHandlers } from './catalog/routes';
import { agriPostHandlers } from './agri/routes';
import { agriMatchHandlers } from './agri/match/routes';
import { createModules } from './modules';
import { partnerKeyHandlers } from './identity/partners';
import { peopleHandlers } from './identity/phone-reveals';
import { identityHandlers } from './identity/routes';
import { inboxHandlers } from './inbox/routes';
import { mountDocs } from './platform/docs';
import { mountRoutes, type MountDeps } from './platform/http';
import { createMetrics } from './platform/metrics';
import { dependencyWarnings, methodProblems, problemResponses, requestLog } from './platform/middleware';
import { buildOpenApi } from './platform/openapi';
import { createRateLimits } from './platform/rate-limit';
import { mountFiles } from './uploads/index';
import { uploadHandlers } from './uploads/routes';
import { walletHandlers } from './wallet/routes';

export interface AppDeps {
  config: Config;
  conn: Connection;
  redis: Redis;
  logger: Logger;
  /** The job runner (startApi's runs the workers when JOBS_ENABLED); by default one that only produces. */
  jobs?: JobRunner;
}

/** Health, readiness and metrics for load balancers and Prometheus. */
function opsRouter(deps: { config: Config; conn: Connection; redis: Redis; metrics: ReturnType<typeof createMetrics> }): Router {
  const { config, conn, redis, metrics } = deps;
  const ops = new Router();
  ops.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  // Answers within READYZ_TIMEOUT_MS whatever the dependencies do: a check that has not answered by then is down.
  ops.get('/readyz', async (ctx) => {
    const [db, cache] = await Promise.all([
      probe(async () => conn.db?.admin().ping(), config.READYZ_TIMEOUT_MS),
      probe(() => redis.ping(), config.READYZ_TIMEOUT_MS),
    ]);
    ctx.status = db === 'ok' && cache === 'ok' ? 200 : 503;
    ctx.body = { status: ctx.status === 200 ? 'ready' : 'not_ready', database: db, redis: cache };
  });
  ops.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return ops;
}

/** Builds the Koa application around already-open connections; the server entry and the tests both use it. */
export function createApp({ config, conn, redis, logger, jobs: runner }: AppDeps) {
  const app = new Koa({ proxy: config.TRUST_PROXY });
  const metrics = createMetrics();
  const limits = createRateLimits(redis, {
    perMinute: config.RATE_LIMIT_PER_MINUTE,
    loginPerMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE,
    notifyPerMinute: config.WECHATPAY_NOTIFY_RATE_LIMIT_PER_MINUTE,
    routes: routeList,
  });
  const warnDependency = dependencyWarnings(logger);
  const { identity, wallet, calls, realtime, uploads, catalog, delivery, orders, inbox, agri, agriDeals, jobs, commands } = createModules({
    config,
    conn,
    redis,
    logger,
    jobs: runner,
  });

  const ops = opsRouter({ config, conn, redis, metrics });
  // Open311's routes are listed too (their own tag, error array and form bodies).
  mountDocs(ops, buildOpenApi([...routeList, ...open311RouteList]));
  mountFiles(ops, uploads);

  // Open311 GeoReport v2 for partner systems, outside /api/v1 (calls/open311-http.ts).
  const open311 = new Router();
  mountOpen311(open311, open311Routes, open311Handlers(calls.open311, { publicBaseUrl: config.PUBLIC_BASE_URL }), {
    partner: (api_key) => identity.partners.authenticate(api_key),
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    checkDeclaredErrors: config.APP_ENV === 'test',
  });

  const api = new Router();
  const mountDeps: MountDeps = {
    auth: { ...identity.authenticator, card: wallet.cardAuthenticator },
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    uploadLimitBytes: config.UPLOAD_MAX_BYTES,
    consumeLimit: limits.consumeNamed,
    checkDeclaredErrors: config.APP_ENV === 'test',
  };
  mountRoutes(api, identityRoutes, identityHandlers(identity), mountDeps);
  mountRoutes(api, peopleRoutes, peopleHandlers(identity.phoneReveals), mountDeps);
  mountRoutes(api, walletRoutes, walletHandlers(wallet), mountDeps);
  mountRoutes(api, callRoutes, callHandlers(calls), mountDeps);
  mountRoutes(api, partnerKeyRoutes, partnerKeyHandlers(identity.partners), mountDeps);
  mountRoutes(api, uploadRoutes, uploadHandlers(uploads), mountDeps);
  mountRoutes(api, catalogRoutes, catalogHandlers(catalog), mountDeps);
  mountRoutes(api, deliveryRoutes, deliveryHandlers(delivery), mountDeps);
  mountRoutes(api, deliveryTaskRoutes, deliveryTaskHandlers(delivery), mountDeps);
  mountRoutes(api, deliveryRouteRoutes, deliveryRouteHandlers(delivery), mountDeps);
  mountRoutes(api, deliveryAftercareRoutes, deliveryAftercareHandlers(delivery), mountDeps);
  mountRoutes(api, deliveryEarningsRoutes, deliveryEarningsHandlers(delivery), mountDeps);
  mountRoutes(api, deliveryTrackingRoutes, deliveryTrackingHandlers(delivery), mountDeps);
  mountRoutes(api, deliveryProofRoutes, deliveryProofHandlers(delivery), mountDeps);
  mountRoutes(api, orderRoutes, orderHandlers(orders), mountDeps);
  mountRoutes(api, inboxRoutes, inboxHandlers(inbox), mountDeps);
  mountRoutes(api, agriPostRoutes, agriPostHandlers(agri), mountDeps);
  mountRoutes(api, agriMatchRoutes, agriMatchHandlers(agriDeals.matching, agriDeals.inquiries), mountDeps);

  app.use(requestLog(logger));
  // WeChat's wx.request cannot send PATCH: the mini-program sends POST with X-HTTP-Method-Override: PATCH.
  // Only that one substitution is honoured, so the header can never turn a read into a write or vice versa.
  app.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.get('x-http-method-override').toUpperCase() === 'PATCH') ctx.method = 'PATCH';
    await next();
  });
  app.use(metrics.middleware);
  app.use(problemResponses(metrics, [open311ErrorFormat], { warn: warnDependency, retry_after_s: config.DEPENDENCY_RETRY_AFTER_SECONDS }));
  app.use(
    cors({
      origin: (ctx) => {
        const origin = ctx.get('origin');
        return config.CORS_ORIGINS.includes('*') || config.CORS_ORIGINS.includes(origin) ? origin : '';
      },
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'X-HTTP-Method-Override', 'X-Kiosk-Session'],
      exposeHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }),
  );
  app.use(ops.routes());
  // GeoReport v2's XML: a `.xml` request is served by its `.json` route, converted (calls/open311-xml.ts).
  app.use(open311XmlFormat());
  app.use(limits.middleware);
  app.use(open311.routes());
  app.use(methodProblems(open311));
  app.use(api.routes());
  app.use(methodProblems(api));

  return { app, api, open311, identity, wallet, calls, realtime, uploads, catalog, delivery, orders, inbox, agri, jobs, commands, metrics };
}
export type App = ReturnType<typeof createApp>;

/** 'ok' when `check` resolves within `ms`, else 'down' (the check itself is bounded too; this bounds the answer). */
async function probe(check: () => Promise<unknown>, ms: number): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'down'>((resolve) => (timer = setTimeout(() => resolve('down'), ms)));
  const result = check().then(
    (v) => (v === undefined ? 'down' : 'ok') as 'ok' | 'down',
    () => 'down' as const,
  );
  try {
    return await Promise.race([result, late]);
  } finally {
    clearTimeout(timer);
  }
}
