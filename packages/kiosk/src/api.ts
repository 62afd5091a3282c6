import {
  ApiError,
  problemWords,
  createClient,
  fetchTransport,
  routes,
  type RouteInput,
  type RouteOutput,
  type RouteSpec,
} from '@cc/shared';
import { kioskConfig } from './config';
import { goSetup } from './nav';
import { cardSession, setCardSession } from './session';
import { getCredentials } from './terminal';

// The kiosk is a browser, so the shared fetch transport is its transport.
const transport = fetchTransport((input, init) => window.fetch(input, init));
const terminalAuthorization = () => {
  const c = getCredentials();
  return c ? `Terminal ${c.id}:${c.secret}` : null;
};

const client = createClient({ baseUrl: kioskConfig().apiBaseUrl, transport, authorization: terminalAuthorization });

/** Routes for the person at the terminal (access 'card') also carry their kiosk session. */
function cardClientWith(token: () => string | null) {
  return createClient({
    baseUrl: kioskConfig().apiBaseUrl,
    authorization: terminalAuthorization,
    transport: (req) => {
      const t = token();
      return transport(t ? { ...req, headers: { ...req.headers, 'x-kiosk-session': t } } : req);
    },
  });
}
const cardClient = cardClientWith(() => cardSession()?.token ?? null);

export function call<S extends RouteSpec>(route: S, input: RouteInput<S>): Promise<RouteOutput<S>> {
  return (route.access.kind === 'card' ? cardClient : client).call(route, input);
}

/** What to show (and read aloud): the server's Chinese title, never a raw error. */
/** What went wrong, in the plain words every page uses (packages/shared problem-words). */
export function errorMessage(error: unknown): string {
  return problemWords(error);
}

export function errorCode(error: unknown): string | null {
  return error instanceof ApiError ? error.code : null;
}

/** The terminal's own credentials were refused: it needs setting up again. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code.startsWith('terminal_auth');
}

/** The person's kiosk session is over (timed out, ended, or the card was frozen meanwhile). */
export function isCardSessionOver(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code.startsWith('card_session');
}

/**
 * A signed-in screen's request failed: the terminal refused → set up again; otherwise the words to show and whether
 * the card session is over (then forgotten here, so the next screen asks for the card).
 */
export function screenFailure(error: unknown): { kind: 'error'; message: string; sessionOver: boolean } {
  if (isUnauthorized(error)) goSetup('invalid');
  const sessionOver = isCardSessionOver(error);
  if (sessionOver) setCardSession(null);
  return { kind: 'error', message: errorMessage(error), sessionOver };
}

/**
 * Ends the person's kiosk session (退出, idle timeout, another card): forgotten here at once, then the
 * server is told; if that fails, the session still expires there by itself.
 */
export async function endCardSession(): Promise<void> {
  const s = cardSession();
  if (!s) return;
  setCardSession(null);
  try {
    await cardClientWith(() => s.token).call(routes.kioskLogout, { body: {} });
  } catch {
    // Already over on the server, or unreachable: it expires there by itself.
  }
}
