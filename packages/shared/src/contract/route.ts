import { z } from 'zod';

/** Every role a person can hold. Roles other than admin are scoped to one community or village. */
export const ROLES = ['resident', 'farmer', 'buyer', 'courier', 'provider', 'operator', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * Who may call a route.
 * - public: anyone.
 * - user: a signed-in person (session token); `roles: 'any'` means every signed-in person.
 *   Ownership and community scope are checked by the service, on the object.
 * - terminal: a registered kiosk terminal (terminal credentials).
 * - card: a person who tapped their citizen card and entered the PIN at a kiosk (terminal credentials plus the
 *   short-lived kiosk session, bound to that terminal).
 * - partner: a partner system with an `api_key` issued by an operator, scoped to one community (Open311 writes;
 *   the key travels as a form or query field, as Open311 clients send it). Only the Open311 routes use it.
 */
export type Access =
  { kind: 'public' } | { kind: 'user'; roles: readonly Role[] | 'any' } | { kind: 'terminal' } | { kind: 'card' } | { kind: 'partner' };

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** HTTP statuses an error of a route's own (its service) may carry. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429 | 500 | 502 | 503;
/**
 * The errors a route's handler can answer besides what the platform adds to every route (contract/responses.ts):
 * status → the stable problem codes. Statuses are the service's (AppError); a route of another error format (Open311)
 * may answer them under that protocol's status (`answeredStatus`). In APP_ENV=test the server refuses to answer an
 * error a route does not declare (500 `undeclared_response`), so the declaration stays true.
 */
export type RouteErrors = { readonly [S in ErrorStatus]?: readonly string[] };

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteSpec<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
  A extends Access = Access,
> {
  /** Stable operation id, also the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** Koa-style path, e.g. /api/v1/communities/:community_id */
  path: string;
  summary: string;
  tag: string;
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Response body schema; `NoContent` for 204. */
  response: R;
  /** Success status: 200 unless said otherwise. */
  status?: 200 | 201 | 202 | 204;
  /** Requires an Idempotency-Key header (DESIGN §5). */
  idempotent?: boolean;
  /**
   * A named rate limit per client address. `login`: a stricter one, on top of the global RATE_LIMIT_PER_MINUTE.
   * `wechatpay_notify`: signed server-to-server notifies, which come in rushes from a few WeChat addresses: their own
   * generous limit instead of the global one (the signature, not the address, is what authenticates them).
   */
  rateLimit?: 'login' | 'wechatpay_notify';
  /**
   * Routes of another protocol mounted outside /api/v1 (Open311 GeoReport v2): errors are that protocol's error
   * array `[{"code":400,"description":"…"}]` instead of problem+json.
   */
  errorFormat?: 'open311';
  /** Request body encodings besides JSON: `form` = application/x-www-form-urlencoded with `a[b]=…`, `a[b][]=…`. */
  bodyEncodings?: readonly ('json' | 'form')[];
  /**
   * The body is a file's raw bytes (not JSON), of one of these media types; the handler receives them as `upload`.
   * Its size bound is UPLOAD_MAX_BYTES, not the JSON body limit.
   */
  upload?: { contentTypes: readonly string[] };
  /** The errors its handler can answer (see RouteErrors); the platform's own are added by `errorResponsesOf`. */
  errors?: RouteErrors;
}

/** Declares a route; the identity function keeps the literal types for the typed client. */
export function defineRoute<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
  const A extends Access = Access,
>(spec: RouteSpec<P, Q, B, R, A>): RouteSpec<P, Q, B, R, A> {
  return spec;
}

/** Response schema of a 204 route. */
export const NoContent = z.null();

type Part<T> = Exclude<T, undefined>;
type Has<T> = [Part<T>] extends [never] ? false : true;
type In<T> = Part<T> extends z.ZodType ? z.input<Part<T>> : never;
type Out<T> = Part<T> extends z.ZodType ? z.output<Part<T>> : never;

/** What a caller passes to a route (before defaults are applied by the server). */
export type RouteInput<S extends RouteSpec> = (Has<S['params']> extends true ? { params: In<S['params']> } : { params?: undefined }) &
  (Has<S['query']> extends true ? { query?: In<S['query']> } : { query?: undefined }) &
  (Has<S['body']> extends true
    ? undefined extends In<S['body']>
      ? { body?: In<S['body']> }
      : { body: In<S['body']> }
    : { body?: undefined }) & {
    idempotencyKey?: string;
    /** The file of an upload route. */
    file?: { bytes: Uint8Array; content_type: string };
  };

/** What a route returns. */
export type RouteOutput<S extends RouteSpec> = z.output<S['response']>;

/** Parsed path parameters, query and body of a route, as the server handler receives them (defaults applied). */
export type ParamsOf<S extends RouteSpec> = Has<S['params']> extends true ? Out<S['params']> : Record<string, never>;
export type QueryOf<S extends RouteSpec> = Has<S['query']> extends true ? Out<S['query']> : Record<string, never>;
export type BodyOf<S extends RouteSpec> = Has<S['body']> extends true ? Out<S['body']> : undefined;
export type RouteParsed<S extends RouteSpec> = { params: ParamsOf<S>; query: QueryOf<S>; body: BodyOf<S> };

/** Path parameter names of a Koa-style path. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string);
}

/** Koa-style path to OpenAPI path template: /a/:id → /a/{id} */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}
