/** The shop browser suite's stack, H5 server, browser, demo data and page helpers. */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { DEMO_WALLETS, seedDemo } from '@cc/api';
import { routes, shanghaiDate, type ApiClient } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, type LaunchedBrowser } from './browser';
import { startStack, type Stack } from './stack';
import { pngFrom } from './images';

export let stack: Stack;
export let web: StaticServer;
export let browser: LaunchedBrowser;
export let seed: Awaited<ReturnType<typeof seedDemo>>;
export let store: ApiClient;

export const PHONE = { width: 375, height: 812 };
export const PIN: string = DEMO_WALLETS.find((w) => w.openid === 'demo-resident-1')!.pin;
// Tomorrow in Shanghai: its windows are never past their cut-off, whenever the test runs.
export const TOMORROW = shanghaiDate(new Date(Date.now() + 24 * 3600 * 1000));
export const TOMORROW_CHIP = `${Number(TOMORROW.slice(5, 7))}/${Number(TOMORROW.slice(8, 10))}`;
export const TOMORROW_PICKUP = `明天 ${Number(TOMORROW.slice(5, 7))}月${Number(TOMORROW.slice(8, 10))}日`;

/** A 96×96 PNG made here: a golden oil can on a pale tile, standing in for the seller's product photo. */
export function oilPhoto(): Buffer {
  return pngFrom(96, 96, (x, y) => {
    const can = x > 28 && x < 68 && y > 26 && y < 86;
    const cap = x > 42 && x < 54 && y > 14 && y <= 26;
    return can ? [222, 170, 38] : cap ? [30, 110, 70] : [244, 241, 232];
  });
}

export async function productId(sku: string): Promise<string> {
  const p = await stack.api.conn.collection('products').findOne({ sku });
  if (!p) throw new Error(`no product ${sku}`);
  return String(p._id);
}

/** Starts this suite's stack (one per test file) before its tests; stops it after. */
export function setupShopPages(): void {
  test.before(async () => {
    stack = await startStack();
    // With the demo's product photos, as a resident sees the shop (not the initials shown when a product has none).
    const { identity, wallet, catalog, uploads } = stack.api;
    seed = await seedDemo({ identity, wallet, catalog, uploads });
    web = await serveStatic({
      root: h5Build('miniapp'),
      port: 0,
      runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
    });
    browser = await launchBrowser({ viewport: PHONE, hasTouch: true });

    // Deliveries in 益乐社区 every day: a morning round with one seat, an evening round with plenty.
    const operator = (await stack.login('demo-operator-1')).client;
    for (const [start, end, capacity] of [
      ['09:00', '11:00', 1],
      ['18:00', '20:00', 50],
    ] as const) {
      await operator.call(routes.createSlotTemplate, {
        params: { community_id: seed.communities.wenxin },
        body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start, end, capacity, cutoff_minutes: 60 },
      });
    }
    // 刘德明 takes tomorrow morning's only seat, so the page has a full slot to show.
    const liu = (await stack.login('demo-resident-2')).client;
    const address = await liu.call(routes.addMyAddress, {
      body: { label: '家', recipient: '刘德明', phone: '13805710002', detail: '益乐新村 7 幢 1 单元 502 室' },
    });
    await liu.call(routes.setCartLine, { params: { product_id: await productId('BS-VEG-01') }, body: { quantity: 1 } });
    await liu.call(routes.checkout, {
      body: { delivery: { kind: 'slot', slot_key: `${TOMORROW}/09:00-11:00`, address_id: address.id } },
      idempotencyKey: `k-${randomUUID()}`,
    });

    // The store has a photo of its rapeseed oil.
    store = (await stack.login('demo-store-1')).client;
    const photo = await store.call(routes.createUpload, { file: { bytes: oilPhoto(), content_type: 'image/png' } });
    await store.call(routes.updateProduct, { params: { product_id: await productId('YL-OIL-01') }, body: { images: [photo.id] } });
  });

  test.after.always(async () => {
    await browser?.close();
    await web?.close();
    await stack?.stop();
  });
}

/** Taro keeps the pages below in the DOM (hidden): only what is on screen. */
export function onScreen(page: Page, selector: string) {
  return page.locator(`${selector}:visible`);
}

export async function sessionToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('cc.session_token'));
  if (!raw) throw new Error('not signed in');
  return (JSON.parse(raw) as { data: string }).data;
}

/** Nothing sticks out sideways at 375 px (the horizontal strips scroll inside themselves). After a screenshot, which waits for the page's slide-in. */
export async function fitsWidth(t: ExecutionContext, page: Page, what: string): Promise<void> {
  const { width, wide } = await page.evaluate((limit) => {
    // What sticks out, to say so when it does (the strips' own contents scroll and are left out).
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.checkVisibility() && e.getBoundingClientRect().right > limit + 0.5 && !e.closest('taro-scroll-view-core'))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)}`);
    return { width: document.documentElement.scrollWidth, wide };
  }, PHONE.width);
  t.true(width <= PHONE.width, `${what}: the page is ${width} px wide: ${wide.join('; ')}`);
}

/** Taps the digits on NutUI's number keyboard (it listens to touches only, like a phone). */
/** A signed-in page of 王秀英 (the session is kept in the browser's storage from the first test). */
export async function signedInPage(t: ExecutionContext): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  return { page, errors };
}

export async function tapPin(page: Page, digits: string): Promise<void> {
  for (const d of digits)
    await onScreen(page, '.nut-numberkeyboard .key')
      .filter({ hasText: new RegExp(`^${d}$`) })
      .tap();
}
