/**
 * Paying a shop checkout with WeChat Pay in the mini-program (H5 build) against the real API: the page asks the API
 * for a WeChat Pay order, the person confirms in the local WeChat Pay simulator (what wx.requestPayment is in WeChat),
 * the platform's notify marks the orders paid, and the page says so.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { seedDemo } from '@cc/api';
import { routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { checkScreen } from '../support/axe';
import { until } from '../support/outcome';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let browser: LaunchedBrowser;
let seed: Awaited<ReturnType<typeof seedDemo>>;

test.before(async () => {
  stack = await startStack();
  seed = await seedDemo({
    identity: stack.api.identity,
    wallet: stack.api.wallet,
    catalog: stack.api.catalog,
    delivery: stack.api.delivery,
  });
  web = await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl, wechatPaySimUrl: stack.pay.url },
  });
  browser = await launchBrowser({ viewport: { width: 375, height: 812 } });
});

test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

test('王秀英 pays her checkout with WeChat Pay and the page shows it paid', async (t) => {
  const wang = await stack.login('demo-resident-1');
  const station = (await stack.client.call(routes.listStations, { params: { community_id: seed.communities.wenxin }, query: {} }))
    .items[0]!;
  const rice = await stack.api.conn.collection('products').findOne({ sku: 'YL-RICE-02' });
  await wang.client.call(routes.clearCart, {});
  await wang.client.call(routes.setCartLine, { params: { product_id: String(rice!._id) }, body: { quantity: 1 } });
  const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
  const placed = await wang.client.call(routes.checkout, {
    body: { delivery: { kind: 'pickup', station_id: station.id, date: tomorrow } },
    idempotencyKey: `k-${randomUUID()}`,
  });

  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(web.url);
  await page.waitForURL(/\/pages\/login\/index/);
  await page.locator('.login__account').filter({ hasText: '王秀英' }).first().click();
  await page.getByText('您好，王秀英').waitFor();
  await page.goto(`${web.url}/shop/pay/index?checkout_id=${placed.checkout_id}`);
  // The order by its readable number (issue 12 item 3), never its id.
  await page.locator('[data-testid="pay-order-number"]:visible').getByText(placed.orders[0]!.number).waitFor();
  t.false(((await page.locator('.page:visible').first().textContent()) ?? '').includes('ord_'), 'no internal id on screen');
  await page.locator('.pay-wechat:visible').click();
  await page.locator('.pay-wechat-confirm:visible').waitFor();
  await checkScreen(t, page, 'shop-pay-wechat-sim');
  await page.locator('.pay-wechat-confirm:visible').click();
  await page.locator('.pay-success:visible').waitFor({ timeout: 30_000 });
  await checkScreen(t, page, 'shop-pay-wechat-paid');

  const order = await until('the order paid by WeChat Pay', async () => {
    const o = await wang.client.call(routes.getOrder, { params: { order_id: placed.orders[0]!.id } });
    return o.status === 'paid' ? o : null;
  });
  t.is(order.payment?.method, 'wechatpay');
  t.true((await stack.api.wallet.check()).ok);
  t.deepEqual(errors, []);
});
