import type { Problem } from './contract/common';
import type { RouteInput, RouteOutput, RouteSpec } from './contract/route';

/** One HTTP exchange; each front end supplies its own (fetch, Taro.request, …). */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** JSON text, or a file's bytes for an upload route. */
  body?: string | Uint8Array;
}
export interface TransportResponse {
  status: number;
  body: unknown;
}
export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** A failed call: the server's problem+json, or one made up here for network and contract failures. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
  get code(): string {
    return this.problem.code;
  }
}

export interface ClientOptions {
  baseUrl: string;
  transport: Transport;
  /** Session token or terminal credentials for the Authorization header. */
  authorization?: () => string | null;
}

export function buildUrl(baseUrl: string, route: RouteSpec, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
  const path = route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name} for ${route.id}`);
    return encodeURIComponent(String(value));
  });
  const search = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${baseUrl.replace(/\/$/, '')}${path}${search ? `?${search}` : ''}`;
}

/** Typed client: `client.call(routes.getMe, {})` returns a `Me`. Bodies are checked before sending, responses after. */
export function createClient(options: ClientOptions) {
  async function call<S extends RouteSpec>(route: S, input: RouteInput<S>): Promise<RouteOutput<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const auth = options.authorization?.();
    if (auth) headers.authorization = auth;
    if (input.idempotencyKey) headers['idempotency-key'] = input.idempotencyKey;
    let body: string | Uint8Array | undefined;
    if (route.body && input.body !== undefined) {
      body = JSON.stringify(route.body.parse(input.body));
      headers['content-type'] = 'application/json';
    }
    if (route.upload && input.file) {
      body = input.file.bytes;
      headers['content-type'] = input.file.content_type;
    }
    const url = buildUrl(options.baseUrl, route, input.params as Record<string, unknown>, input.query as Record<string, unknown>);
    let res: TransportResponse;
    try {
      res = await options.transport({ method: route.method, url, headers, body });
    } catch {
      throw new ApiError({ type: 'about:blank', title: '网络连接失败，请稍后再试', status: 0, code: 'network_error' });
    }
    if (res.status >= 200 && res.status < 300) {
      if (res.status === 204) return null as RouteOutput<S>;
      const parsed = route.response.safeParse(res.body);
      if (!parsed.success) {
        throw new ApiError({ type: 'about:blank', title: '服务返回的数据格式不对', status: 0, code: 'contract_mismatch' });
      }
      return parsed.data as RouteOutput<S>;
    }
    const problem = res.body as Partial<Problem> | null;
    throw new ApiError({
      type: problem?.type ?? 'about:blank',
      title: problem?.title ?? '服务暂时不可用，请稍后再试',
      status: res.status,
      code: problem?.code ?? 'http_error',
      detail: problem?.detail,
      errors: problem?.errors,
      request_id: problem?.request_id,
    });
  }
  return { call };
}
export type ApiClient = ReturnType<typeof createClient>;

/** Transport over the standard fetch (browsers, Node.js 18+). */
export function fetchTransport(fetchImpl: typeof fetch = fetch): Transport {
  return async (req) => {
    const res = await fetchImpl(req.url, { method: req.method, headers: req.headers, body: req.body as string | undefined });
    const text = await res.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    return { status: res.status, body };
  };
}
