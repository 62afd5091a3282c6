import { isDeclaredError, type Access, type RouteOutput, type RouteParsed, type RouteSpec } from '@cc/shared';
import type Router from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import type { z } from 'zod';
import type { ActorFor, CardActor, TerminalActor, UserActor } from './actor';
import { AppError, badRequest, forbidden, unauthorized } from './problem';

export type HandlerInput<S extends RouteSpec> = RouteParsed<S> & {
  actor: ActorFor<S['access']>;
  idempotencyKey: string | undefined;
  requestId: string;
  /** The body exactly as received (signed webhooks verify it); undefined without a body. */
  rawBody: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** The file of an upload route (RouteSpec.upload): its bytes and declared media type. */
  upload: { bytes: Buffer; content_type: string } | undefined;
};
export type Handler<S extends RouteSpec> = (input: HandlerInput<S>) => Promise<RouteOutput<S>>;
/** One handler per route of a module's route table. */
export type Handlers<T extends Record<string, RouteSpec>> = { [K in keyof T]: Handler<T[K]> };

/** How credentials become actors; implemented by the identity module. */
export interface Authenticator {
  user(token: string): Promise<UserActor | null>;
  terminal(kiosk_id: string, secret: string): Promise<TerminalActor | null>;
  /** A kiosk card session, valid only on the terminal that opened it. */
  card(terminal: TerminalActor, session_token: string): Promise<CardActor | null>;
}

export interface MountDeps {
  auth: Authenticator;
  bodyLimitBytes: number;
  /** Size bound of an upload route's file. */
  uploadLimitBytes: number;
  /** Named extra limits (e.g. login), keyed by client address. */
  consumeLimit(name: NonNullable<RouteSpec['rateLimit']>, key: string): Promise<void>;
  /** APP_ENV=test: an error a route does not declare (RouteSpec.errors) is answered as 500 `undeclared_response`. */
  checkDeclaredErrors: boolean;
}

/**
 * Keeps the contract true (APP_ENV=test): an AppError the route does not declare becomes a 500 naming the route, so
 * every test that provokes it fails until the contract entry says so. Other errors (a dependency away, a bug) are
 * mapped by the error middleware as usual.
 */
export function undeclaredAsBug(spec: RouteSpec, err: unknown, log: { error(o: object, m: string): void } | undefined): unknown {
  if (!(err instanceof AppError) || isDeclaredError(spec, err.status, err.code)) return err;
  (log ?? console).error({ route: spec.id, status: err.status, code: err.code }, 'undeclared error response');
  return new AppError(500, 'undeclared_response', '服务内部错误，请稍后再试', {
    detail: `${spec.id} answered ${err.status} ${err.code}, which its contract entry does not declare`,
  });
}

/** For 204 routes: run the service call, answer with no body. */
export async function noContent(work: Promise<unknown>): Promise<null> {
  await work;
  return null;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Registers each route of the table with its handler: auth, role, input validation, output shaping. Routes stay thin. */
export function mountRoutes<T extends Record<string, RouteSpec>>(router: Router, table: T, handlers: Handlers<T>, deps: MountDeps): void {
  for (const key of Object.keys(table) as (keyof T & string)[]) {
    const spec = table[key] as RouteSpec;
    const handler = handlers[key] as unknown as Handler<RouteSpec>;
    const method = spec.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    router[method](spec.id, spec.path, async (ctx: Context) => {
      try {
        await serve(ctx, spec, handler, deps);
      } catch (err) {
        throw deps.checkDeclaredErrors ? undeclaredAsBug(spec, err, ctx.state.log) : err;
      }
    });
  }
}

async function serve(ctx: Context, spec: RouteSpec, handler: Handler<RouteSpec>, deps: MountDeps): Promise<void> {
  ctx.state.routeId = spec.id;
  ctx.state.routePath = spec.path;
  if (spec.rateLimit) await deps.consumeLimit(spec.rateLimit, ctx.ip);
  const actor = await authenticate(ctx, spec.access, deps.auth);
  const idempotencyKey = ctx.get('idempotency-key') || undefined;
  if (spec.idempotent && (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey))) {
    throw badRequest('idempotency_key_required', '缺少或无效的 Idempotency-Key 请求头（8–128 位字母、数字或 _.:-）');
  }
  const body = spec.body ? await readJsonBody(ctx, deps.bodyLimitBytes) : undefined;
  // All three parts are checked before answering, so one 400 names every problem at once.
  const issues: FieldIssue[] = [];
  const params = parsePart(spec.params, ctx.params, 'params', issues);
  const query = parsePart(spec.query, ctx.query, 'query', issues);
  const parsedBody = spec.body ? parsePart(spec.body, body?.json, 'body', issues) : undefined;
  if (issues.length > 0) throw badRequest('validation_failed', '请求参数有误', issues);
  // A file is read only once the path and query are known to be good: no point taking megabytes for a bad id.
  const upload = spec.upload ? await readUpload(ctx, spec.upload.contentTypes, deps.uploadLimitBytes) : undefined;
  const input = {
    params,
    query,
    body: parsedBody,
    actor,
    idempotencyKey,
    requestId: ctx.state.requestId as string,
    rawBody: body?.text,
    headers: ctx.headers,
    upload,
  } as HandlerInput<RouteSpec>;
  const output = await handler(input);
  ctx.status = spec.status ?? 200;
  // The response schema also strips any field a service did not mean to expose.
  if (ctx.status !== 204) ctx.body = spec.response.parse(output);
}

async function authenticate(ctx: Context, access: Access, auth: Authenticator) {
  if (access.kind === 'public') return { kind: 'anonymous' as const };
  // Partner (api_key) routes speak another protocol and are mounted by their module (calls/open311-http.ts).
  if (access.kind === 'partner') throw new Error('partner routes are not mounted by mountRoutes');
  const header = ctx.get('authorization');
  if (access.kind === 'terminal' || access.kind === 'card') {
    const m = /^Terminal (ksk_[0-9A-Z]{26}):([A-Za-z0-9_-]{20,100})$/.exec(header);
    if (!m) throw unauthorized('terminal_auth_required', '终端未登记或凭证缺失');
    const terminal = await auth.terminal(m[1] as string, m[2] as string);
    if (!terminal) throw unauthorized('terminal_auth_invalid', '终端凭证无效');
    if (access.kind === 'terminal') return terminal;
    const session = /^[A-Za-z0-9_-]{20,100}$/.exec(ctx.get('x-kiosk-session'));
    if (!session) throw unauthorized('card_session_required', '请先刷卡登录');
    const card: CardActor | null = await auth.card(terminal, session[0]);
    if (!card) throw unauthorized('card_session_invalid', '登录已超时，请重新刷卡');
    return card;
  }
  const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
  if (!m) throw unauthorized('auth_required', '请先登录');
  const user = await auth.user(m[1] as string);
  if (!user) throw unauthorized('session_invalid', '登录已过期，请重新登录');
  // Admins pass every role gate; community scope is still checked by the service on the object.
  if (access.roles !== 'any' && !user.roles.some((g) => g.role === 'admin' || (access.roles as readonly string[]).includes(g.role))) {
    throw forbidden('forbidden_role', '您没有权限进行此操作');
  }
  return user;
}

export type FieldIssue = { path: string; message: string; code: string };

/**
 * Parses one part of a request, collecting its field errors. A custom check's stable code (humanText's `params.code`,
 * e.g. text_bidi_control) is the field error's code; otherwise zod's own (too_small, invalid_type …).
 */
export function parsePart(schema: z.ZodType | undefined, value: unknown, where: string, issues: FieldIssue[]): unknown {
  if (!schema) return {};
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const i of parsed.error.issues) {
    const own = i.code === 'custom' ? (i.params as { code?: unknown } | undefined)?.code : undefined;
    issues.push({ path: [where, ...i.path.map(String)].join('.'), message: i.message, code: typeof own === 'string' ? own : i.code });
  }
  return undefined;
}

/** Reads an upload route's file: one of the declared media types, within the size bound, not empty. */
async function readUpload(
  ctx: Context,
  contentTypes: readonly string[],
  limitBytes: number,
): Promise<{ bytes: Buffer; content_type: string }> {
  const content_type = (ctx.get('content-type').split(';')[0] ?? '').trim().toLowerCase();
  if (!contentTypes.includes(content_type)) {
    throw new AppError(415, 'unsupported_media_type', `文件类型须为 ${contentTypes.join('、')}`);
  }
  let bytes: Buffer;
  try {
    bytes = await getRawBody(ctx.req, { limit: limitBytes, length: ctx.request.length });
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') {
      throw new AppError(413, 'payload_too_large', `文件过大（上限 ${Math.floor(limitBytes / 1024)} KB）`);
    }
    throw badRequest('body_unreadable', '请求体读取失败');
  }
  if (bytes.length === 0) throw badRequest('upload_empty', '文件是空的');
  return { bytes, content_type };
}

/** Reads a JSON body within the size limit. No body → undefined; the schema decides whether that is allowed. */
async function readJsonBody(ctx: Context, limitBytes: number): Promise<{ text: string; json: unknown } | undefined> {
  const length = ctx.request.length;
  const chunked = ctx.get('transfer-encoding') !== '';
  if (!length && !chunked) return undefined;
  if (!ctx.request.is('application/json', '+json')) {
    throw new AppError(415, 'unsupported_media_type', '请求体须为 JSON（Content-Type: application/json）');
  }
  const text = await readUtf8Body(ctx, limitBytes);
  try {
    return { text, json: JSON.parse(text) };
  } catch {
    throw badRequest('malformed_json', '请求体不是合法的 JSON');
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A text body as UTF-8, within the size limit. A charset other than UTF-8 is refused (415), and so are bytes that are
 * not valid UTF-8 (400): silently replacing them would store something the client did not send.
 */
export async function readUtf8Body(ctx: Context, limitBytes: number): Promise<string> {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(ctx.get('content-type'))?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppError(415, 'unsupported_charset', '请求体须为 UTF-8 编码（charset=utf-8）');
  }
  let bytes: Buffer;
  try {
    bytes = await getRawBody(ctx.req, { limit: limitBytes, length: ctx.request.length });
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') {
      throw new AppError(413, 'payload_too_large', `请求体过大（上限 ${limitBytes} 字节）`);
    }
    throw badRequest('body_unreadable', '请求体读取失败');
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    throw badRequest('body_not_utf8', '请求体不是合法的 UTF-8 文本');
  }
}

/**
 * Node's HTTP parser refuses a request line or headers beyond maxHeaderSize (16 KB: a very long URL) before any
 * middleware runs, and by default answers 431 with no body. This answers it like every other error: problem+json,
 * or Open311's error array under /open311/ (the start of the request line, when the parser kept it, says which).
 */
export function answerClientError(err: Error & { code?: string; rawPacket?: unknown }, socket: import('node:stream').Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout']
        : [400, 'Bad Request'];
  const head = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.subarray(0, 64).toString('latin1') : '';
  const open311 = /^[A-Z]+ \/open311\//.test(head);
  const code = status === 431 ? 'request_header_fields_too_large' : status === 408 ? 'request_timeout' : 'bad_request';
  const title = status === 431 ? '请求地址或请求头过长（上限 16 KB）' : status === 408 ? '请求超时' : '请求有误';
  const body = JSON.stringify(open311 ? [{ code: status, description: title }] : { type: `/api/problems/${code}`, title, status, code });
  const type = open311 ? 'application/json' : 'application/problem+json';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
