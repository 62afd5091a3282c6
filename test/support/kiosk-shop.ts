/**
 * 买菜 at the kiosk (test/api/kiosk-shop.test.ts, test/e2e/kiosk-shop.test.ts), on the orders stack: a kiosk at a
 * station of 益乐社区, and a resident with a citizen card, ¥300 on it, an address and two orders bought and paid in
 * the mini-program — 牙膏 ×2 + 豆腐 ×3 (¥36.30, PIN-free) and 菜籽油 ×1 (¥89.90, above the ¥50 PIN-free limit).
 */
import type { ExecutionContext } from 'ava';
import type { Request } from 'playwright-core';
import { createClient, fetchTransport, routes, type ApiClient } from '@cc/shared';
import type { StaticServer } from '@cc/tools/serve-static';
import { launchKioskBrowser, type LaunchedBrowser } from './browser';
import { key, productBySku, seed, slot, stack } from './orders-stack';
import { cardHolder, cardNumbers } from './wallet-people';

let made: { id: string; secret: string } | undefined;

/** Once per stack: a kiosk at a station of 益乐社区. */
export async function shopKiosk(): Promise<{ id: string; secret: string }> {
  if (made) return made;
  const admin = (await stack.login('demo-admin-1')).client;
  const stations = await stack.api.identity.places.listStations(seed.communities.wenxin, { limit: 100 });
  const creds = await admin.call(routes.registerKiosk, {
    params: { community_id: seed.communities.wenxin },
    body: { name: '益乐社区买菜机', station_id: stations.items[0]!.id },
  });
  made = { id: creds.kiosk.id, secret: creds.terminal_secret };
  return made;
}

/** A resident of 益乐社区 with a card and two paid orders (above); each file gives its own card-number base. */
export async function shopper(nextCard: ReturnType<typeof cardNumbers>) {
  const card_number = nextCard();
  const holder = await cardHolder(stack, { community_id: seed.communities.wenxin, card_number, balance_fen: 30_000 });
  const address = await holder.client.call(routes.addMyAddress, {
    body: { label: '家', recipient: '测试居民', phone: '13900001234', detail: '益乐新村 9 幢 101' },
  });
  const buy = async (lines: { sku: string; quantity: number }[], pin?: string) => {
    for (const l of lines)
      await holder.client.call(routes.setCartLine, {
        params: { product_id: (await productBySku(l.sku)).id },
        body: { quantity: l.quantity },
      });
    const placed = await holder.client.call(routes.checkout, { body: { delivery: slot(address.id) }, idempotencyKey: key() });
    const paid = await holder.client.call(routes.payCheckout, {
      params: { checkout_id: placed.checkout_id },
      body: { method: 'wallet', ...(pin ? { pin } : {}) },
      idempotencyKey: key(),
    });
    return paid.orders[0]!;
  };
  const small = await buy([
    { sku: 'YL-DAI-03', quantity: 2 },
    { sku: 'YL-TOF-01', quantity: 3 },
  ]);
  const big = await buy([{ sku: 'YL-OIL-01', quantity: 1 }], holder.pin);
  return { ...holder, card_number, address_id: address.id, small, big };
}

const count = (collection: string, filter: Record<string, unknown> = {}) => stack.api.conn.collection(collection).countDocuments(filter);

/** Posted wallet payments of a checkout (the ledger's own record). */
export const paymentsOf = (checkout_id: string) =>
  count('ledger_transfers', { reference_id: checkout_id, kind: 'payment', status: 'posted' });

/** Orders of a person that are not cancelled. */
export const liveOrdersOf = (user_id: string) => count('orders', { buyer_id: user_id, status: { $ne: 'cancelled' } });

/** A kiosk client of any stack signed in with a card (terminal credentials plus the card session). */
export async function kioskCardClient(
  apiUrl: string,
  kiosk: { id: string; secret: string },
  card: { card_number: string; pin: string },
): Promise<ApiClient> {
  const authorization = () => `Terminal ${kiosk.id}:${kiosk.secret}`;
  const terminal = createClient({ baseUrl: apiUrl, transport: fetchTransport(), authorization });
  const { token } = await terminal.call(routes.kioskCardLogin, { body: { card_number: card.card_number, pin: card.pin } });
  const base = fetchTransport();
  return createClient({
    baseUrl: apiUrl,
    authorization,
    transport: (req) => base({ ...req, headers: { ...req.headers, 'x-kiosk-session': token } }),
  });
}

export const PAY_PATH = /\/api\/v1\/kiosk\/shop\/checkouts\/[^/]+\/pay$/;

/**
 * A terminal (portrait) at the shop kiosk served by `web`, on its home screen; every pay request's Idempotency-Key is
 * recorded in `payKeys`, page errors in `errors`. The browser joins `browsers` (closed by the suite).
 */
export async function openShopKiosk(t: ExecutionContext, web: StaticServer, browsers: LaunchedBrowser[]) {
  const kiosk = await shopKiosk();
  const browser = await launchKioskBrowser();
  browsers.push(browser);
  const page = await browser.newPage();
  const errors: string[] = [];
  const payKeys: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r: Request) => {
    if (r.method() === 'POST' && PAY_PATH.test(new URL(r.url()).pathname)) payKeys.push(r.headers()['idempotency-key'] ?? '');
  });
  if (process.env.DEBUG_KS)
    page.on('response', (r) => {
      if (r.url().includes('/kiosk/')) void r.text().then((b) => console.log(r.status(), r.url(), b.slice(0, 300)));
    });
  t.teardown(() => page.close());
  await page.goto(`${web.url}/?terminal_id=${encodeURIComponent(kiosk.id)}&terminal_secret=${encodeURIComponent(kiosk.secret)}`);
  await page.locator('[data-testid="tile-shop"]:visible').waitFor();
  return { browser, page, errors, payKeys };
}
