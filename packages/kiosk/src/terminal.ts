import { KioskContext, KioskId, type RouteOutput, type routes } from '@cc/shared';

/**
 * The terminal's own credentials (from routes.registerKiosk), entered once by an operator.
 * Kept in localStorage: the kiosk is a dedicated device, and the secret only identifies the
 * terminal, not a person.
 */
const ID_KEY = 'cc.kiosk.terminal_id';
const SECRET_KEY = 'cc.kiosk.terminal_secret';
const CONTEXT_KEY = 'cc.kiosk.context';

export interface TerminalCredentials {
  id: string;
  secret: string;
}

export function isValidTerminalId(id: string): boolean {
  return KioskId.safeParse(id).success;
}

export function getCredentials(): TerminalCredentials | null {
  const id = localStorage.getItem(ID_KEY);
  const secret = localStorage.getItem(SECRET_KEY);
  return id && secret ? { id, secret } : null;
}

export function saveCredentials(c: TerminalCredentials): void {
  localStorage.setItem(ID_KEY, c.id);
  localStorage.setItem(SECRET_KEY, c.secret);
}

export function clearCredentials(): void {
  localStorage.removeItem(ID_KEY);
  localStorage.removeItem(SECRET_KEY);
  localStorage.removeItem(CONTEXT_KEY);
}

/**
 * Provisioning link: `?terminal_id=ksk_…&terminal_secret=…`. Stores them and takes them out of
 * the address bar (and the history entry) so the secret is not left on screen.
 */
export function captureCredentialsFromUrl(): boolean {
  const url = new URL(window.location.href);
  const id = url.searchParams.get('terminal_id')?.trim();
  const secret = url.searchParams.get('terminal_secret')?.trim();
  if (!id && !secret) return false;
  url.searchParams.delete('terminal_id');
  url.searchParams.delete('terminal_secret');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  if (!id || !secret || !isValidTerminalId(id)) return false;
  saveCredentials({ id, secret });
  return true;
}

export type KioskContextData = RouteOutput<typeof routes.kioskContext>;

/** Last context seen (welcome screen, heartbeat), so other screens can show the hotline without a call. */
export function cachedContext(): KioskContextData | null {
  try {
    const raw = localStorage.getItem(CONTEXT_KEY);
    if (!raw) return null;
    const parsed = KioskContext.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function cacheContext(ctx: KioskContextData): void {
  localStorage.setItem(CONTEXT_KEY, JSON.stringify(ctx));
}
