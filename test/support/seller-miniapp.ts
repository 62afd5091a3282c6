/** The seller browser suites' stack, H5 server, buyer and helpers (one stack per test file). */

import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { seedDemo } from '@cc/api';
import { routes, shanghaiDate, type ApiClient, type Order, type OrderStatus } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, type LaunchedBrowser } from './browser';
import { startStack, type Stack } from './stack';

export let stack: Stack;
export let web: StaticServer;
export let seed: Awaited<ReturnType<typeof seedDemo>>;
export const browsers: LaunchedBrowser[] = [];
export let liu: { client: ApiClient; user_id: string };
export let liuAddress: string;
export let store: ApiClient;

export const PHONE = { width: 375, height: 812 };
// Tomorrow in Shanghai: its windows are never past their cut-off, whenever the test runs.
export const TOMORROW = shanghaiDate(new Date(Date.now() + 24 * 3600 * 1000));

/** Starts this suite's stack (one per test file) before its tests; stops it after. */
export function setupSellerPages(): void {
  test.before(async () => {
    stack = await startStack();
    // With the demo's product photos (uploaded through the uploads module), as the start command shows them.
    seed = await seedDemo({
      identity: stack.api.identity,
      wallet: stack.api.wallet,
      catalog: stack.api.catalog,
      uploads: stack.api.uploads,
    });
    web = await serveStatic({
      root: h5Build('miniapp'),
      port: 0,
      runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
    });
    // Deliveries in 益乐社区 every evening.
    const operator = (await stack.login('demo-operator-1')).client;
    await operator.call(routes.createSlotTemplate, {
      params: { community_id: seed.communities.wenxin },
      body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '20:00', capacity: 50, cutoff_minutes: 60 },
    });
    liu = await stack.login('demo-resident-2');
    liuAddress = (
      await liu.client.call(routes.addMyAddress, {
        body: { label: '家', recipient: '刘德明', phone: '13805710002', detail: '益乐新村 7 幢 1 单元 502 室' },
      })
    ).id;
    store = (await stack.login('demo-store-1')).client;
  });

  test.after.always(async () => {
    for (const b of browsers) await b.close();
    await web?.close();
    await stack?.stop();
  });
}

export async function productId(sku: string): Promise<string> {
  const p = await stack.api.conn.collection('products').findOne({ sku });
  if (!p) throw new Error(`no product ${sku}`);
  return String(p._id);
}

/** 刘德明 buys from 益乐惠民超市 through the API, delivered tomorrow evening, and pays from his wallet (no PIN under ¥50). */
export async function paidOrder(lines: [sku: string, quantity: number][]): Promise<Order> {
  await liu.client.call(routes.clearCart, {});
  for (const [sku, quantity] of lines)
    await liu.client.call(routes.setCartLine, { params: { product_id: await productId(sku) }, body: { quantity } });
  const placed = await liu.client.call(routes.checkout, {
    body: { delivery: { kind: 'slot', slot_key: `${TOMORROW}/18:00-20:00`, address_id: liuAddress } },
    idempotencyKey: `k-${randomUUID()}`,
  });
  const paid = await liu.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet' },
    idempotencyKey: `k-${randomUUID()}`,
  });
  const order = paid.orders[0]!;
  if (order.status !== 'paid' || order.merchant_id !== seed.merchants['demo-store-1']) throw new Error(`unexpected order ${order.status}`);
  return order;
}

/** Each person in their own browser (own storage, own session). Page errors fail the test. */
export async function signedIn(t: ExecutionContext, account: string, greeting: string): Promise<{ page: Page; errors: string[] }> {
  const browser = await launchBrowser({ viewport: PHONE });
  browsers.push(browser);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(web.url);
  await page.waitForURL(/\/pages\/login\/index/);
  await page.locator('.login__account').filter({ hasText: account }).click();
  await page.getByText(greeting).waitFor();
  return { page, errors };
}

/** Taro keeps the pages below in the DOM (hidden): only what is on screen. */
export function onScreen(page: Page, selector: string) {
  return page.locator(`${selector}:visible`);
}

/** An element of the visible page by its test id. */
export function tid(page: Page, id: string) {
  return onScreen(page, `[data-testid="${id}"]`);
}

/** The order's readable number is what the page shows, and no internal id (ord_…) is on screen. */
export async function showsNumber(t: ExecutionContext, page: Page, order: { id: string; number: string }): Promise<void> {
  const shown = await tid(page, 'order-number').first().textContent();
  t.is(shown, `订单 ${order.number}`, 'the readable number of the API');
  const text = await page.evaluate(() => document.body.innerText);
  t.false(/ord_/.test(text), 'no internal order id on screen');
}

/** Nothing sticks out sideways at 375 px. */
export async function fitsWidth(t: ExecutionContext, page: Page, what: string): Promise<void> {
  // A page that just opened may still slide in (Taro's page transition): measured mid-slide it looks too wide.
  // Endless animations (a spinner) are not waited for.
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { timeout: 5000 },
  );
  const { width, wide } = await page.evaluate((limit) => {
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.checkVisibility() && e.getBoundingClientRect().right > limit + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)}`);
    return { width: document.documentElement.scrollWidth, wide };
  }, PHONE.width);
  t.true(width <= PHONE.width, `${what}: the page is ${width} px wide: ${wide.join('; ')}`);
}

export async function statusOf(order_id: string): Promise<OrderStatus> {
  return (await store.call(routes.getOrder, { params: { order_id } })).status;
}

/** The seller's home → 订单 → the order in the given tab → its page. */
export async function openSellerOrder(page: Page, order_id: string, tab: string): Promise<void> {
  await tid(page, 'seller-entry-orders').click();
  await page.waitForURL(/\/seller\/orders\/index/);
  await onScreen(page, `.cc-tab[data-tab="${tab}"]`).click();
  await onScreen(page, `[data-testid="seller-order-row"][data-order="${order_id}"]`).click();
  await page.waitForURL(/\/seller\/order\/index/);
  await tid(page, 'seller-order').waitFor();
}
