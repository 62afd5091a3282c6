/**
 * 为家人下单 with search, and 为谁下单 at the shop's checkout (issue 15 item 3), in the browsers against the real API.
 * A son in 径山村 is linked to his mother 王秀英 in 益乐社区 (approved at the kiosk with her card and PIN). On the
 * family page he searches her community's goods by words and category, loads the next page, and his choices from
 * several searches make one order. At the shop's checkout his cart holds tea from a farm that does not deliver to
 * her community and eggs from one that does: 给王秀英 says the tea cannot go and keeps it in his cart; the eggs go
 * as a proxy order to her address, and the order shows on the kiosk's 家人代买 screen. checkScreen on every screen.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { seedDemo } from '@cc/api';
import { routes } from '@cc/shared';
import { checkScreen } from '../support/axe';
import { KIOSK_PORTRAIT, launchBrowser, launchKioskBrowser } from '../support/browser';
import { linkedFamily, WANG } from '../support/family';
import { byTestId, demoCard, enterPin, tapCard } from '../support/kiosk-pages';
import { until } from '../support/outcome';
import { kiosk as kioskWeb, miniapp, pageIn, setupKioskAndPhone, stack } from '../support/kiosk-and-phone';

setupKioskAndPhone();
let seed: Awaited<ReturnType<typeof seedDemo>>;
/** 王秀英's community's goods once 陈建国's tea farm delivers to 径山村 only: 25 demo products less its 3. */
const WENXIN_PRODUCTS = 22;

/**
 * The shop on top of setupKioskAndPhone's stack, once, from the first test (AVA runs before hooks concurrently, so
 * this cannot be a hook of its own).
 */
let shopReady: Promise<void> | null = null;
const withShop = () => (shopReady ??= addShop());

async function addShop(): Promise<void> {
  // The demo again with its shop (products and their photos); the terminal gets a fresh secret, the one used here.
  const { identity, wallet, catalog, uploads } = stack.api;
  seed = await seedDemo({ identity, wallet, catalog, uploads });
  const operator = (await stack.login('demo-operator-1')).client;
  await operator.call(routes.createSlotTemplate, {
    params: { community_id: seed.communities.wenxin },
    body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '20:00', capacity: 50, cutoff_minutes: 60 },
  });
  // 王秀英's address: linkedFamily adds one to her book (益乐新村 3 幢 101).
  const farmer = (await stack.login('demo-farmer-1')).client;
  const [farm] = (await farmer.call(routes.listMyMerchants, {})).items;
  await farmer.call(routes.updateMerchant, {
    params: { merchant_id: farm!.id },
    body: { serves_community_ids: [seed.communities.jingshan] },
  });
}

/** A son of 王秀英 living in 径山村, linked to her, signed in on a 375 px phone. */
async function sonOnPhone() {
  await withShop();
  const family = await linkedFamily(stack, seed.kiosk);
  await family.son.client.call(routes.updateMe, { body: { community_id: seed.communities.jingshan } });
  const { page: app, errors } = await pageIn(await launchBrowser({ viewport: { width: 375, height: 812 } }));
  await app.goto(miniapp.url);
  await app.evaluate((tok) => localStorage.setItem('cc.session_token', JSON.stringify({ data: tok })), family.son.token);
  return { ...family, app, errors };
}

async function productId(sku: string): Promise<string> {
  const p = await stack.api.conn.collection('products').findOne({ sku });
  return String(p!._id);
}

const products = (app: Page) => byTestId(app, 'proxy-product');
const stepUp = (row: ReturnType<typeof products>) => row.locator('.cc-stepper__btn').last().click();

test.serial('the family page searches her community by words and category, page after page, and keeps what was chosen', async (t) => {
  const { son, link_id, app, errors } = await sonOnPhone();
  await app.goto(`${miniapp.url}/family/order/index?link_id=${link_id}`);
  await until('the first page', async () => (await products(app).count()) === 20);
  t.truthy(await app.locator('[data-testid="proxy-product"]:visible img, [data-testid="proxy-product"]:visible .cc-thumb').count());
  await checkScreen(t, app, 'family-shop-1-order-first-page');

  // 加载更多: the rest of her community's goods; the tea farm that does not deliver there is not among them.
  await byTestId(app, 'proxy-more').click();
  await until('the second page', async () => (await products(app).count()) === WENXIN_PRODUCTS);
  t.is(await app.locator('[data-testid="proxy-product"][data-sku^="JS-TEA"]:visible').count(), 0);
  await stepUp(app.locator('[data-testid="proxy-product"][data-sku="YL-RICE-01"]:visible'));

  // Words: 牙膏 finds the toothpaste only.
  await app.locator('.shop-search:visible input').fill('牙膏');
  await app.locator('.shop-search__go:visible').click();
  await until('the search', async () => (await products(app).count()) === 1);
  const paste = app.locator('[data-testid="proxy-product"][data-sku="YL-DAI-03"]:visible');
  await stepUp(paste);
  await stepUp(paste);
  await checkScreen(t, app, 'family-shop-2-order-search');

  // A category: 日用百货 only (the words cleared first).
  await app.locator('.shop-search:visible input').fill('');
  await app.locator('.shop-search__go:visible').click();
  await app.locator('.family-categories:visible .cc-chip', { hasText: '日用百货' }).click();
  await until('the category', async () => (await app.locator('[data-testid="proxy-product"][data-sku^="YL-DAI"]:visible').count()) === 3);
  t.is(await products(app).count(), 3, 'only 日用百货');
  // What was chosen on page two and in the search is still there, with its total.
  await until('both chosen', async () => (await byTestId(app, 'proxy-chosen-line').count()) === 2);
  await checkScreen(t, app, 'family-shop-3-order-category');

  await byTestId(app, 'place-proxy').click();
  await until('the orders page', async () => app.url().includes('family/orders/index'));
  await app.locator('[data-testid="my-proxy-order"][data-status="waiting"]:visible').waitFor();
  await checkScreen(t, app, 'family-shop-3b-orders');
  const [placed] = (await son.client.call(routes.listMyProxyOrders, {})).items;
  t.deepEqual(placed!.items.map((i) => [i.name, i.quantity]).sort(), [
    ['径山大米', 1],
    ['草本牙膏', 2],
  ]);
  t.deepEqual(errors, [], 'no page errors');
});

test.serial(
  '为谁下单 at checkout: tea that does not go to her community stays in the cart, the eggs wait for her at the kiosk',
  async (t) => {
    const { son, link_id, app, errors } = await sonOnPhone();
    const tea = await productId('JS-TEA-02');
    const eggs = await productId('JS-EGG-01');
    for (const product_id of [tea, eggs]) await son.client.call(routes.setCartLine, { params: { product_id }, body: { quantity: 1 } });

    await app.goto(`${miniapp.url}/shop/checkout/index`);
    const whom = byTestId(app, 'for-whom');
    await whom.waitFor();
    await checkScreen(t, app, 'family-shop-4-checkout-for-whom');
    await whom.locator(`[data-who="${link_id}"]`).click();
    await byTestId(app, 'kept-out').getByText('径山茶 雨前二级').waitFor();
    await checkScreen(t, app, 'family-shop-5-checkout-for-her');
    t.is(await app.locator('.checkout-line:visible', { hasText: '径山茶' }).count(), 0, 'the tea is not in her order');
    await app.locator('.checkout-line:visible', { hasText: '径山土鸡蛋' }).waitFor();
    await app.locator('.checkout-addresses:visible', { hasText: '益乐新村 3 幢 101' }).waitFor();
    await app.locator('.checkout-slot:visible').first().click();
    await app.locator('.checkout-submit:visible', { hasText: '请家人确认' }).click();

    await until('the family orders page', async () => app.url().includes('family/orders/index'));
    await app.locator('[data-testid="my-proxy-order"][data-status="waiting"]:visible').waitFor();
    await checkScreen(t, app, 'family-shop-6-waiting');
    const [placed] = (await son.client.call(routes.listMyProxyOrders, {})).items;
    t.deepEqual(
      placed!.items.map((i) => i.name),
      ['径山土鸡蛋'],
    );
    t.regex(placed!.delivery_words, /送到家/);
    const cart = await son.client.call(routes.getCart, {});
    t.deepEqual(
      cart.lines.map((l) => l.product_id),
      [tea],
      'the tea stays in his cart, the eggs left it',
    );

    // At the kiosk: 家人代买, her card and PIN, and the order with its total.
    const { page: k, errors: kioskErrors } = await pageIn(await launchKioskBrowser(KIOSK_PORTRAIT));
    await k.goto(
      `${kioskWeb.url}/?terminal_id=${encodeURIComponent(seed.kiosk.id)}&terminal_secret=${encodeURIComponent(seed.kiosk.secret)}`,
    );
    await byTestId(k, 'tile-approve').click();
    await until('the card screen', async () => k.url().includes('pages/card/index'));
    await tapCard(k, demoCard('王秀英'));
    await enterPin(k, WANG.pin);
    await until('the approve screen', async () => k.url().includes('pages/approve/index'), 60_000);
    // Hers from the first test waits there too: this one is the eggs, with its total.
    const eggsOrder = byTestId(k, 'proxy-order').filter({ hasText: '径山土鸡蛋' });
    await eggsOrder
      .getByText(`¥${(placed!.total_fen / 100).toFixed(2)}`)
      .first()
      .waitFor();
    await checkScreen(t, k, 'family-shop-7-kiosk-waiting');
    t.deepEqual([...errors, ...kioskErrors], [], 'no page errors');
  },
);
