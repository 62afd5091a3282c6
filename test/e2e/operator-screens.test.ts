/**
 * The mini-program's operator pages (H5 build) in Chromium against the real API, database and Redis, as 周敏, the
 * operator of 益乐社区, with some demo data of her community: a shop waiting for its verification, a hidden product,
 * a resident's open call. Each page is opened the way she would (from the operator home), one thing on it is checked
 * and it is screened with axe-core (no serious or critical findings). Phone-sized viewport (375 px).
 */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { seedDemo } from '@cc/api';
import { residentIdCheckChar, routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { checkScreen } from '../support/axe';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let browser: LaunchedBrowser;
const demo = { shop: '', shopName: '', hidden: '', callNumber: '', provider: '' };

/** A shop owner of 益乐社区 asks for the verification: the shop waits for 周敏. */
async function pendingShop(community_id: string): Promise<void> {
  const owner = await stack.login(`seller-${randomUUID().slice(0, 12)}`);
  demo.shopName = `小王果蔬${randomUUID().slice(0, 4)}`;
  const shop = await owner.client.call(routes.createMerchant, {
    body: { name: demo.shopName, kind: 'farmer', contact_name: '王小明', contact_phone: '13800001111', community_id },
  });
  const first17 = '33011019800101123';
  await owner.client.call(routes.submitMerchantVerification, {
    params: { merchant_id: shop.id },
    body: { real_name: '王小明', id_kind: 'resident_id', id_number: first17 + residentIdCheckChar(first17) },
  });
  demo.shop = shop.id;
}

test.before(async () => {
  stack = await startStack();
  const seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
  await pendingShop(seed.communities.wenxin);
  // 周敏 hid a product of the demo catalog, with the reason the seller reads.
  const operator = (await stack.login('demo-operator-1')).client;
  const product = await stack.api.conn.collection('products').findOne({ sku: 'BS-VEG-01' });
  if (!product) throw new Error('no demo product BS-VEG-01');
  const hidden = await operator.call(routes.hideProduct, {
    params: { product_id: String(product._id) },
    body: { reason: '标注产地与实际不符' },
  });
  demo.hidden = hidden.name;
  // 孙丽 of 益乐社区 can do 其他 too: the assignment box lists her.
  await operator.call(routes.setProviderSkills, {
    params: { community_id: seed.communities.wenxin, user_id: seed.users['demo-provider-1']! },
    body: { skills: ['water_electric', 'other'] },
  });
  demo.provider = seed.users['demo-provider-1']!;
  // 王秀英 calls for help with something else: an open call in the queue.
  const resident = (await stack.login('demo-resident-1')).client;
  const call = await resident.call(routes.createCall, {
    body: { service_code: 'other', description: '楼道灯坏了，晚上看不见台阶' },
    idempotencyKey: `k-${randomUUID()}`,
  });
  demo.callNumber = call.number;

  web = await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
  });
  browser = await launchBrowser({ viewport: { width: 375, height: 812 } });
});

test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

/** Taro keeps the pages below in the DOM (hidden): only what is on screen. */
function onScreen(page: Page, selector: string) {
  return page.locator(`${selector}:visible`);
}

/** 周敏 signed in, on the operator home. Page errors are collected and must stay none. */
async function operatorHome(t: ExecutionContext): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(web.url);
  await page.waitForURL(/\/pages\/login\/index/);
  await page.locator('.login__account').filter({ hasText: '运营 周敏' }).click();
  await page.getByText('您好，周敏').waitFor();
  await page.locator('.role-card[data-role="operator"]').click();
  await page.waitForURL(/\/operator\/index\/index/);
  await onScreen(page, '[data-testid="operator-home"]').waitFor();
  return { page, errors };
}

/** Back to the operator home from a page opened on it. */
async function home(page: Page): Promise<void> {
  await page.goBack();
  await page.waitForURL(/\/operator\/index\/index/);
  await onScreen(page, '[data-testid="operator-home"]').waitFor();
}

test('the operator home, the call queue, one call and the hotline', async (t) => {
  const { page, errors } = await operatorHome(t);
  // The community's terminal, online or not in words.
  const kiosk = onScreen(page, '.operator__kiosk').filter({ hasText: '益乐社区服务站一号机' });
  await kiosk.waitFor();
  t.regex((await kiosk.textContent()) ?? '', /(在线|离线)/);
  t.regex((await onScreen(page, '.page-subtitle').textContent()) ?? '', /益乐社区/);
  await checkScreen(t, page, 'operator-home');

  await onScreen(page, '.operator__queue').click();
  await page.waitForURL(/\/operator\/queue\/index/);
  const row = onScreen(page, '.queue__row').filter({ hasText: '楼道灯坏了' });
  await row.waitFor();
  t.regex((await onScreen(page, '[data-testid="queue-summary"]').textContent()) ?? '', /待受理 1/);
  await checkScreen(t, page, 'operator-queue');

  // The call: its readable number, 受理, then the assignment box.
  await row.click();
  await page.waitForURL(/\/operator\/call\/index\?id=/);
  await onScreen(page, '[data-testid="operator-call"]').waitFor();
  t.true(((await onScreen(page, '[data-testid="operator-call"]').textContent()) ?? '').includes(demo.callNumber), demo.callNumber);
  t.false(((await onScreen(page, '[data-testid="operator-call"]').textContent()) ?? '').includes('req_'), 'no internal id shown');
  await checkScreen(t, page, 'operator-call-open');
  await onScreen(page, '.operator-call__ack').click();
  await onScreen(page, '.operator-assign').waitFor();
  await onScreen(page, '.operator-call__done').getByText('已受理，请派单').waitFor();
  await onScreen(page, `.operator-provider[data-provider="${demo.provider}"]`).getByText('孙丽').waitFor();
  await checkScreen(t, page, 'operator-call-acknowledged');

  // The hotline, from the queue: the resident found by name.
  await page.goBack();
  await page.waitForURL(/\/operator\/queue\/index/);
  await onScreen(page, '.queue__hotline').click();
  await page.waitForURL(/\/operator\/hotline\/index/);
  await onScreen(page, '.hotline-search input').fill('王秀英');
  const pick = onScreen(page, '[data-testid="hotline-pick"]').filter({ hasText: '王秀英' });
  await pick.waitFor();
  t.is(await onScreen(page, '[data-testid="hotline-pick"]').count(), 1);
  await checkScreen(t, page, 'operator-hotline');
  await pick.click();
  await onScreen(page, '.hotline-service-chip').first().waitFor();
  // 紧急求助 stands apart among the services in the danger colour (--cc-tone-danger, #b3261e).
  const sos = onScreen(page, '.hotline-service-chip').filter({ hasText: '紧急求助' });
  t.is(await sos.evaluate((e) => getComputedStyle(e).color), 'rgb(179, 38, 30)', '紧急求助 in red');
  await checkScreen(t, page, 'operator-hotline-resident');
  t.deepEqual(errors, []);
});

test('the shop pages: a shop waiting for verification, approved; a hidden product and a search', async (t) => {
  const { page, errors } = await operatorHome(t);
  await onScreen(page, '.operator__shop--merchants').click();
  await page.waitForURL(/\/operator\/merchants\/index/);
  const card = onScreen(page, '.op-merchant').filter({ has: page.locator(`[data-merchant="${demo.shop}"]`) });
  await card.waitFor();
  // The document number is masked: the first 3 and the last 4 only.
  t.regex((await card.locator('.op-merchant__id').textContent()) ?? '', /^330\*+\d{3}[\dX]$/);
  await checkScreen(t, page, 'operator-merchants');
  await card.locator('.op-merchant__approve').click();
  await onScreen(page, '.op-merchants__done').getByText(`「${demo.shopName}」已通过实名认证`).waitFor();
  t.is(await onScreen(page, `[data-merchant="${demo.shop}"]`).count(), 0, 'it leaves 待审核');
  await home(page);

  await onScreen(page, '.operator__shop--products').click();
  await page.waitForURL(/\/operator\/products\/index/);
  const hidden = onScreen(page, '.op-product--hidden').filter({ hasText: demo.hidden });
  await hidden.waitFor();
  t.regex((await hidden.locator('.op-product__reason').textContent()) ?? '', /标注产地与实际不符/);
  await onScreen(page, '.op-search__input input').fill('径山茶');
  await onScreen(page, '.op-search__go').click();
  await onScreen(page, '.op-product--found').first().waitFor();
  t.true((await onScreen(page, '.op-product--found .op-product__hide').count()) >= 1);
  await checkScreen(t, page, 'operator-products');
  t.deepEqual(errors, []);
});
