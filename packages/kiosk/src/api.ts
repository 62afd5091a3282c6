import { ApiError, createClient, fetchTransport, type RouteInput, type RouteOutput, type RouteSpec } from '@cc/shared';
import { kioskConfig } from './config';
import { getCredentials } from './terminal';

// The kiosk is a browser, so the shared fetch transport is its transport.
const client = createClient({
  baseUrl: kioskConfig().apiBaseUrl,
  transport: fetchTransport((input, init) => window.fetch(input, init)),
  authorization: () => {
    const c = getCredentials();
    return c ? `Terminal ${c.id}:${c.secret}` : null;
  },
});

export function call<S extends RouteSpec>(route: S, input: RouteInput<S>): Promise<RouteOutput<S>> {
  return client.call(route, input);
}

/** What to show (and read aloud): the server's Chinese title, never a raw error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.problem.title;
  return '出了点问题，请稍后再试';
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
