/**
 * A village trip collected at the kiosk by card tap (issue 13 §8), in Chromium against the real API: two of 陈建国's
 * orders ride one trip to 径山村村级服务站; a courier claims the trip whole, picks both up with the seller's code and
 * leaves them at the station with a photo; at the station's kiosk 陈建国 presses 取件, taps his card, enters his PIN,
 * sees his parcels (big order numbers, seller, items) and collects them with 确认取件 — written and spoken — one in
 * each orientation; each screen fits without scrolling and passes axe. The order is delivered.
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { checkScreen } from '../support/axe';
import { h5Build, KIOSK_LANDSCAPE, KIOSK_PORTRAIT, launchKioskBrowser, measureElderMode, type LaunchedBrowser } from '../support/browser';
import { courier } from '../support/delivery';
import { key, seed, stack, useOrdersStack } from '../support/orders-stack';
import { until } from '../support/outcome';
import { CHEN, photoBy, village, villageOrder, type Village } from '../support/village';

useOrdersStack({ env: { ORDER_AUTO_CONFIRM_SECONDS: '3600' } });

let web: StaticServer;
let v: Village;
let made: Awaited<ReturnType<typeof villageOrder>>[];
const browsers: LaunchedBrowser[] = [];
const collected = new Set<string>();

let ready: Promise<void> | undefined;
/** Once, inside the first test (the orders stack's own before hook has run by then). */
const setUp = () => (ready ??= prepare());

async function prepare(): Promise<void> {
  web = await serveStatic({ root: h5Build('kiosk'), port: 0, runtimeConfig: { apiBaseUrl: stack.apiUrl } });
  v = await village();
  made = [await villageOrder(), await villageOrder()];
  // The courier's side through the API: the trip claimed whole, picked up, left at the station with a photo.
  const zhao = await courier(seed.communities.jingshan);
  const trip_id = made[0]!.task.trip_id!;
  await zhao.client.call(routes.claimDeliveryTrip, { params: { trip_id }, body: {}, idempotencyKey: key() });
  for (const m of made) await zhao.client.call(routes.pickUpDeliveryTask, { params: { task_id: m.task.id }, body: { code: m.pickupCode } });
  const photo_upload_id = await photoBy(zhao.client);
  await zhao.client.call(routes.dropDeliveryTripAtStation, { params: { trip_id }, body: { photo_upload_id } });
}

test.after.always(async () => {
  for (const b of browsers) await b.close();
  await web?.close();
});

const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]:visible`);
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);

async function openKiosk(t: ExecutionContext, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const browser = await launchKioskBrowser(viewport);
  browsers.push(browser);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(`${web.url}/?terminal_id=${encodeURIComponent(v.kiosk.id)}&terminal_secret=${encodeURIComponent(v.kiosk.secret)}`);
  await byTestId(page, 'community-name').getByText('径山镇径山村').waitFor();
  return { page, errors };
}

/** Nothing scrolls, the named controls are inside the screen, text ≥ 24 px; then axe and the screenshot. */
async function fitsAndPasses(t: ExecutionContext, page: Page, name: string, controls: string[]): Promise<void> {
  const overflow = await page.evaluate(() => {
    const scrolling = Array.from(document.querySelectorAll('body, body *')).filter((el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && /(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    });
    return { boxes: scrolling.length, document: document.scrollingElement!.scrollHeight > window.innerHeight + 1 };
  });
  t.deepEqual(overflow, { boxes: 0, document: false }, `${name}: nothing scrolls`);
  const viewport = page.viewportSize()!;
  for (const sel of controls) {
    const box = await page.locator(sel).first().boundingBox();
    t.truthy(box, `${name}: ${sel} is shown`);
    if (box) t.true(box.y >= 0 && box.y + box.height <= viewport.height + 0.5, `${name}: ${sel} inside the screen`);
  }
  const { texts } = await measureElderMode(page);
  t.deepEqual(
    texts.filter((x) => x.fontPx < 24),
    [],
    `${name}: text ≥ 24 px`,
  );
  await checkScreen(t, page, name);
}

/** 取件 on the home screen → card → PIN → the parcels. */
async function signInForPickup(t: ExecutionContext, page: Page, orientation: string): Promise<void> {
  await fitsAndPasses(t, page, `kiosk-pickup-${orientation}-1-home`, ['[data-testid="tile-pickup"]:visible']);
  await byTestId(page, 'tile-pickup').click();
  await byTestId(page, 'login-for-pickup').waitFor();
  await fitsAndPasses(t, page, `kiosk-pickup-${orientation}-2-card`, []);
  await page.keyboard.type(CHEN.card_number);
  await page.keyboard.press('Enter');
  await byTestId(page, 'card-read').waitFor();
  for (const d of CHEN.pin) await page.locator(`.pin-key[data-key="${d}"]:visible`).click();
  await page.locator('.pin-key[data-key="confirm"]:visible').click();
}

const ORIENTATIONS = [
  ['portrait', KIOSK_PORTRAIT],
  ['landscape', KIOSK_LANDSCAPE],
] as const;

for (const [orientation, viewport] of ORIENTATIONS) {
  test.serial(`${orientation}: 取件 by card tap shows his parcels and collects one, written and spoken`, async (t) => {
    await setUp();
    const { page, errors } = await openKiosk(t, viewport);
    await signInForPickup(t, page, orientation);
    const waiting = made.filter((m) => !collected.has(m.order.id));
    await until('the parcels', async () => (await byTestId(page, 'parcel').count()) === waiting.length);
    const numbers = await byTestId(page, 'parcel-number').allTextContents();
    t.deepEqual([...numbers].sort(), waiting.map((m) => m.order.number).sort(), 'his parcels, by their order numbers');
    t.true(await byTestId(page, 'parcel').first().getByText('俞桂芳生态农场').isVisible(), 'the seller');
    t.true(await byTestId(page, 'parcel').first().getByText('径山冬笋（现挖） 1斤').isVisible(), 'the items');
    await until('the list read aloud', async () => (await spoken(page)).some((s) => s.includes(`您有 ${waiting.length} 个包裹`)));
    await fitsAndPasses(t, page, `kiosk-pickup-${orientation}-3-parcels`, [
      '[data-testid="collect"]:visible',
      '[data-testid="logout"]:visible',
    ]);

    const first = waiting.find((m) => m.order.number === numbers[0])!;
    await byTestId(page, 'collect').first().click();
    await byTestId(page, 'pickup-done').getByText(first.order.number).waitFor();
    collected.add(first.order.id);
    await until('the confirmation spoken', async () => (await spoken(page)).some((s) => s.startsWith('已取件，订单')));
    await until('the list without it', async () => (await byTestId(page, 'parcel').count()) === waiting.length - 1);
    if (waiting.length === 1) await byTestId(page, 'pickup-empty').waitFor();
    await fitsAndPasses(t, page, `kiosk-pickup-${orientation}-4-collected`, ['[data-testid="pickup-done"]:visible']);

    // 取完了，退出: the card session ends and the welcome screen returns.
    await byTestId(page, 'logout').click();
    await byTestId(page, 'tile-card').waitFor();
    const o = await first.chen.client.call(routes.getOrder, { params: { order_id: first.order.id } });
    t.is(o.status, 'delivered', 'the tap delivered the order');
    const task = await first.chen.client.call(routes.getOrderDelivery, { params: { order_id: first.order.id } });
    t.like(task, { status: 'delivered', proof_kind: 'card' });
    t.deepEqual(errors, [], 'no page errors');
  });
}
