import type { RouteSpec } from './route';

/** status → stable codes; what a route can answer besides its success. */
export type ErrorCodes = Map<number, string[]>;

type Add = (status: number, ...codes: string[]) => void;

/** Problems every route can give, whoever calls it and whatever it does. */
function everyRoute(add: Add): void {
  // RATE_LIMIT_PER_MINUTE per client address (a named limit, e.g. login, answers the same).
  add(429, 'rate_limited');
  // A request line or headers beyond the server's bound (a URL of more than 16 KB): answered before routing.
  add(431, 'request_header_fields_too_large');
  add(500, 'internal_error');
  // The database or Redis did not answer within its bound (Retry-After).
  add(503, 'dependency_unavailable');
}

/** What mountRoutes (packages/api/src/platform/http.ts) adds by access kind and body kind. */
function apiPlatform(spec: RouteSpec, add: Add): void {
  if (spec.params || spec.query || spec.body) add(400, 'validation_failed');
  // Every route under a community looks it up first (an unknown or closed community is not found).
  if (spec.path.includes(':community_id')) add(404, 'community_not_found');
  if (spec.idempotent) add(400, 'idempotency_key_required');
  if (spec.body) {
    add(400, 'malformed_json', 'body_unreadable', 'body_not_utf8');
    add(413, 'payload_too_large');
    add(415, 'unsupported_media_type', 'unsupported_charset');
  }
  if (spec.upload) {
    add(400, 'body_unreadable', 'upload_empty');
    add(413, 'payload_too_large');
    add(415, 'unsupported_media_type');
  }
  const access = spec.access;
  if (access.kind === 'user') {
    add(401, 'auth_required', 'session_invalid');
    if (access.roles !== 'any') add(403, 'forbidden_role');
  } else if (access.kind === 'terminal' || access.kind === 'card') {
    add(401, 'terminal_auth_required', 'terminal_auth_invalid');
    if (access.kind === 'card') add(401, 'card_session_required', 'card_session_invalid');
  }
}

/** What mountOpen311 (packages/api/src/calls/open311-http.ts) adds: api_key on every route, form or JSON bodies. */
function open311Platform(spec: RouteSpec, add: Add): void {
  add(400, 'validation_failed', 'idempotency_key_invalid');
  // An api_key is optional on reads but checked whenever one is sent.
  add(403, 'api_key_invalid');
  if (spec.access.kind === 'partner') add(403, 'api_key_required');
  if (spec.body) {
    add(400, 'malformed_json', 'body_unreadable', 'body_not_utf8');
    add(413, 'payload_too_large');
    add(415, 'unsupported_media_type', 'unsupported_charset');
  }
}

/**
 * Every error a route can answer, by the status of the error the server raises (AppError): the platform's (by access,
 * body and idempotency) plus the route's declared `errors`. The OpenAPI document is generated from this, and the
 * server (APP_ENV=test) refuses to answer anything outside it.
 */
export function errorResponsesOf(spec: RouteSpec): ErrorCodes {
  const out: ErrorCodes = new Map();
  const add: Add = (status, ...codes) => {
    const list = out.get(status) ?? [];
    for (const c of codes) if (!list.includes(c)) list.push(c);
    out.set(status, list);
  };
  everyRoute(add);
  if (spec.errorFormat === 'open311') open311Platform(spec, add);
  else apiPlatform(spec, add);
  for (const [status, codes] of Object.entries(spec.errors ?? {})) add(Number(status), ...(codes as readonly string[]));
  return new Map([...out.entries()].sort(([a], [b]) => a - b));
}

const declaredOf = new WeakMap<RouteSpec, ErrorCodes>();

/** Is this error (status and code of the raised AppError) one the route declares? */
export function isDeclaredError(spec: RouteSpec, status: number, code: string): boolean {
  let codes = declaredOf.get(spec);
  if (!codes) declaredOf.set(spec, (codes = errorResponsesOf(spec)));
  return codes.get(status)?.includes(code) ?? false;
}

/**
 * The HTTP status a client sees for an error raised with `status` on this route: Open311 answers a missing or wrong
 * credential with 403 (our 401) and what cannot be done now with 400 (our 409), as its spec has it.
 */
export function answeredStatus(spec: Pick<RouteSpec, 'errorFormat'>, status: number): number {
  if (spec.errorFormat !== 'open311') return status;
  return status === 401 ? 403 : status === 409 ? 400 : status;
}
