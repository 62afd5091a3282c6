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
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user'; roles: readonly Role[] | 'any' }
  | { kind: 'terminal' };

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteSpec<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> {
  /** Stable operation id, also the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** Koa-style path, e.g. /api/v1/communities/:community_id */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Response body schema; `NoContent` for 204. */
  response: R;
  /** Success status: 200 unless said otherwise. */
  status?: 200 | 201 | 202 | 204;
  /** Requires an Idempotency-Key header (DESIGN §5). */
  idempotent?: boolean;
  /** Named stricter rate limit applied on top of the global one. */
  rateLimit?: 'login';
}

/** Declares a route; the identity function keeps the literal types for the typed client. */
export function defineRoute<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<P, Q, B, R>): RouteSpec<P, Q, B, R> {
  return spec;
}

/** Response schema of a 204 route. */
export const NoContent = z.null();

type InferOr<S, Fallback> = S extends z.ZodType ? z.input<S> : Fallback;

/** What a caller passes to a route (before defaults are applied by the server). */
export type RouteInput<S extends RouteSpec> = (S['params'] extends z.ZodType ? { params: InferOr<S['params'], never> } : { params?: undefined }) &
  (S['query'] extends z.ZodType ? { query?: InferOr<S['query'], never> } : { query?: undefined }) &
  (S['body'] extends z.ZodType ? { body: InferOr<S['body'], never> } : { body?: undefined }) & {
    idempotencyKey?: string;
  };

/** What a route returns. */
export type RouteOutput<S extends RouteSpec> = z.output<S['response']>;

/** Parsed input as the server handler receives it (defaults applied). */
export type RouteParsed<S extends RouteSpec> = {
  params: S['params'] extends z.ZodType ? z.output<S['params']> : Record<string, never>;
  query: S['query'] extends z.ZodType ? z.output<S['query']> : Record<string, never>;
  body: S['body'] extends z.ZodType ? z.output<S['body']> : undefined;
};

/** Path parameter names of a Koa-style path. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string);
}

/** Koa-style path to OpenAPI path template: /a/:id → /a/{id} */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}
