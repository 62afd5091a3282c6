/**
 * 社区商城 (issue 5) in the mini-program (H5 build) in Chromium against the real API, database and Redis, with the
 * demo catalog: 王秀英 switches community and back, finds 菜籽油 by search (after a search that finds nothing), adds
 * two with the stepper, checks out into a delivery slot with a new address (a full slot shown disabled), is asked
 * again when the seller changes the price meanwhile (409 price_changed), pays from the citizen-card wallet by tapping
 * the PIN on NutUI's on-screen pad (a wrong PIN first), and sees the order as 已付款 with its timeline. The page is
 * checked against the API: stock and balance went down by exactly the order. Then a flash sale shows its badge and
 * price and keeps to its per-person limit; once the store has delivered, she confirms receipt and reviews the order
 * with stars, words and a photo, which the seller page shows. Phone-sized viewport (375 px).
 */
import { crc32, deflateSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { DEMO_WALLETS, seedDemo } from '@cc/api';
import { formatFen, routes, shanghaiDate, type ApiClient } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let browser: LaunchedBrowser;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let store: ApiClient;

const PHONE = { width: 375, height: 812 };
const PIN: string = DEMO_WALLETS.find((w) => w.openid === 'demo-resident-1')!.pin;
// Tomorrow in Shanghai: its windows are never past their cut-off, whenever the test runs.
const TOMORROW = shanghaiDate(new Date(Date.now() + 24 * 3600 * 1000));
const TOMORROW_CHIP = `${Number(TOMORROW.slice(5, 7))}/${Number(TOMORROW.slice(8, 10))}`;
const TOMORROW_PICKUP = `明天 ${Number(TOMORROW.slice(5, 7))}月${Number(TOMORROW.slice(8, 10))}日`;

/** A 96×96 PNG made here: a golden oil can on a pale tile, standing in for the seller's product photo. */
function oilPhoto(): Buffer {
  const size = 96;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const can = x > 28 && x < 68 && y > 26 && y < 86;
      const cap = x > 42 && x < 54 && y > 14 && y <= 26;
      row.set(can ? [222, 170, 38] : cap ? [30, 110, 70] : [244, 241, 232], 1 + x * 3);
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

async function productId(sku: string): Promise<string> {
  const p = await stack.api.conn.collection('products').findOne({ sku });
  if (!p) throw new Error(`no product ${sku}`);
  return String(p._id);
}

test.before(async () => {
  stack = await startStack();
  seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
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

/** Taro keeps the pages below in the DOM (hidden): only what is on screen. */
function onScreen(page: Page, selector: string) {
  return page.locator(`${selector}:visible`);
}

async function sessionToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('cc.session_token'));
  if (!raw) throw new Error('not signed in');
  return (JSON.parse(raw) as { data: string }).data;
}

/** Nothing sticks out sideways at 375 px (the horizontal strips scroll inside themselves). After a screenshot, which waits for the page's slide-in. */
async function fitsWidth(t: ExecutionContext, page: Page, what: string): Promise<void> {
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
async function signedInPage(t: ExecutionContext): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  return { page, errors };
}

async function tapPin(page: Page, digits: string): Promise<void> {
  for (const d of digits)
    await onScreen(page, '.nut-numberkeyboard .key')
      .filter({ hasText: new RegExp(`^${d}$`) })
      .tap();
}

test.serial(
  '王秀英 finds rapeseed oil, checks out into tomorrow evening with a new address, pays with the PIN pad, sees the order paid',
  async (t) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    t.teardown(() => page.close());
    await page.goto(web.url);
    await page.waitForURL(/\/pages\/login\/index/);
    await page.locator('.login__account').filter({ hasText: '居民 王秀英' }).click();
    await page.getByText('您好，王秀英').waitFor();
    const api = stack.as(await sessionToken(page));
    const oilId = await productId('YL-OIL-01');
    const oilBefore = await stack.client.call(routes.getProduct, { params: { product_id: oilId } });
    const walletBefore = await api.call(routes.getWallet, {});
    t.is(oilBefore.price_fen, 8990);

    // ---- the resident page links the shop; the shop's home ----
    await page.locator('.role-card[data-role="resident"]').click();
    await page.waitForURL(/\/resident\/index\/index/);
    await onScreen(page, '.resident__shop').click();
    await page.waitForURL(/\/shop\/index\/index/);
    await onScreen(page, '.shop-community__name').getByText('文新街道益乐社区').waitFor();
    for (const name of ['蔬菜', '水果', '粮油', '禽蛋肉', '日用百货'])
      await onScreen(page, '.shop-category').getByText(name, { exact: true }).waitFor();
    // 本地好物: produce of the villages, each with its village and its producer.
    const tiles = onScreen(page, '.local-tile');
    await tiles.first().waitFor();
    const tileTexts = await tiles.allTextContents();
    t.true(
      tileTexts.some((x) => x.includes('径山村') && x.includes('俞桂芳生态农场')),
      tileTexts.join(' | '),
    );
    t.true(
      tileTexts.some((x) => x.includes('白沙村') && x.includes('白沙村果蔬专业合作社')),
      tileTexts.join(' | '),
    );
    await screenshot(page, 'shop-01-home');
    await fitsWidth(t, page, 'shop home');

    // A local product's page: village, harvest date, the producer linking to the seller's page.
    await tiles.filter({ hasText: '俞桂芳生态农场' }).first().click();
    await page.waitForURL(/\/shop\/product\/index/);
    await onScreen(page, '.shop-product__origin').getByText('径山村').waitFor();
    t.regex((await onScreen(page, '.shop-product__harvest').textContent()) ?? '', /采收日期.*\d+月\d+日/);
    await screenshot(page, 'shop-02-local-product');
    await onScreen(page, '.shop-product__producer .shop-link').click();
    await page.waitForURL(/\/shop\/seller\/index/);
    await onScreen(page, '.shop-seller__name').getByText('俞桂芳生态农场').waitFor();
    await onScreen(page, '.product-card').first().waitFor();
    await screenshot(page, 'shop-03-seller');
    await fitsWidth(t, page, 'seller');
    await page.goBack();
    await page.goBack();
    await page.waitForURL(/\/shop\/index\/index/);

    // The community switch: 径山村 and back (what is shown follows the community).
    await onScreen(page, '.shop-community__switch').click();
    await onScreen(page, '.shop-picker__item').filter({ hasText: '径山镇径山村' }).waitFor();
    await screenshot(page, 'shop-04-community-picker');
    await onScreen(page, '.shop-picker__item').filter({ hasText: '径山镇径山村' }).click();
    await onScreen(page, '.shop-community__name').getByText('径山镇径山村').waitFor();
    t.is((await api.call(routes.getMe, {})).community_id, seed.communities.jingshan);
    await onScreen(page, '.shop-community__switch').click();
    await onScreen(page, '.shop-picker__item').filter({ hasText: '文新街道益乐社区' }).click();
    await onScreen(page, '.shop-community__name').getByText('文新街道益乐社区').waitFor();
    t.is((await api.call(routes.getMe, {})).community_id, seed.communities.wenxin);

    // ---- search: nothing for 榴莲, then 菜籽油 ----
    await onScreen(page, '.shop-search input').fill('榴莲');
    await onScreen(page, '.shop-search__go').click();
    await page.waitForURL(/\/shop\/list\/index/);
    await page.getByText('没有找到“榴莲”').waitFor();
    await screenshot(page, 'shop-05-search-empty');
    await onScreen(page, '.shop-search input').fill('菜籽油');
    await onScreen(page, '.shop-search__go').click();
    const card = onScreen(page, '.product-card').filter({ hasText: '压榨菜籽油' });
    await card.waitFor();
    t.is(await onScreen(page, '.product-card').count(), 1);
    const cardText = (await card.textContent()) ?? '';
    for (const part of ['¥89.90', '/桶', '益乐惠民超市', '社区商店', '有货 · 库存 25桶', '5 升/桶'])
      t.true(cardText.includes(part), `${part} in ${cardText}`);
    await screenshot(page, 'shop-06-search');
    await fitsWidth(t, page, 'search results');

    // ---- the product: its photo, two with the stepper, into the cart ----
    await card.click();
    await page.waitForURL(/\/shop\/product\/index/);
    await onScreen(page, '.shop-product__name').getByText('压榨菜籽油').waitFor();
    const img = onScreen(page, '.shop-product__gallery img');
    await img.waitFor();
    t.true(await img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth === 96), 'the uploaded photo is shown');
    t.regex((await onScreen(page, '.shop-product__price-row').textContent()) ?? '', /¥89\.90\/桶/);
    await onScreen(page, '.shop-bar__stepper .nut-inputnumber-add').click();
    t.is(await onScreen(page, '.shop-bar__stepper input').inputValue(), '2');
    await onScreen(page, '.shop-bar__add').click();
    await onScreen(page, '.shop-product__result').getByText('已加入购物车，购物车里共 2桶').waitFor();
    await screenshot(page, 'shop-07-product-added');
    await fitsWidth(t, page, 'product');

    // ---- the cart ----
    await onScreen(page, '.shop-product__to-cart').click();
    await page.waitForURL(/\/shop\/cart\/index/);
    await onScreen(page, '.cart-line').filter({ hasText: '压榨菜籽油' }).waitFor();
    t.is(await onScreen(page, '.cart-total').textContent(), formatFen(2 * 8990));
    await screenshot(page, 'shop-08-cart');
    await fitsWidth(t, page, 'cart');
    await onScreen(page, '.cart-checkout').click();
    await page.waitForURL(/\/shop\/checkout\/index/);

    // ---- checkout: pickup is the other way (stations and their open days), then delivery ----
    await onScreen(page, '.address-form').waitFor();
    await onScreen(page, '.checkout-mode__pickup').click();
    await onScreen(page, '.checkout-station').filter({ hasText: '益乐菜鸟驿站自提点' }).click();
    await onScreen(page, '.checkout-pickup-day').filter({ hasText: TOMORROW_PICKUP }).getByText('07:30–21:30').waitFor();
    await onScreen(page, '.checkout-pickup-day').filter({ hasText: TOMORROW_PICKUP }).click();
    await screenshot(page, 'shop-09a-pickup');
    await fitsWidth(t, page, 'pickup');
    await onScreen(page, '.checkout-mode__slot').click();

    // A new address inline, tomorrow's slots (the full morning one disabled).
    await onScreen(page, '.address-form').waitFor();
    await onScreen(page, '.address-form__recipient input').fill('王秀英');
    await onScreen(page, '.address-form__phone input').fill('13805710001');
    await onScreen(page, '.address-form__detail input').fill('益乐新村 3 幢 2 单元 301 室');
    await onScreen(page, '.address-form__save').click();
    await onScreen(page, '.checkout-address').filter({ hasText: '益乐新村 3 幢 2 单元 301 室' }).waitFor();
    await onScreen(page, '.checkout-day').filter({ hasText: TOMORROW_CHIP }).click();
    const morning = onScreen(page, '.checkout-slot').filter({ hasText: '09:00–11:00' });
    await morning.getByText('已约满').waitFor();
    t.is(await morning.locator('.nut-radio-label-disabled').count(), 1, 'a full slot cannot be chosen');
    const evening = onScreen(page, '.checkout-slot').filter({ hasText: '18:00–20:00' });
    t.regex((await evening.textContent()) ?? '', /剩 50 个名额 · 17:00 截单/);
    await evening.click();
    t.is(await onScreen(page, '.checkout-total').textContent(), '¥179.80');
    await screenshot(page, 'shop-09-checkout');
    await fitsWidth(t, page, 'checkout');

    // The store raises the price before 王秀英 submits: she is told the new total and asked again.
    await store.call(routes.updateProduct, { params: { product_id: oilId }, body: { price_fen: 9290 } });
    await onScreen(page, '.checkout-submit').click();
    await onScreen(page, '.checkout-price-changed').getByText('您看到的是 ¥179.80，现在应付 ¥185.80').waitFor();
    t.is(await onScreen(page, '.checkout-total').textContent(), '¥185.80');
    t.is((await api.call(routes.listMyOrders, { query: { limit: 10 } })).items.length, 0, 'nothing was ordered at the old price');
    await screenshot(page, 'shop-10-price-changed');
    await onScreen(page, '.checkout-submit').filter({ hasText: '按新价格提交' }).click();

    // ---- pay: above the PIN-free limit, the PIN on the on-screen pad ----
    await page.waitForURL(/\/shop\/pay\/index/);
    await onScreen(page, '.pay-total').getByText('¥185.80').waitFor();
    t.regex((await onScreen(page, '.pay-pin-hint').textContent()) ?? '', /超过免密额度 ¥50\.00，需要输入 6 位支付密码/);
    await screenshot(page, 'shop-11-pay');
    await fitsWidth(t, page, 'pay');
    await onScreen(page, '.pay-submit').click();
    await onScreen(page, '.nut-shortpassword').waitFor();
    await onScreen(page, '.nut-numberkeyboard').waitFor();
    const wrong = PIN === '000000' ? '111111' : '000000';
    await tapPin(page, wrong);
    await onScreen(page, '.nut-shortpassword-message-error').getByText('密码错误，还可以再试 4 次').waitFor();
    t.is(await onScreen(page, '.nut-shortpassword-input-fake-li-icon').count(), 0, 'the pad is cleared for another try');
    await screenshot(page, 'shop-12-pin-wrong');
    await tapPin(page, PIN.slice(0, 3));
    t.is(await onScreen(page, '.nut-shortpassword-input-fake-li-icon').count(), 3, 'dots, never digits');
    t.false((await onScreen(page, '.nut-shortpassword').textContent())?.includes(PIN.slice(0, 3)));
    await screenshot(page, 'shop-13-pin-typing');
    await tapPin(page, PIN.slice(3));
    await onScreen(page, '.pay-success').getByText('支付成功').waitFor();
    await onScreen(page, '.shop-result').getByText(formatFen(18580)).waitFor();
    await screenshot(page, 'shop-14-paid');

    // ---- the order: 已付款, delivery, the timeline ----
    await onScreen(page, '.pay-view-order').click();
    await page.waitForURL(/\/shop\/order\/index/);
    await onScreen(page, '.order-head__status').getByText('已付款').waitFor();
    const steps = onScreen(page, '.order-step');
    t.is(await steps.count(), 2);
    t.regex((await steps.nth(0).textContent()) ?? '', /付款成功 · 已付款/);
    t.regex((await steps.nth(1).textContent()) ?? '', /提交订单 · 待付款/);
    t.regex((await onScreen(page, '.order-slot').textContent()) ?? '', /明天.*18:00–20:00/);
    t.true(((await onScreen(page, '.shop-order').textContent()) ?? '').includes('益乐新村 3 幢 2 单元 301 室'));
    t.is(await onScreen(page, '.order-total').textContent(), '¥185.80');
    await screenshot(page, 'shop-15-order');
    await fitsWidth(t, page, 'order');

    // My orders, the 已付款 tab.
    await page.goto(`${web.url}/shop/orders/index?status=paid`);
    await onScreen(page, '.order-card').filter({ hasText: '益乐惠民超市' }).getByText('已付款').waitFor();
    await screenshot(page, 'shop-16-orders');
    await fitsWidth(t, page, 'orders');

    // ---- the API agrees: one order, paid; stock and balance went down by exactly it ----
    const orders = (await api.call(routes.listMyOrders, { query: { limit: 10 } })).items;
    t.is(orders.length, 1);
    const order = orders[0]!;
    t.is(order.status, 'paid');
    t.is(order.total_fen, 18580);
    t.deepEqual(
      order.lines.map((l) => [l.name, l.quantity, l.price_fen]),
      [['压榨菜籽油', 2, 9290]],
    );
    t.deepEqual(
      order.history.map((h) => h.action),
      ['place', 'pay'],
    );
    t.is(order.delivery.kind === 'slot' && order.delivery.slot_key, `${TOMORROW}/18:00-20:00`);
    t.is((await stack.client.call(routes.getProduct, { params: { product_id: oilId } })).stock, oilBefore.stock - 2);
    const walletAfter = await api.call(routes.getWallet, {});
    t.is(walletAfter.balance_fen, walletBefore.balance_fen - 18580);
    t.false(walletAfter.card?.locked_until ? Date.parse(walletAfter.card.locked_until) > Date.now() : false, 'one wrong PIN does not lock');
    t.deepEqual((await api.call(routes.getCart, {})).lines, [], 'the bought lines left the cart');
    t.deepEqual(errors, []);
  },
);

test.serial(
  'a flash sale shows its badge and keeps its limit; after delivery she confirms receipt and reviews the order with a photo',
  async (t) => {
    const { page, errors } = await signedInPage(t);
    const api = stack.as(
      await (async () => {
        await page.goto(`${web.url}/shop/index/index`);
        await onScreen(page, '.shop-community__name').waitFor();
        return sessionToken(page);
      })(),
    );

    // ---- 嫩豆腐 on a flash sale: ¥2.80 instead of ¥3.50, two per person ----
    const tofuId = await productId('YL-TOF-01');
    await store.call(routes.createOffer, {
      params: { product_id: tofuId },
      body: {
        kind: 'flash_sale',
        title: '豆腐早市特价',
        price_fen: 280,
        quantity_total: 20,
        per_user_limit: 2,
        starts_at: new Date(Date.now() - 60_000).toISOString(),
        ends_at: new Date(Date.now() + 2 * 3600_000).toISOString(),
      },
    });
    await page.goto(`${web.url}/shop/list/index?q=${encodeURIComponent('豆腐')}`);
    const tofu = onScreen(page, '.product-card').filter({ hasText: '嫩豆腐' });
    await tofu.locator('.shop-offer-badge').getByText('限时特价 ¥2.80').waitFor();
    await screenshot(page, 'shop-17-offer-badge');
    await tofu.click();
    await page.waitForURL(/\/shop\/product\/index/);
    await onScreen(page, '.shop-offer').getByText('每人限购 2盒', { exact: false }).waitFor();
    t.regex((await onScreen(page, '.shop-product__price-row').textContent()) ?? '', /¥2\.80\/盒.*原价 ¥3\.50/);
    // The stepper stops at the limit.
    for (let i = 0; i < 3; i++) await onScreen(page, '.shop-bar__stepper .nut-inputnumber-add').click();
    t.is(await onScreen(page, '.shop-bar__stepper input').inputValue(), '2');
    await onScreen(page, '.shop-bar__add').getByText('按活动价加入').waitFor();
    await onScreen(page, '.shop-bar__add').click();
    await onScreen(page, '.shop-product__result').getByText('已加入购物车，购物车里共 2盒').waitFor();
    await screenshot(page, 'shop-18-offer-product');
    await fitsWidth(t, page, 'offer product');
    const cart = await api.call(routes.getCart, {});
    t.deepEqual(
      cart.lines.map((l) => [l.name, l.quantity, l.price_fen, Boolean(l.offer_id)]),
      [['嫩豆腐', 2, 280, true]],
    );
    await onScreen(page, '.shop-product__to-cart').click();
    await onScreen(page, '.cart-line').filter({ hasText: '嫩豆腐' }).getByText('活动价').waitFor();
    t.is(await onScreen(page, '.cart-total').textContent(), '¥5.60');
    await screenshot(page, 'shop-19-offer-cart');

    // ---- the store prepares and delivers the first test's order ----
    const [order] = (await api.call(routes.listMyOrders, { query: { limit: 10 } })).items;
    for (const step of [routes.prepareOrder, routes.readyOrder, routes.dispatchOrder, routes.deliverOrder])
      await store.call(step, { params: { order_id: order!.id }, body: {} });

    // ---- she confirms receipt on the order's page ----
    await page.goto(`${web.url}/shop/order/index?id=${order!.id}`);
    await onScreen(page, '.order-head__status').getByText('已送达').waitFor();
    t.is(await onScreen(page, '.order-step').count(), 6);
    await onScreen(page, '.order-confirm').click();
    await onScreen(page, '.order-ask').getByText('确认已经收到商品了吗？').waitFor();
    await onScreen(page, '.order-confirm-yes').click();
    await onScreen(page, '.order-head__status').getByText('已完成').waitFor();
    await onScreen(page, '.order-step').first().getByText('确认收货 · 已完成').waitFor();
    await screenshot(page, 'shop-20-order-completed');

    // ---- and reviews it: four stars, words, a photo ----
    await onScreen(page, '.order-review').click();
    await page.waitForURL(/\/shop\/review\/index/);
    await onScreen(page, '.review-submit').click();
    await page.getByText('请先点星星打分').waitFor();
    await onScreen(page, '.review-rate .nut-rate-item').nth(3).click();
    await onScreen(page, '.review-stars__words').getByText('4 星：满意').waitFor();
    await onScreen(page, '.review-text textarea').fill('菜籽油很香，送货准时，就是桶有点难拎上楼');
    const chooser = page.waitForEvent('filechooser');
    await onScreen(page, '.call-photo-add').click();
    await (await chooser).setFiles({ name: 'oil.png', mimeType: 'image/png', buffer: oilPhoto() });
    await onScreen(page, '.call-photo').waitFor();
    await screenshot(page, 'shop-21-review');
    await fitsWidth(t, page, 'review');
    await onScreen(page, '.review-submit').click();
    await onScreen(page, '.review-done').getByText('感谢您的评价').waitFor();
    await onScreen(page, '.review-back').click();
    await page.waitForURL(/\/shop\/order\/index/);
    await onScreen(page, '.order-my-review').getByText('4 星：满意').waitFor();
    await onScreen(page, '.order-my-review .review-photo').waitFor();
    await screenshot(page, 'shop-22-order-reviewed');

    // The seller page shows the rating and the review.
    await page.goto(`${web.url}/shop/seller/index?id=${order!.merchant_id}`);
    await onScreen(page, '.shop-seller__rating').getByText('4.0 分（1 条评价）').waitFor();
    await onScreen(page, '.shop-seller__reviews').getByText('菜籽油很香，送货准时，就是桶有点难拎上楼').waitFor();
    await screenshot(page, 'shop-23-seller-reviews');

    const reviews = await stack.client.call(routes.listMerchantReviews, {
      params: { merchant_id: order!.merchant_id },
      query: { limit: 10 },
    });
    t.deepEqual(
      reviews.items.map((r) => [r.order_id, r.rating, r.photos.length]),
      [[order!.id, 4, 1]],
    );
    t.is((await api.call(routes.getOrder, { params: { order_id: order!.id } })).status, 'completed');
    t.deepEqual(errors, []);
  },
);
