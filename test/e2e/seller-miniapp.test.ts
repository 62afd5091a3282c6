/**
 * The sellers' and operators' side of 社区商城 (issue 5) in the mini-program (H5 build) in Chromium against the real
 * API, database and Redis, with the demo catalog. 黄立新 owns 益乐惠民超市 and 刘德明 (funded card, no PIN under
 * ¥50) buys from it through the API (the resident pages are tested elsewhere):
 * 1. a new paid order is prepared on the seller's pages: 开始备货 → 备货完成 → 配送 → 送达, page and API agreeing;
 * 2. a refund end to end: requested (API), refused with a reason on the seller's page, disputed (API), decided 退款 on
 *    the operator's disputes page, and 刘德明's wallet balance is back;
 * 3. the catalog: a product created with a photo and a price in yuan, its stock adjusted, then a CSV import with
 *    progress and the per-row report;
 * 4. a new shop opened from the home page, its verification rejected with a reason and then approved on the operator's
 *    merchants page;
 * 5. a flash sale made on the seller's page, and the earnings of completed orders;
 * 6. a product hidden by the operator with a reason (the seller sees why), then shown again.
 * Phone-sized viewport (375 px); each person signs in with their own browser storage.
 */
import { crc32, deflateSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { seedDemo } from '@cc/api';
import { creditCodeCheckChar, formatFen, routes, shanghaiDate, type ApiClient, type Order, type OrderStatus } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, screenshot, screenshotDir, type LaunchedBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let seed: Awaited<ReturnType<typeof seedDemo>>;
const browsers: LaunchedBrowser[] = [];
let liu: { client: ApiClient; user_id: string };
let liuAddress: string;
let store: ApiClient;

const PHONE = { width: 375, height: 812 };
// Tomorrow in Shanghai: its windows are never past their cut-off, whenever the test runs.
const TOMORROW = shanghaiDate(new Date(Date.now() + 24 * 3600 * 1000));

test.before(async () => {
  stack = await startStack();
  seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
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

async function productId(sku: string): Promise<string> {
  const p = await stack.api.conn.collection('products').findOne({ sku });
  if (!p) throw new Error(`no product ${sku}`);
  return String(p._id);
}

/** 刘德明 buys from 益乐惠民超市 through the API, delivered tomorrow evening, and pays from his wallet (no PIN under ¥50). */
async function paidOrder(lines: [sku: string, quantity: number][]): Promise<Order> {
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
async function signedIn(t: ExecutionContext, account: string, greeting: string): Promise<{ page: Page; errors: string[] }> {
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
function onScreen(page: Page, selector: string) {
  return page.locator(`${selector}:visible`);
}

/** Nothing sticks out sideways at 375 px. */
async function fitsWidth(t: ExecutionContext, page: Page, what: string): Promise<void> {
  const { width, wide } = await page.evaluate((limit) => {
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.checkVisibility() && e.getBoundingClientRect().right > limit + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)}`);
    return { width: document.documentElement.scrollWidth, wide };
  }, PHONE.width);
  t.true(width <= PHONE.width, `${what}: the page is ${width} px wide: ${wide.join('; ')}`);
}

async function statusOf(order_id: string): Promise<OrderStatus> {
  return (await store.call(routes.getOrder, { params: { order_id } })).status;
}

/** The seller's home → 订单 → the order in the given tab → its page. */
async function openSellerOrder(page: Page, order_id: string, tab: string): Promise<void> {
  await onScreen(page, '.seller-entry--orders').click();
  await page.waitForURL(/\/seller\/orders\/index/);
  await onScreen(page, `.biz-tab[data-tab="${tab}"]`).click();
  await onScreen(page, `.biz-order-row[data-order="${order_id}"]`).click();
  await page.waitForURL(/\/seller\/order\/index/);
  await onScreen(page, '.seller-order').waitFor();
}

test.serial(
  'a seller sees a new paid order and prepares it: 开始备货 → 备货完成 → 配送 → 送达, the page and the API agreeing',
  async (t) => {
    const order = await paidOrder([
      ['YL-TOF-01', 2],
      ['YL-FLO-01', 1],
    ]);
    t.is(order.total_fen, 2 * 350 + 890);

    const { page, errors } = await signedIn(t, '店主 黄立新', '您好，黄立新');
    // A store owner holds no role: the home page leads to the shop.
    await onScreen(page, '.home-shop').getByText('益乐惠民超市').waitFor();
    await screenshot(page, 'seller-01-home');
    await onScreen(page, '.home-shop').click();
    await page.waitForURL(/\/seller\/index\/index/);
    await onScreen(page, '.seller-head__name').getByText('益乐惠民超市').waitFor();
    await onScreen(page, '.seller-verification-tag').getByText('已认证').waitFor();
    await onScreen(page, '.seller-entry--orders').getByText('1 单待备货').waitFor();
    await screenshot(page, 'seller-02-shop');
    await fitsWidth(t, page, 'shop home');

    // 待备货: the new order, with what to pack and when it goes out.
    await onScreen(page, '.seller-entry--orders').click();
    await page.waitForURL(/\/seller\/orders\/index/);
    const row = onScreen(page, `.biz-order-row[data-order="${order.id}"]`);
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    for (const part of ['待备货', '嫩豆腐', '× 2盒', '鸡蛋挂面', '送货上门', '18:00–20:00', formatFen(order.total_fen)])
      t.true(rowText.includes(part), `${part} in ${rowText}`);
    t.is(await onScreen(page, '.biz-tab[data-tab="paid"] .biz-tab__count').textContent(), '1');
    await screenshot(page, 'seller-03-orders-paid');
    await fitsWidth(t, page, 'orders');

    await row.click();
    await page.waitForURL(/\/seller\/order\/index/);
    await onScreen(page, '.seller-order__hint').getByText('买家已付款，请开始备货').waitFor();
    const facts = (await onScreen(page, '.biz-order-facts').textContent()) ?? '';
    for (const part of ['刘德明', '138****0002', '益乐新村 7 幢 1 单元 502 室', '市民卡钱包'])
      t.true(facts.includes(part), `${part} in ${facts}`);
    t.is(await onScreen(page, '.biz-lines__amount').textContent(), formatFen(order.total_fen));
    await screenshot(page, 'seller-04-order-paid');
    await fitsWidth(t, page, 'order');

    const steps: [button: string, status: OrderStatus, tag: string, shot: string][] = [
      ['.order-act--prepare', 'preparing', '备货中', 'seller-05-preparing'],
      ['.order-act--ready', 'ready', '已备好', 'seller-06-ready'],
      ['.order-act--dispatch', 'out_for_delivery', '配送中', 'seller-07-out-for-delivery'],
      ['.order-act--deliver', 'delivered', '已送达', 'seller-08-delivered'],
    ];
    for (const [button, status, tag, shot] of steps) {
      await onScreen(page, button).click();
      await onScreen(page, '.seller-order .order-status').getByText(tag, { exact: true }).waitFor();
      await page.locator(`.seller-order[data-status="${status}"]:visible`).waitFor();
      t.is(await statusOf(order.id), status, `the API agrees: ${tag}`);
      await screenshot(page, shot);
    }
    await onScreen(page, '.seller-order__done').getByText('已送达，等待买家确认收货').waitFor();
    t.is(await onScreen(page, '.order-act').count(), 0, 'nothing more for the seller to do');
    // The timeline, as the API recorded it.
    const actions = await onScreen(page, '.biz-timeline__item').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    const history = (await store.call(routes.getOrder, { params: { order_id: order.id } })).history.map((h) => h.action);
    t.deepEqual(actions, history);
    t.deepEqual(history, ['place', 'pay', 'prepare', 'ready', 'dispatch', 'deliver']);
    await fitsWidth(t, page, 'delivered order');

    // Back in the list, it moved on to 已送达.
    await page.goBack();
    await page.waitForURL(/\/seller\/orders\/index/);
    await onScreen(page, '.biz-tab[data-tab="delivered"]').click();
    await onScreen(page, `.biz-order-row[data-order="${order.id}"]`).getByText('已送达').waitFor();
    await onScreen(page, '.biz-tab[data-tab="paid"]').click();
    await page.getByText('没有待备货的订单').waitFor();
    await screenshot(page, 'seller-09-orders-empty');
    t.deepEqual(errors, []);
  },
);

test.serial('a pickup order: 开始备货 → 备货完成 → 自提交付 at the station', async (t) => {
  const station = (
    await stack.client.call(routes.listStations, { params: { community_id: seed.communities.wenxin }, query: {} })
  ).items.find((s) => s.kind === 'pickup')!;
  await liu.client.call(routes.clearCart, {});
  await liu.client.call(routes.setCartLine, { params: { product_id: await productId('YL-DAI-03') }, body: { quantity: 1 } });
  const placed = await liu.client.call(routes.checkout, {
    body: { delivery: { kind: 'pickup', station_id: station.id, date: TOMORROW } },
    idempotencyKey: `k-${randomUUID()}`,
  });
  await liu.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet' },
    idempotencyKey: `k-${randomUUID()}`,
  });
  const order = placed.orders[0]!;

  const { page, errors } = await signedIn(t, '店主 黄立新', '您好，黄立新');
  await onScreen(page, '.home-shop').click();
  await page.waitForURL(/\/seller\/index\/index/);
  await openSellerOrder(page, order.id, 'paid');
  t.regex((await onScreen(page, '.biz-order-facts').textContent()) ?? '', new RegExp(`自提点${station.name}`));
  await onScreen(page, '.order-act--prepare').click();
  await page.locator('.seller-order[data-status="preparing"]:visible').waitFor();
  await onScreen(page, '.order-act--ready').click();
  await page.locator('.seller-order[data-status="ready"]:visible').waitFor();
  await onScreen(page, '.seller-order__hint').getByText(`送到「${station.name}」`).waitFor();
  t.is(await onScreen(page, '.order-act--dispatch').count(), 0, 'no delivery for a pickup order');
  await screenshot(page, 'pickup-01-ready');
  await onScreen(page, '.order-act--pickup').click();
  await page.locator('.seller-order[data-status="delivered"]:visible').waitFor();
  await onScreen(page, '.seller-order__done').getByText('已交给顾客').waitFor();
  t.deepEqual(
    (await store.call(routes.getOrder, { params: { order_id: order.id } })).history.map((h) => h.action),
    ['place', 'pay', 'prepare', 'ready', 'pick_up'],
  );
  await screenshot(page, 'pickup-02-handed-over');
  t.deepEqual(errors, []);
});

test.serial(
  'a refund end to end: requested, refused with a reason on the seller page, disputed, decided 退款 by the operator, money back',
  async (t) => {
    const before = (await liu.client.call(routes.getWallet, {})).balance_fen;
    const order = await paidOrder([['YL-SEA-01', 2]]);
    t.is(order.total_fen, 2 * 1290);
    t.is((await liu.client.call(routes.getWallet, {})).balance_fen, before - order.total_fen);
    await liu.client.call(routes.requestOrderRefund, { params: { order_id: order.id }, body: { reason: '买重复了，不需要了' } });

    // The seller refuses on the page, with a reason.
    const seller = await signedIn(t, '店主 黄立新', '您好，黄立新');
    await onScreen(seller.page, '.home-shop').click();
    await seller.page.waitForURL(/\/seller\/index\/index/);
    await onScreen(seller.page, '.seller-entry--orders').getByText('1 单退款待处理').waitFor();
    await openSellerOrder(seller.page, order.id, 'refunding');
    await onScreen(seller.page, '.biz-refund').getByText('买重复了，不需要了').waitFor();
    await screenshot(seller.page, 'refund-01-seller-request');
    await onScreen(seller.page, '.order-act--refuse').click();
    // Too short a reason is asked again, nothing sent.
    await onScreen(seller.page, '.order-act__refuse-reason textarea').fill('不');
    await onScreen(seller.page, '.order-act__refuse-reason .biz-reason__submit').click();
    await onScreen(seller.page, '.order-act__refuse-reason .biz-field__hint--error').getByText('请至少写 2 个字').waitFor();
    t.is(await statusOf(order.id), 'refunding');
    const reason = '生抽已按约定送出，包装完好，不接受无理由退货';
    await onScreen(seller.page, '.order-act__refuse-reason textarea').fill(reason);
    await screenshot(seller.page, 'refund-02-seller-refusing');
    await fitsWidth(t, seller.page, 'refusing');
    await onScreen(seller.page, '.order-act__refuse-reason .biz-reason__submit').click();
    await onScreen(seller.page, '.seller-order__done').getByText('已拒绝退款，买家可申请服务站介入').waitFor();
    await seller.page.locator('.seller-order[data-status="paid"]:visible').waitFor();
    const refused = await store.call(routes.getOrder, { params: { order_id: order.id } });
    t.is(refused.status, 'paid', 'back where it was');
    t.is(refused.refund?.refused_reason, reason);
    await onScreen(seller.page, '.biz-refund').getByText(reason).waitFor();
    await screenshot(seller.page, 'refund-03-seller-refused');
    t.deepEqual(seller.errors, []);

    // The buyer takes it to the service station; the operator decides on the disputes page.
    await liu.client.call(routes.disputeOrderRefund, {
      params: { order_id: order.id },
      body: { reason: '下单两分钟就申请了，还没发货，应该可以退' },
    });
    const op = await signedIn(t, '运营 周敏', '您好，周敏');
    await onScreen(op.page, '.role-card[data-role="operator"]').click();
    await op.page.waitForURL(/\/operator\/index\/index/);
    await onScreen(op.page, '.operator__shop--disputes').click();
    await op.page.waitForURL(/\/operator\/disputes\/index/);
    const card = onScreen(op.page, '.op-dispute').filter({ has: op.page.locator(`[data-order="${order.id}"]`) });
    await card.waitFor();
    const cardText = (await card.textContent()) ?? '';
    for (const part of ['益乐惠民超市', '特级生抽 × 2瓶', '买重复了，不需要了', reason, '还没发货，应该可以退', formatFen(order.total_fen)])
      t.true(cardText.includes(part), `${part} in ${cardText}`);
    await screenshot(op.page, 'refund-04-operator-dispute');
    await fitsWidth(t, op.page, 'disputes');
    await card.locator('.order-act--refund').click();
    await card.getByText(`确认把 ${formatFen(order.total_fen)} 原路退回买家？`).waitFor();
    await screenshot(op.page, 'refund-05-operator-confirm');
    await card.locator('.order-act--refund-yes').click();
    await onScreen(op.page, '.op-disputes__done')
      .getByText(`${formatFen(order.total_fen)} 原路退回买家`)
      .waitFor();
    await op.page.getByText('没有待裁决的退款争议').waitFor();
    await screenshot(op.page, 'refund-06-operator-decided');
    t.deepEqual(op.errors, []);

    // The API: refunded, the money went back the way it came, the balance is what it was before the order.
    const end = Date.now() + 15_000;
    let done = await liu.client.call(routes.getOrder, { params: { order_id: order.id } });
    while (!done.refund?.transfer_id && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      done = await liu.client.call(routes.getOrder, { params: { order_id: order.id } });
    }
    t.is(done.status, 'refunded');
    t.truthy(done.refund?.transfer_id, 'refunded through the wallet');
    t.deepEqual(
      done.history.map((h) => [h.action, h.actor_role]),
      [
        ['place', 'buyer'],
        ['pay', 'buyer'],
        ['request_refund', 'buyer'],
        ['refuse_refund', 'seller'],
        ['dispute', 'buyer'],
        ['refund', 'operator'],
      ],
    );
    t.is((await liu.client.call(routes.getWallet, {})).balance_fen, before, 'the balance is back');

    // The community's orders show it as 已退款, with its story.
    await op.page.goBack();
    await op.page.waitForURL(/\/operator\/index\/index/);
    await onScreen(op.page, '.operator__shop--orders').click();
    await op.page.waitForURL(/\/operator\/orders\/index/);
    await onScreen(op.page, `.biz-order-row[data-order="${order.id}"]`).getByText('已退款').waitFor();
    await onScreen(op.page, `.biz-order-row[data-order="${order.id}"]`).click();
    await op.page.waitForURL(/\/operator\/order\/index/);
    await onScreen(op.page, '.biz-refund')
      .getByText(`${formatFen(order.total_fen)} 已原路退回`)
      .waitFor();
    await screenshot(op.page, 'refund-07-operator-order');
    await fitsWidth(t, op.page, 'operator order');
    t.deepEqual(op.errors, []);
  },
);

/** A 96×96 PNG made here: a green leaf on a pale tile, standing in for the seller's photo of greens. */
function greensPhoto(): Buffer {
  const size = 96;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const leaf = (x - 48) ** 2 / 900 + (y - 48) ** 2 / 400 < 1;
      row.set(leaf ? [46, 140, 70] : [240, 244, 236], 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test.serial(
  'the catalog: a product with a photo and a price in yuan, its stock adjusted, then a CSV import with progress and a per-row report',
  async (t) => {
    const { page, errors } = await signedIn(t, '店主 黄立新', '您好，黄立新');
    await onScreen(page, '.home-shop').click();
    await onScreen(page, '.seller-entry--products').click();
    await page.waitForURL(/\/seller\/products\/index/);
    await onScreen(page, '.seller-product').first().waitFor();
    await screenshot(page, 'catalog-01-products');
    await fitsWidth(t, page, 'products');

    // 发布商品: the price is typed in yuan and sent in fen.
    await onScreen(page, '.seller-products__new').click();
    await page.waitForURL(/\/seller\/product\/index/);
    const chooser = page.waitForEvent('filechooser');
    await onScreen(page, '.seller-image-add').click();
    await (await chooser).setFiles({ name: 'greens.png', mimeType: 'image/png', buffer: greensPhoto() });
    await onScreen(page, '.seller-image__cover').waitFor();
    await onScreen(page, '.product-name input').fill('本地鸡毛菜');
    await onScreen(page, '.product-category .biz-chip')
      .filter({ hasText: /^蔬菜$/ })
      .click();
    await onScreen(page, '.product-category__subs .biz-chip').filter({ hasText: '叶菜类' }).click();
    await onScreen(page, '.product-unit .biz-chip').filter({ hasText: /^斤$/ }).click();
    await onScreen(page, '.product-price input').fill('4.255');
    await onScreen(page, '.product-stock input').fill('30');
    await onScreen(page, '.product-create-sell').click();
    await onScreen(page, '.product-price .biz-field__hint--error').getByText('最多两位小数').waitFor();
    await screenshot(page, 'catalog-02-new-product-error');
    await onScreen(page, '.product-price input').fill('4.2');
    await onScreen(page, '.product-spec input').fill('约 500 克/份');
    await screenshot(page, 'catalog-03-new-product');
    await fitsWidth(t, page, 'new product');
    await onScreen(page, '.product-create-sell').click();
    await onScreen(page, '.seller-product__created').getByText('商品已发布并上架').waitFor();
    const created = await stack.api.conn.collection('products').findOne({ name: '本地鸡毛菜' });
    t.like(created, { price_fen: 420, stock: 30, unit: '斤', status: 'on_sale', spec: '约 500 克/份' });
    t.is((created?.images as string[]).length, 1, 'the photo is attached');
    const img = onScreen(page, '.seller-image__img img');
    await img.waitFor();
    t.true(await img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth === 96), 'the uploaded photo is shown');

    // Stock: +20 arrives, 5 go bad.
    await onScreen(page, '.seller-stock__amount input').fill('20');
    await onScreen(page, '.seller-stock__add').click();
    await onScreen(page, '.seller-product__done').getByText('库存增加 20斤，现在 50斤').waitFor();
    await onScreen(page, '.seller-stock__amount input').fill('5');
    await onScreen(page, '.seller-stock__take').click();
    await onScreen(page, '.seller-product__done').getByText('现在 45斤').waitFor();
    t.is((await store.call(routes.getProduct, { params: { product_id: String(created!._id) } })).stock, 45);
    await screenshot(page, 'catalog-04-product-stock');
    await fitsWidth(t, page, 'product page');

    // A new price saves as fen.
    await onScreen(page, '.product-price input').fill('3.8');
    await onScreen(page, '.product-save').click();
    await onScreen(page, '.seller-product__done').getByText('已保存').waitFor();
    t.is((await store.call(routes.getProduct, { params: { product_id: String(created!._id) } })).price_fen, 380);

    // 批量导入: a CSV with good rows and bad ones.
    await page.goBack();
    await page.waitForURL(/\/seller\/products\/index/);
    await onScreen(page, '.seller-products__import').click();
    await page.waitForURL(/\/seller\/import\/index/);
    await onScreen(page, '.seller-import-help').waitFor();
    await screenshot(page, 'catalog-05-import');
    await fitsWidth(t, page, 'import');
    const rows = [
      ['SKU', '商品名称', '分类', '单位', '价格（元）', '库存', '规格', '状态'],
      ...Array.from({ length: 40 }, (_, i) => [
        `YL-IMP-${String(i + 1).padStart(3, '0')}`,
        `导入商品${i + 1}号`,
        '日用百货/纸品',
        '包',
        '5.50',
        '20',
        '',
        '在售',
      ]),
      ['YL-IMP-BAD1', '价格为零', '纸品', '包', '0', '10', '', '在售'],
      ['YL-IMP-BAD2', '错误单位', '纸品', '吨', '2', '10', '', '在售'],
      ['YL-IMP-BAD3', '', '纸品', '包', '2', '10', '', '在售'],
    ];
    const csv = rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
    // Every progress line the page shows while the import runs.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __progress: string[] }).__progress = seen;
      new MutationObserver(() => {
        for (const e of Array.from(document.querySelectorAll('.seller-import-progress__text'))) {
          const text = e.textContent ?? '';
          if (text && seen[seen.length - 1] !== text) seen.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const fileChooser = page.waitForEvent('filechooser');
    await onScreen(page, '.seller-import__pick').click();
    await (await fileChooser).setFiles({ name: '超市商品.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    // While it runs (best effort: a small file may be done before the first look).
    await onScreen(page, '.seller-import-progress')
      .waitFor({ timeout: 3000 })
      .then(() => page.screenshot({ path: path.join(screenshotDir, 'catalog-06a-import-progress.png') }))
      .catch(() => undefined);
    const report = onScreen(page, '.seller-import__current .seller-import-report');
    await report.waitFor();
    await report.locator('.seller-import-report__status').getByText('已完成').waitFor({ timeout: 30_000 });
    const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    t.true(progress.length > 0, 'progress was shown while the import ran');
    t.true(
      progress.every((p) => /^已检查 \d+ \/ 43 行（\d+%）$/.test(p)),
      progress.join(' | '),
    );
    t.is(await report.locator('.seller-import-report__name').textContent(), '超市商品.csv');
    await screenshot(page, 'catalog-07-import-report');
    await fitsWidth(t, page, 'import report');
    const counts = await report.locator('.seller-import-count__n').allTextContents();
    t.deepEqual(counts, ['40', '0', '0', '3']);
    const problems = await report.locator('.seller-import-error').evaluateAll((els) => els.map((e) => e.getAttribute('data-row')));
    t.deepEqual(problems, ['42', '43', '44']);
    t.regex((await report.locator('.seller-import-error[data-row="42"]').textContent()) ?? '', /价格（元）.*价格须大于 0/);
    t.regex((await report.locator('.seller-import-error[data-row="44"]').textContent()) ?? '', /商品名称.*请填写商品名称/);
    const imports = await store.call(routes.listCatalogImports, { params: { merchant_id: seed.merchants['demo-store-1']! }, query: {} });
    t.like(imports.items[0], { status: 'completed', created: 40, rejected: 3, file_name: '超市商品.csv' });
    t.deepEqual(errors, []);
  },
);

test.serial(
  'a new shop: registered, real-name verification rejected with a reason on the operator page, resubmitted, approved',
  async (t) => {
    // Someone new to the app picks 益乐社区, then opens a shop from the home page.
    const { page, errors } = await signedIn(t, '新用户', '请选择您所在的社区或村');
    await page.locator('.home__choice').filter({ hasText: '文新街道益乐社区' }).click();
    await onScreen(page, '.home-open-shop').click();
    await page.waitForURL(/\/seller\/index\/index/);
    await onScreen(page, '.seller-steps').waitFor();
    await screenshot(page, 'shop-open-01-none');
    await onScreen(page, '.seller-create-open').click();
    await page.waitForURL(/\/seller\/profile\/index/);
    await onScreen(page, '.seller-kind .biz-chip').filter({ hasText: '社区商店' }).click();
    await onScreen(page, '.seller-name input').fill('益乐鲜果铺');
    await onScreen(page, '.seller-contact input').fill('邵春燕');
    await onScreen(page, '.seller-phone input').fill('1380000');
    await onScreen(page, '.seller-profile__save').click();
    await onScreen(page, '.seller-phone .biz-field__hint--error').getByText('请填写 11 位手机号或带区号的固定电话').waitFor();
    await onScreen(page, '.seller-phone input').fill('13800001111');
    await screenshot(page, 'shop-open-02-profile');
    await fitsWidth(t, page, 'profile');
    await onScreen(page, '.seller-profile__save').click();

    // Verification: a credit code with a wrong check character is caught on the page.
    await page.waitForURL(/\/seller\/verify\/index/);
    await onScreen(page, '.seller-verify__created').waitFor();
    await onScreen(page, '.verify-name input').fill('杭州市西湖区益乐鲜果铺');
    const code17 = '92330106MA2B8K4Q1';
    const good = code17 + creditCodeCheckChar(code17);
    const bad = code17 + (good.endsWith('0') ? '1' : '0');
    await onScreen(page, '.verify-number input').fill(bad);
    await onScreen(page, '.verify-submit').click();
    await onScreen(page, '.verify-number .biz-field__hint--error').getByText('统一社会信用代码不正确').waitFor();
    await screenshot(page, 'shop-open-03-verify-error');
    await onScreen(page, '.verify-number input').fill(good);
    await onScreen(page, '.verify-submit').click();
    await page.waitForURL(/\/seller\/index\/index/);
    await onScreen(page, '.seller-verification').getByText('实名认证审核中').waitFor();
    await onScreen(page, '.seller-verification-tag').getByText('审核中').waitFor();
    await screenshot(page, 'shop-open-04-pending');
    await fitsWidth(t, page, 'pending shop');

    // The operator checks it at the station and rejects it with a reason.
    const op = await signedIn(t, '运营 周敏', '您好，周敏');
    await onScreen(op.page, '.role-card[data-role="operator"]').click();
    await onScreen(op.page, '.operator__shop--merchants').click();
    await op.page.waitForURL(/\/operator\/merchants\/index/);
    const card = onScreen(op.page, '.op-merchant').filter({ hasText: '益乐鲜果铺' });
    await card.waitFor();
    const masked = `${good.slice(0, 3)}***********${good.slice(-4)}`;
    t.regex((await card.textContent()) ?? '', new RegExp(`统一社会信用代码.*${masked.replace(/\*/g, '\\*')}`));
    await screenshot(op.page, 'shop-open-05-operator-pending');
    await fitsWidth(t, op.page, 'merchants');
    await card.locator('.op-merchant__reject').click();
    await card.locator('textarea').fill('营业执照上的名称是“益乐水果店”，与填写的不一致');
    await screenshot(op.page, 'shop-open-06-operator-rejecting');
    await card.locator('.biz-reason__submit').click();
    await onScreen(op.page, '.op-merchants__done').getByText('已驳回「益乐鲜果铺」').waitFor();

    // The owner sees why, corrects the name and submits again.
    await page.reload();
    await onScreen(page, '.seller-verification').getByText('实名认证未通过').waitFor();
    await onScreen(page, '.seller-verification__reason').getByText('与填写的不一致').waitFor();
    await screenshot(page, 'shop-open-07-rejected');
    await onScreen(page, '.seller-verify-open').click();
    await page.waitForURL(/\/seller\/verify\/index/);
    await onScreen(page, '.seller-verify__rejected').waitFor();
    await onScreen(page, '.verify-name input').fill('杭州市西湖区益乐水果店');
    await onScreen(page, '.verify-number input').fill(good);
    await onScreen(page, '.verify-submit').click();
    await page.waitForURL(/\/seller\/index\/index/);
    await onScreen(page, '.seller-verification').getByText('实名认证审核中').waitFor();

    // Approved on the operator's page; the owner's shop is verified.
    await onScreen(op.page, '.biz-tab[data-tab="rejected"]').click();
    await onScreen(op.page, '.biz-tab[data-tab="pending"]').click();
    const again = onScreen(op.page, '.op-merchant').filter({ hasText: '益乐鲜果铺' });
    await again.getByText('杭州市西湖区益乐水果店').waitFor();
    await again.locator('.op-merchant__approve').click();
    await onScreen(op.page, '.op-merchants__done').getByText('「益乐鲜果铺」已通过实名认证').waitFor();
    await screenshot(op.page, 'shop-open-08-operator-approved');
    await page.reload();
    await onScreen(page, '.seller-verification-tag').getByText('已认证').waitFor();
    t.is(await onScreen(page, '.seller-verification').count(), 0);
    await screenshot(page, 'shop-open-09-verified');
    const shops = await stack.api.conn.collection('merchants').find({ name: '益乐鲜果铺' }).toArray();
    t.is(shops.length, 1);
    t.is((shops[0]?.verification as { status: string }).status, 'verified');
    t.deepEqual(errors, []);
    t.deepEqual(op.errors, []);
  },
);

test.serial('a flash sale made on the seller page; earnings from completed orders', async (t) => {
  const { page, errors } = await signedIn(t, '店主 黄立新', '您好，黄立新');
  await onScreen(page, '.home-shop').click();
  await onScreen(page, '.seller-entry--offers').click();
  await page.waitForURL(/\/seller\/offers\/index/);
  await onScreen(page, '.seller-offer-form').waitFor();
  const tofu = await productId('YL-TOF-01');
  await onScreen(page, `.offer-product-choice[data-product="${tofu}"]`).click();
  await onScreen(page, '.offer-price input').fill('3.50');
  await onScreen(page, '.offer-quantity input').fill('10');
  await onScreen(page, '.offer-submit').click();
  await onScreen(page, '.offer-price .biz-field__hint--error').getByText('活动价须低于原价 ¥3.50').waitFor();
  await onScreen(page, '.offer-price input').fill('1.99');
  await onScreen(page, '.offer-title input').fill('嫩豆腐 晚市特价');
  await screenshot(page, 'offer-01-form');
  await fitsWidth(t, page, 'offer form');
  await onScreen(page, '.offer-submit').click();
  await onScreen(page, '.seller-offers__done').getByText('「嫩豆腐 晚市特价」已创建').waitFor();
  const card = onScreen(page, '.seller-offer').filter({ hasText: '嫩豆腐 晚市特价' });
  await card.getByText('进行中').waitFor();
  await screenshot(page, 'offer-02-created');
  const offers = await stack.client.call(routes.listOffers, { params: { community_id: seed.communities.wenxin } });
  t.like(
    offers.items.find((o) => o.title === '嫩豆腐 晚市特价'),
    {
      product_id: tofu,
      price_fen: 199,
      regular_price_fen: 350,
      quantity_total: 10,
      per_user_limit: 2,
      state: 'running',
      kind: 'flash_sale',
    },
  );

  // Earnings: the delivered orders of the first tests, one confirmed by the buyer, count once completed; the
  // other is 待买家确认; the refunded one does not count.
  const delivered = (
    await store.call(routes.listMerchantOrders, {
      params: { merchant_id: seed.merchants['demo-store-1']! },
      query: { status: 'delivered' },
    })
  ).items;
  t.is(delivered.length, 2);
  const [confirmed, waiting] = delivered as [Order, Order];
  await liu.client.call(routes.confirmOrder, { params: { order_id: confirmed.id }, body: {} });
  await page.goBack();
  await onScreen(page, '.seller-entry--earnings').click();
  await page.waitForURL(/\/seller\/earnings\/index/);
  await onScreen(page, '.seller-earnings__amount').getByText(formatFen(confirmed.total_fen)).waitFor();
  t.is(await onScreen(page, '.seller-earning').count(), 1);
  t.is(await onScreen(page, '.seller-earnings__waiting').textContent(), formatFen(waiting.total_fen));
  t.regex((await onScreen(page, '.seller-earnings__note').textContent()) ?? '', /收入按已完成的订单计算.*已退款的订单（共 ¥25\.80）不计入/);
  await screenshot(page, 'earnings-01');
  await fitsWidth(t, page, 'earnings');
  t.deepEqual(errors, []);
});

test.serial('an operator hides a product with a reason, the seller sees why, the operator lifts it', async (t) => {
  const op = await signedIn(t, '运营 周敏', '您好，周敏');
  await onScreen(op.page, '.role-card[data-role="operator"]').click();
  await onScreen(op.page, '.operator__shop--products').click();
  await op.page.waitForURL(/\/operator\/products\/index/);
  await op.page.getByText('没有被隐藏的商品').waitFor();
  await onScreen(op.page, '.op-search__input input').fill('笋干');
  await onScreen(op.page, '.op-search__go').click();
  const found = onScreen(op.page, '.op-product--found').filter({ hasText: '农家笋干' });
  await found.waitFor();
  await found.locator('.op-product__hide').click();
  const reason = '标注“日晒”，抽检为烘干，请改正描述';
  await found.locator('textarea').fill(reason);
  await screenshot(op.page, 'hide-01-operator-hiding');
  await fitsWidth(t, op.page, 'hiding');
  await found.locator('.biz-reason__submit').click();
  await onScreen(op.page, '.op-products__done').getByText('「农家笋干」已隐藏，居民看不到了').waitFor();
  const hidden = onScreen(op.page, '.op-product--hidden').filter({ hasText: '农家笋干' });
  await hidden.getByText(reason).waitFor();
  await screenshot(op.page, 'hide-02-operator-hidden');
  const sunId = await productId('JS-SUN-02');
  t.like(await stack.api.conn.collection('products').findOne({ sku: 'JS-SUN-02' }), { status: 'hidden_by_operator' });
  const search = await stack.client.call(routes.searchProducts, { query: { community_id: seed.communities.wenxin, q: '笋干' } });
  t.false(
    search.items.some((p) => p.id === sunId),
    'residents do not find it',
  );

  // 陈建国 (the farmer who sells it) sees it under 被隐藏, with the reason, and cannot put it back on sale himself.
  const farmer = await signedIn(t, '农户 陈建国', '您好，陈建国');
  await onScreen(farmer.page, '.role-card[data-role="farmer"]').click();
  await onScreen(farmer.page, '.farmer__shop').click();
  await farmer.page.waitForURL(/\/seller\/index\/index/);
  await onScreen(farmer.page, '.seller-entry--products').click();
  await onScreen(farmer.page, '.biz-tab[data-tab="hidden_by_operator"]').click();
  const row = onScreen(farmer.page, `.seller-product[data-product="${sunId}"]`);
  await row.locator('.seller-product__hidden').getByText(reason).waitFor();
  t.is(await row.locator('.seller-product__on, .seller-product__off').count(), 0, 'no 上架 / 下架 while hidden');
  await screenshot(farmer.page, 'hide-03-seller-sees-reason');
  await fitsWidth(t, farmer.page, 'hidden product');

  // Lifted: back on sale as it was.
  await hidden.locator('.op-product__unhide').click();
  await hidden.locator('.op-product__unhide-yes').click();
  await onScreen(op.page, '.op-products__done').getByText('「农家笋干」已取消隐藏').waitFor();
  await op.page.getByText('没有被隐藏的商品').waitFor();
  t.like(await stack.api.conn.collection('products').findOne({ sku: 'JS-SUN-02' }), { status: 'on_sale' });
  t.deepEqual(op.errors, []);
  t.deepEqual(farmer.errors, []);
});
