/**
 * 亲情代付 in the browsers against the real API (issue 15 item 3): 李明 asks in the mini-program to be linked to 王秀英;
 * she approves the link at the kiosk with her card and PIN; he orders toothpaste for her (为家人下单, her address and an
 * evening slot); at the kiosk she sees who ordered what and how much, read aloud, and approves with her PIN; he sees
 * 家人已同意并付款, and her card paid exactly the total once. Then 我来付: he pays himself by WeChat Pay (the simulator's
 * sheet the shop uses), she hears 已由家人付款 and presses 同意收货 without a PIN — the orders are paid once by his payment,
 * her card untouched; another he pays she declines — WeChat Pay refunds it once and his list says 已退款.
 * checkScreen on every screen.
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { DEMO_WALLETS, seedDemo } from '@cc/api';
import { routes, type ProxyOrder } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { checkScreen } from '../support/axe';
import { h5Build, KIOSK_PORTRAIT, launchBrowser, launchKioskBrowser, type LaunchedBrowser } from '../support/browser';
import { cardAt } from '../support/family';
import { until } from '../support/outcome';
import { startStack, type Stack } from '../support/stack';

const WANG = DEMO_WALLETS.find((w) => w.openid === 'demo-resident-1')!;

let stack: Stack;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let miniapp: StaticServer;
let kioskWeb: StaticServer;
const browsers: LaunchedBrowser[] = [];

test.before(async () => {
  stack = await startStack();
  seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
  miniapp = await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl, wechatPaySimUrl: stack.pay.url },
  });
  kioskWeb = await serveStatic({ root: h5Build('kiosk'), port: 0, runtimeConfig: { apiBaseUrl: stack.apiUrl } });
  const operator = (await stack.login('demo-operator-1')).client;
  await operator.call(routes.createSlotTemplate, {
    params: { community_id: seed.communities.wenxin },
    body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '20:00', capacity: 50, cutoff_minutes: 60 },
  });
  const wang = (await stack.login('demo-resident-1')).client;
  await wang.call(routes.addMyAddress, {
    body: { label: '家', recipient: '王秀英', phone: '13805710001', detail: '益乐新村 3 幢 2 单元 301 室' },
  });
});

test.after.always(async () => {
  for (const b of browsers) await b.close();
  await miniapp?.close();
  await kioskWeb?.close();
  await stack?.stop();
});

const visible = (page: Page, id: string) => page.locator(`[data-testid="${id}"]:visible`);
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);

/** At the kiosk: 家人代买 on the home screen, the card, the PIN → the approve screen. */
async function signInAtKiosk(t: ExecutionContext, page: Page, step: string): Promise<void> {
  await page.goto(
    `${kioskWeb.url}/?terminal_id=${encodeURIComponent(seed.kiosk.id)}&terminal_secret=${encodeURIComponent(seed.kiosk.secret)}`,
  );
  await visible(page, 'tile-approve').waitFor();
  await checkScreen(t, page, `family-kiosk-${step}-home`);
  await visible(page, 'tile-approve').click();
  await until('the card screen', async () => page.url().includes('pages/card/index'));
  // The reader's keystrokes count once the card screen listens (its prompt is shown).
  await page.locator('.panel__title:visible', { hasText: '请把市民卡放到读卡器上' }).waitFor();
  await page.keyboard.type(WANG.card_number);
  await page.keyboard.press('Enter');
  await visible(page, 'card-read').waitFor();
  for (const d of WANG.pin) await page.locator(`.pin-key[data-key="${d}"]:visible`).click();
  await page.locator('[data-testid="pin-dots"][data-filled="6"]:visible').waitFor();
  await page.locator('.pin-key[data-key="confirm"]:visible').click();
  await until(
    'the approve screen',
    async () => {
      const trouble = page.locator('[data-testid="pin-trouble"]:visible');
      if ((await trouble.count()) > 0) throw new Error(`the PIN screen said: ${await trouble.first().textContent()}`);
      return page.url().includes('pages/approve/index');
    },
    60_000,
  );
}

/** In the mini-program: 为TA下单 on the family page → the order page; answers the toothpaste's row. */
async function openOrderPage(app: Page) {
  await app.goto(`${miniapp.url}/family/links/index`);
  await visible(app, 'order-for').click();
  await until('the order page', async () => app.url().includes('family/order/index'));
  const paste = app.locator('[data-testid="proxy-product"][data-sku="YL-DAI-03"]:visible');
  await paste.waitFor();
  return paste;
}

async function typePin(page: Page): Promise<void> {
  for (const d of WANG.pin) await page.locator(`.pin-key[data-key="${d}"]:visible`).click();
  await page.locator('.pin-key[data-key="confirm"]:visible').click();
}

test.serial('a son links in the mini-program, orders for his mother, and she approves both at the kiosk', async (t) => {
  const phone = await launchBrowser({ viewport: { width: 375, height: 812 } });
  browsers.push(phone);
  const app = await phone.newPage();
  const errors: string[] = [];
  app.on('pageerror', (e) => errors.push(e.message));
  await app.goto(miniapp.url);
  await app.waitForURL(/\/pages\/login\/index/);
  await app.locator('.login__account').filter({ hasText: '李明' }).first().click();
  await app.getByText('您好，李明').waitFor();

  // 1. The link request.
  await app.goto(`${miniapp.url}/family/links/index`);
  await visible(app, 'request-link').waitFor();
  await checkScreen(t, app, 'family-miniapp-1-links-empty');
  await app.locator('[data-testid="elder-phone"]:visible input').fill('13805710001');
  await app.locator('[data-testid="elder-name"]:visible input').fill('王秀英');
  await app.locator('[data-testid="relation"]:visible input').fill('儿子');
  await visible(app, 'request-link').click();
  await visible(app, 'link-notice').waitFor();
  await app.locator('[data-testid="family-link"][data-status="pending"]:visible').waitFor();
  await checkScreen(t, app, 'family-miniapp-2-link-pending');

  // 2. She approves the link at the kiosk with her PIN.
  const kiosk = await launchKioskBrowser(KIOSK_PORTRAIT);
  browsers.push(kiosk);
  const k = await kiosk.newPage();
  k.on('pageerror', (e) => errors.push(e.message));
  await signInAtKiosk(t, k, '1');
  await visible(k, 'link-request').waitFor();
  await until('the request read aloud', async () => (await spoken(k)).some((s) => s.includes('李明申请帮您买东西')));
  await checkScreen(t, k, 'family-kiosk-2-link-request');
  await visible(k, 'link-approve').click();
  await visible(k, 'approve-what').waitFor();
  await checkScreen(t, k, 'family-kiosk-3-link-pin');
  await typePin(k);
  await visible(k, 'approve-done').waitFor();
  await visible(k, 'approve-empty').waitFor();
  await checkScreen(t, k, 'family-kiosk-4-link-done');

  // 3. He orders for her: her address, a slot, two tubes of toothpaste.
  const paste = await openOrderPage(app);
  await paste.locator('.cc-stepper__btn').last().click();
  await paste.locator('.cc-stepper__btn').last().click();
  await checkScreen(t, app, 'family-miniapp-3-order');
  await visible(app, 'place-proxy').click();
  await until('the orders page', async () => app.url().includes('family/orders/index'));
  await app.locator('[data-testid="my-proxy-order"][data-status="waiting"]:visible').waitFor();
  await app.getByText('等待家人确认').first().waitFor();
  await checkScreen(t, app, 'family-miniapp-4-waiting');
  const son = await stack.login('demo-buyer-1');
  const placed = (await son.client.call(routes.listMyProxyOrders, {})).items[0]!;
  t.is(placed.items[0]!.quantity, 2);

  // 4. She sees who ordered what and how much, read aloud, and approves with her PIN.
  const wangUser = await stack.api.conn.collection('users').findOne({ openid: 'demo-resident-1' });
  const before = (await stack.api.wallet.walletOf(String(wangUser!._id))).balance_fen;
  await signInAtKiosk(t, k, '2');
  await visible(k, 'proxy-order').waitFor();
  await visible(k, 'proxy-total')
    .getByText(`¥${(placed.total_fen / 100).toFixed(2)}`)
    .waitFor();
  await until('the order read aloud', async () => (await spoken(k)).some((s) => s.includes('李明为您下单') && s.includes('元')));
  await checkScreen(t, k, 'family-kiosk-5-order');
  await visible(k, 'proxy-approve').click();
  await visible(k, 'approve-what').waitFor();
  await checkScreen(t, k, 'family-kiosk-6-order-pin');
  await typePin(k);
  await visible(k, 'approve-done').waitFor();
  await checkScreen(t, k, 'family-kiosk-7-order-paid');
  t.is((await stack.api.wallet.walletOf(String(wangUser!._id))).balance_fen, before - placed.total_fen, 'paid once from her card');

  // 5. He is shown the outcome.
  await app.goto(`${miniapp.url}/family/orders/index`);
  await app.locator('[data-testid="my-proxy-order"][data-status="approved"]:visible').waitFor();
  await checkScreen(t, app, 'family-miniapp-5-approved');
  t.deepEqual(errors, [], 'no page errors');
});

/** 李明 (demo-buyer-1) linked to 王秀英 — by the first test, or here through the API when it ran alone. */
async function linkedSon() {
  const son = await stack.login('demo-buyer-1');
  const linked = (await son.client.call(routes.listMyFamilyLinks, {})).items.some((l) => l.status === 'approved');
  if (!linked) {
    const asked = await son.client.call(routes.requestFamilyLink, { body: { phone: '13805710001', name: '王秀英', relation: '儿子' } });
    const wang = await cardAt(stack, seed.kiosk, WANG);
    await wang.call(routes.kioskApproveFamilyLink, { params: { link_id: asked.id }, body: { pin: WANG.pin } });
  }
  return son;
}

/** In the mini-program: 为王秀英下单, toothpaste, 我来付, and 确认支付 on the WeChat Pay simulator's sheet. */
async function orderAndPay(t: ExecutionContext, app: Page, step: string): Promise<void> {
  const paste = await openOrderPage(app);
  await paste.locator('.cc-stepper__btn').last().click();
  await app.getByText('我来付（微信支付', { exact: false }).click();
  await app.getByText('款项原路退回您的微信', { exact: false }).waitFor();
  await checkScreen(t, app, `family-miniapp-${step}-wechat-choice`);
  await visible(app, 'place-proxy').click();
  await app.locator('.pay-wechat-confirm:visible').scrollIntoViewIfNeeded();
  await checkScreen(t, app, `family-miniapp-${step}-wechat-sim`);
  await app.locator('.pay-wechat-confirm:visible').click();
  await until('the orders page', async () => app.url().includes('family/orders/index'));
}

/** His newest proxy order, once its family payment is `state`. */
const newestWhen = (son: Awaited<ReturnType<Stack['login']>>, state: ProxyOrder['family_payment']) =>
  until(`his newest proxy order ${state}`, async () => {
    const p = (await son.client.call(routes.listMyProxyOrders, {})).items[0];
    return p?.family_payment === state ? p : null;
  });

const moneyOf = async (proxy: ProxyOrder) => {
  const db = stack.api.conn;
  const checkout_id = (await db.collection('proxy_orders').findOne({ _id: proxy.id as never }))!.checkout_id;
  return {
    orders: await db.collection('orders').find({ checkout_id }).toArray(),
    collections: await db.collection('wechat_collections').countDocuments({ reference_id: checkout_id, status: 'paid' }),
    refunds: await db
      .collection('wallet_topup_refunds')
      .find({ out_trade_no: `${proxy.id}-1` })
      .toArray(),
  };
};

test.serial('我来付: he pays by WeChat Pay, she accepts one without her PIN and declines another, refunded once', async (t) => {
  const son = await linkedSon();
  const phone = await launchBrowser({ viewport: { width: 375, height: 812 } });
  const kiosk = await launchKioskBrowser(KIOSK_PORTRAIT);
  browsers.push(phone, kiosk);
  const errors: string[] = [];
  const app = await phone.newPage();
  const k = await kiosk.newPage();
  for (const page of [app, k]) page.on('pageerror', (e) => errors.push(e.message));
  await app.goto(miniapp.url);
  await app.waitForURL(/\/pages\/login\/index/);
  await app.locator('.login__account').filter({ hasText: '李明' }).first().click();
  await app.getByText('您好，李明').waitFor();

  // 1. He pays at once; his list says he paid and that it waits for her.
  await orderAndPay(t, app, '6');
  const paid = await newestWhen(son, 'paid');
  // The kit's Tag carries no test id: the words on the newest card (the list is newest first).
  const waiting = app.locator('[data-testid="my-proxy-order"]:visible').first();
  await waiting.and(app.locator('[data-status="waiting"]')).getByText('已由您付款', { exact: true }).waitFor();
  await checkScreen(t, app, 'family-miniapp-6-paid-waiting');

  // 2. At the kiosk she sees and hears 已由家人付款 and presses 同意收货: no PIN, nothing from her card.
  const wangUser = await stack.api.conn.collection('users').findOne({ openid: 'demo-resident-1' });
  const balance = async () => (await stack.api.wallet.walletOf(String(wangUser!._id))).balance_fen;
  const before = await balance();
  await signInAtKiosk(t, k, '3');
  await visible(k, 'proxy-family-paid').waitFor();
  // The card's own words (the inbox notice read first says 已由家人付款 too, but not that she pays nothing).
  await until('已由家人付款 read aloud', async () =>
    (await spoken(k)).some((s) => s.includes('为您下单：') && s.includes('已由家人付款，不用您付钱')),
  );
  await checkScreen(t, k, 'family-kiosk-8-family-paid');
  await visible(k, 'proxy-approve').getByText('同意收货').waitFor();
  await visible(k, 'proxy-approve').click();
  await visible(k, 'approve-done').waitFor();
  t.is(await k.locator('.pin-key:visible').count(), 0, 'no PIN pad');
  await checkScreen(t, k, 'family-kiosk-9-accepted');
  t.is(await balance(), before, 'her card paid nothing');
  const accepted = await moneyOf(paid);
  t.true(accepted.orders.length > 0 && accepted.orders.every((o) => o.status === 'paid' && o.payment?.method === 'wechatpay'));
  t.is(new Set(accepted.orders.map((o) => o.payment?.transfer_id)).size, 1, 'one payment');
  t.is(accepted.collections, 1, 'paid once');
  t.is(accepted.refunds.length, 0);
  await app.goto(`${miniapp.url}/family/orders/index`);
  await app.locator('[data-testid="my-proxy-order"][data-status="approved"]:visible').first().waitFor();
  await checkScreen(t, app, 'family-miniapp-7-accepted');

  // 3. Another he pays; she declines it: the WeChat refund is made once, and his list says 已退款.
  await orderAndPay(t, app, '8');
  const second = await newestWhen(son, 'paid');
  await signInAtKiosk(t, k, '4');
  await visible(k, 'proxy-family-paid').waitFor();
  await visible(k, 'proxy-decline').click();
  await visible(k, 'approve-done').getByText('原路退回', { exact: false }).waitFor();
  await checkScreen(t, k, 'family-kiosk-10-declined');
  t.is(await balance(), before, 'her card still untouched');
  await stack.pay.drain();
  const refunded = await newestWhen(son, 'refunded');
  t.is(refunded.id, second.id);
  const declined = await moneyOf(second);
  t.is(declined.refunds.length, 1, 'one WeChat Pay refund');
  t.like(declined.refunds[0], { status: 'succeeded', amount_fen: second.total_fen });
  t.true(declined.orders.every((o) => o.status === 'cancelled' && !o.payment));
  await app.goto(`${miniapp.url}/family/orders/index`);
  const card = app.locator('[data-testid="my-proxy-order"][data-status="declined"]:visible').first();
  await card.getByText('已退款', { exact: true }).waitFor();
  await card.getByText('已退回您的微信', { exact: false }).waitFor();
  await checkScreen(t, app, 'family-miniapp-9-refunded');
  const inbox = await son.client.call(routes.listMyInbox, { query: { limit: 50 } });
  t.is(inbox.items.filter((i) => i.kind === 'order_refunded').length, 1, 'told once');
  t.deepEqual(errors, [], 'no page errors');
});
