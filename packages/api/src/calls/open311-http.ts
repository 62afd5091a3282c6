import { answeredStatus, OPEN311_BASE, open311Routes, type RouteSpec } from '@cc/shared';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Actor, PartnerActor } from '../platform/actor';
import {
  parsePart,
  readUtf8Body,
  undeclaredAsBug,
  type FieldIssue,
  type Handler,
  type HandlerInput,
  type Handlers,
} from '../platform/http';
import type { ErrorFormat } from '../platform/middleware';
import { AppError, badRequest, forbidden } from '../platform/problem';
import type { Open311 } from './open311';

/** body.attribute.problem / body.attributes.problem → attribute[problem]; query.start_date → start_date. */
function open311Field(path: string): string {
  const parts = path.split('.');
  if (['body', 'query', 'params'].includes(parts[0] as string)) parts.shift();
  if ((parts[0] === 'attribute' || parts[0] === 'attributes') && parts.length > 1) {
    return `attribute[${parts[1]}]${parts.length > 2 ? `[${parts.slice(2).join('][')}]` : ''}`;
  }
  return parts.join('.') || 'request';
}

/**
 * Open311's error array for everything under /open311/: `[{"code":403,"description":"…"}]`, one element per field for a
 * validation failure. HTTP statuses as the spec has them: 403 for a missing or wrong api_key (our 401s), 404 for what
 * does not exist, 400 for the rest of what cannot be done (our 409 conflicts); 413, 415, 429 and 5xx keep theirs.
 */
export const open311ErrorFormat: ErrorFormat = {
  prefix: '/open311/',
  render(err: AppError) {
    const status = answeredStatus({ errorFormat: 'open311' }, err.status);
    const fields = err.extra.errors ?? [];
    const body =
      fields.length > 0
        ? fields.map((e) => ({ code: status, description: `${open311Field(e.path)}: ${e.message}` }))
        : [{ code: status, description: err.extra.detail ? `${err.title}（${err.extra.detail}）` : err.title }];
    return { status, type: 'application/json', body };
  },
};

const NAME = /^([A-Za-z_][A-Za-z0-9_]*)\[([^[\]]*)\](\[\])?$/;

/**
 * Flat Open311 fields → an object: `attribute[code]=v` → attribute.code = v; `attribute[code][]=v` (and a repeated
 * `attribute[code]`) → a list; a repeated plain field → a list (which the schema then refuses). Null-prototype
 * objects, so no field name can reach Object.prototype. Empty values count as not sent (the spec's optional args).
 */
export function expandFields(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  const add = (target: Record<string, unknown>, key: string, value: unknown, list: boolean) => {
    const had = Object.prototype.hasOwnProperty.call(target, key);
    if (list) target[key] = [...(had ? ([] as unknown[]).concat(target[key]) : []), value];
    else target[key] = had ? ([] as unknown[]).concat(target[key], value) : value;
  };
  for (const [key, value] of entries) {
    if (value === '' || value === null || value === undefined) continue;
    const m = NAME.exec(key);
    if (!m) {
      add(out, key, value, false);
      continue;
    }
    const [, name, sub, brackets] = m as unknown as [string, string, string, string | undefined];
    let nested = out[name];
    if (typeof nested !== 'object' || nested === null || Array.isArray(nested)) {
      nested = Object.create(null) as Record<string, unknown>;
      out[name] = nested;
    }
    add(nested as Record<string, unknown>, sub, value, Boolean(brackets));
  }
  return out;
}

async function readBody(ctx: Context, spec: RouteSpec, limitBytes: number): Promise<Record<string, unknown> | undefined> {
  const length = ctx.request.length;
  if (!length && ctx.get('transfer-encoding') === '') return undefined;
  const form = spec.bodyEncodings?.includes('form') && ctx.request.is('application/x-www-form-urlencoded');
  const json = ctx.request.is('application/json', '+json');
  if (!form && !json) {
    throw new AppError(415, 'unsupported_media_type', '请求体须为 application/x-www-form-urlencoded 或 application/json');
  }
  const text = await readUtf8Body(ctx, limitBytes);
  if (form) return expandFields(new URLSearchParams(text).entries());
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('malformed_json', '请求体不是合法的 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('validation_failed', '请求体须为 JSON 对象');
  // Clients that build the form's flat names also send them in JSON ("attribute[code]": …): both shapes work.
  return expandFields(Object.entries(parsed));
}

/** Query values: a parameter "declared multiple times" is joined with commas, as the spec allows for lists. */
function readQuery(ctx: Context): Record<string, unknown> {
  return expandFields(Object.entries(ctx.query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Mounts Open311 routes of the contract: the same zod edge as mountRoutes (params, query and body checked before any
 * work, the response schema shapes the output), but with Open311's request conventions — form or JSON bodies with
 * bracketed names, api_key in the body or query (required by `partner` routes, optional elsewhere), an optional
 * Idempotency-Key — and its error array (open311ErrorFormat).
 */
export function mountOpen311<T extends Record<string, RouteSpec>>(
  router: Router,
  table: T,
  handlers: Handlers<T>,
  deps: { partner(api_key: string): Promise<PartnerActor | null>; bodyLimitBytes: number; checkDeclaredErrors: boolean },
): void {
  for (const key of Object.keys(table) as (keyof T & string)[]) {
    const spec = table[key] as RouteSpec;
    const handler = handlers[key] as unknown as Handler<RouteSpec>;
    const method = spec.method.toLowerCase() as 'get' | 'post';
    router[method](spec.id, spec.path, async (ctx: Context) => {
      try {
        await serve(ctx, spec, handler, deps);
      } catch (err) {
        throw deps.checkDeclaredErrors ? undeclaredAsBug(spec, err, ctx.state.log) : err;
      }
    });
  }
}

async function serve(
  ctx: Context,
  spec: RouteSpec,
  handler: Handler<RouteSpec>,
  deps: { partner(api_key: string): Promise<PartnerActor | null>; bodyLimitBytes: number },
): Promise<void> {
  ctx.state.routeId = spec.id;
  ctx.state.routePath = spec.path;
  const body = spec.body ? await readBody(ctx, spec, deps.bodyLimitBytes) : undefined;
  const query = readQuery(ctx);
  const apiKey = (body?.api_key ?? query.api_key) as unknown;
  let actor: Actor = { kind: 'anonymous' };
  if (apiKey !== undefined) {
    const partner = typeof apiKey === 'string' ? await deps.partner(apiKey) : null;
    if (!partner) throw forbidden('api_key_invalid', 'api_key 无效或已吊销');
    actor = partner;
  } else if (spec.access.kind === 'partner') {
    throw forbidden('api_key_required', '缺少 api_key（请向社区服务站申请合作系统密钥）');
  }
  const idempotencyKey = ctx.get('idempotency-key') || undefined;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
    throw badRequest('idempotency_key_invalid', 'Idempotency-Key 须为 8–128 位字母、数字或 _.:-');
  const issues: FieldIssue[] = [];
  const params = parsePart(spec.params, ctx.params, 'params', issues);
  const parsedQuery = parsePart(spec.query, query, 'query', issues);
  const parsedBody = spec.body ? parsePart(spec.body, body ?? {}, 'body', issues) : undefined;
  if (issues.length > 0) throw badRequest('validation_failed', '请求参数有误', issues);
  const input = {
    params,
    query: parsedQuery,
    body: parsedBody,
    actor,
    idempotencyKey,
    requestId: ctx.state.requestId as string,
    rawBody: undefined,
    headers: ctx.headers,
    upload: undefined,
  } as unknown as HandlerInput<RouteSpec>;
  const output = await handler(input);
  ctx.status = spec.status ?? 200;
  ctx.body = spec.response.parse(output);
}

/** When the endpoints below last changed (the discovery document's changeset). */
const OPEN311_CHANGESET = '2025-06-01T00:00:00Z';

/** The spec's discovery document; the URL from PUBLIC_BASE_URL, else from the Host the client used. */
function discovery(publicBaseUrl: string | undefined, host: string | undefined) {
  const base = publicBaseUrl?.replace(/\/$/, '') ?? `http://${host ?? 'localhost'}`;
  return {
    changeset: OPEN311_CHANGESET,
    contact: '请联系所在社区服务站（社区热线见 GET /api/v1/communities）',
    key_service: '合作系统密钥（api_key）由社区运营人员在管理后台签发',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${base}${OPEN311_BASE}`,
        changeset: OPEN311_CHANGESET,
        type: 'production' as const,
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

/** Thin handlers: one Open311 service call each. */
export function open311Handlers(o: Open311, opts: { publicBaseUrl?: string } = {}): Handlers<typeof open311Routes> {
  return {
    open311Discovery: async ({ headers }) => discovery(opts.publicBaseUrl, headers.host as string | undefined),
    open311Services: ({ actor, query }) => o.services(actor, query),
    open311ServiceDefinition: ({ actor, params, query }) => o.serviceDefinition(actor, params.service_code, query),
    open311CreateRequest: ({ actor, body, idempotencyKey }) => o.createRequest(actor, body, idempotencyKey),
    open311Requests: ({ actor, query }) => o.requests(actor, query),
    open311Request: ({ actor, params, query }) => o.request(actor, params.service_request_id, query),
    open311Token: ({ actor, params, query }) => o.token(actor, params.token, query),
  };
}
