/**
 * 买菜 at the kiosk (issue 15 items 1–2), in Chromium against the real API: from the home screen 买菜, card + PIN,
 * “再买一次” on a card and 确认付款 — three presses to a paid re-order, the delivery said in words before paying and the
 * total and the balance after spoken; above the PIN-free limit the PIN pad; 常买的 with the stepper; and the network
 * cut in the middle of a payment (the server charged, the answer lost, the terminal offline): the screen says
 * 正在确认, the same keys are sent again when the network is back, and there is one order and one transfer — also
 * after a reload and a new login. axe on every screen.
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { formatFen } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { fenToChineseWords } from '../../packages/kiosk/src/money-words';
import { checkScreen } from '../support/axe';
import { h5Build, type LaunchedBrowser } from '../support/browser';
import { assertElderMode } from '../support/elder-metrics';
import { liveOrdersOf, paymentsOf, openShopKiosk, PAY_PATH, shopper } from '../support/kiosk-shop';
import { stack, useOrdersStack } from '../support/orders-stack';
import { until } from '../support/outcome';
import { cardNumbers } from '../support/wallet-people';

useOrdersStack({ env: { WALLET_PIN_FREE_LIMIT_FEN: '5000', WALLET_DAILY_CAP_FEN: '100000' } });

const nextCard = cardNumbers(716_000_000);
let web: StaticServer | undefined;
const browsers: LaunchedBrowser[] = [];

test.after.always(async () => {
  for (const b of browsers) await b.close();
  await web?.close();
});

const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]:visible`);
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);

type Person = Awaited<ReturnType<typeof shopper>>;

/** A terminal (portrait) at the shop kiosk, showing its home screen; every pay request's key is recorded. */
async function openKiosk(t: ExecutionContext) {
  web ??= await serveStatic({ root: h5Build('kiosk'), port: 0, runtimeConfig: { apiBaseUrl: stack.apiUrl } });
  return openShopKiosk(t, web, browsers);
}

/** The card on the reader, then the PIN on the pad: the shop opens (or, with a payment left unsure, its outcome). */
async function cardAndPin(t: ExecutionContext, page: Page, p: Person, name: string, lands = 'reorder-card'): Promise<void> {
  await page.locator('.panel__title:visible', { hasText: '请把市民卡放到读卡器上' }).waitFor();
  await checkScreen(t, page, `${name}-card`);
  await page.keyboard.type(p.card_number);
  await page.keyboard.press('Enter');
  await byTestId(page, 'card-read').waitFor();
  await checkScreen(t, page, `${name}-pin`);
  for (const d of p.pin) await page.locator(`.pin-key[data-key="${d}"]:visible`).click();
  await page.locator('.pin-key[data-key="confirm"]:visible').click();
  await byTestId(page, lands).first().waitFor({ timeout: 20_000 });
}

/** 买菜 on the home screen (press 1), then the card and the PIN. */
async function signInToShop(t: ExecutionContext, page: Page, p: Person, name: string): Promise<void> {
  await checkScreen(t, page, `${name}-home`);
  await byTestId(page, 'tile-shop').click();
  await cardAndPin(t, page, p, name);
}

/** The re-order card of an order, by what it holds. */
const cardWith = (page: Page, words: string) => byTestId(page, 'reorder-card').filter({ hasText: words });

/** The checkout the kiosk just placed for this person (their newest order). */
async function newestCheckout(p: Person): Promise<string> {
  const o = await stack.api.conn.collection('orders').find({ buyer_id: p.user_id }).sort({ created_at: -1 }).limit(1).next();
  return String(o!.checkout_id);
}

/** A shop screen: axe and the screenshot, nothing scrolls (one screen high), and the elder-mode numbers measured. */
async function shopScreen(t: ExecutionContext, page: Page, name: string): Promise<void> {
  await checkScreen(t, page, name);
  const scrolls = await page.evaluate(() => document.scrollingElement!.scrollHeight > window.innerHeight + 1);
  t.false(scrolls, `${name}: nothing scrolls`);
  await assertElderMode(t, page, name);
}

const pendingStored = (page: Page) => page.evaluate(() => localStorage.getItem('cc.kiosk.shop.pending'));

test.serial('PIN-free: 买菜 → 再买一次 → 确认付款, three presses; the delivery in words, the total and the balance spoken', async (t) => {
  const p = await shopper(nextCard);
  const { page, errors } = await openKiosk(t);
  await signInToShop(t, page, p, 'kiosk-shop-1');
  t.regex((await byTestId(page, 'usual-delivery').textContent()) ?? '', /送到家：益乐新村 9 幢 101/);
  t.is(await byTestId(page, 'reorder-card').count(), 2);
  await shopScreen(t, page, 'kiosk-shop-1-shop');

  await cardWith(page, '草本牙膏').getByTestId('reorder').click(); // press 2
  await byTestId(page, 'pay').waitFor();
  t.is(await byTestId(page, 'bill-total').textContent(), formatFen(3630));
  t.regex((await byTestId(page, 'delivery-words').textContent()) ?? '', /送到家：益乐新村 9 幢 101/);
  await shopScreen(t, page, 'kiosk-shop-1-confirm');
  t.truthy(await pendingStored(page), 'the keys are kept before paying');

  await byTestId(page, 'pay').click(); // press 3
  await byTestId(page, 'shop-paid').waitFor();
  const balance_fen = 30_000 - 3630 - 8990 - 3630;
  t.true(await byTestId(page, 'balance-after').getByText(formatFen(balance_fen)).isVisible());
  await until('the payment spoken', async () =>
    (await spoken(page)).some((s) => s === `付款成功。一共${fenToChineseWords(3630)}，卡里还有${fenToChineseWords(balance_fen)}。`),
  );
  await shopScreen(t, page, 'kiosk-shop-1-paid');
  t.is(await paymentsOf(await newestCheckout(p)), 1);
  t.is(await liveOrdersOf(p.user_id), 3);
  t.is(await pendingStored(page), null, 'nothing left pending');
  t.deepEqual(errors, []);
});

test.serial('above the PIN-free limit: the PIN pad on the payment screen, then paid once', async (t) => {
  const p = await shopper(nextCard);
  const { page, errors } = await openKiosk(t);
  await signInToShop(t, page, p, 'kiosk-shop-2');
  await cardWith(page, '压榨菜籽油').getByTestId('reorder').click();
  await byTestId(page, 'pin-pad').waitFor();
  t.is(await byTestId(page, 'bill-total').textContent(), formatFen(8990));
  await shopScreen(t, page, 'kiosk-shop-2-pin');
  for (const d of p.pin) await page.locator(`.pin-key[data-key="${d}"]:visible`).click();
  await page.locator('.pin-key[data-key="confirm"]:visible').click();
  await byTestId(page, 'shop-paid').waitFor();
  await checkScreen(t, page, 'kiosk-shop-2-paid');
  t.is(await paymentsOf(await newestCheckout(p)), 1);
  t.deepEqual(errors, []);
});

test.serial('常买的: 12 tiles at most, the stepper, 去付款 and 确认付款', async (t) => {
  const p = await shopper(nextCard);
  const { page, errors } = await openKiosk(t);
  await signInToShop(t, page, p, 'kiosk-shop-3');
  await byTestId(page, 'open-frequent').click();
  await byTestId(page, 'item-tile').first().waitFor();
  t.is(await byTestId(page, 'item-tile').count(), 3);
  const tofu = byTestId(page, 'item-tile').filter({ hasText: '嫩豆腐' });
  const plus = await tofu.getByTestId('more').boundingBox();
  t.true(plus!.width >= 64 && plus!.height >= 64, 'the stepper buttons are 64 px at least');
  await tofu.getByTestId('more').click();
  await tofu.getByTestId('more').click();
  await tofu.getByTestId('quantity').getByText('2').waitFor();
  await shopScreen(t, page, 'kiosk-shop-3-frequent');
  await byTestId(page, 'frequent-checkout').click();
  await byTestId(page, 'pay').waitFor();
  t.is(await byTestId(page, 'bill-total').textContent(), formatFen(700));
  await byTestId(page, 'pay').click();
  await byTestId(page, 'shop-paid').waitFor();
  t.is(await paymentsOf(await newestCheckout(p)), 1);
  t.deepEqual(errors, []);
});

test.serial('the network cut in the middle of a payment: 正在确认, then the same key — one order, one transfer', async (t) => {
  const p = await shopper(nextCard);
  const { browser, page, errors, payKeys } = await openKiosk(t);
  await signInToShop(t, page, p, 'kiosk-shop-4');
  await cardWith(page, '草本牙膏').getByTestId('reorder').click();
  await byTestId(page, 'pay').waitFor();
  // The payment reaches the server and is charged; the answer is lost as the terminal goes offline.
  await page.route(PAY_PATH, async (route) => {
    await route.fetch();
    await browser.context.setOffline(true);
    await route.abort('internetdisconnected');
  });
  await byTestId(page, 'pay').click();
  await byTestId(page, 'shop-confirming').waitFor();
  await page.unroute(PAY_PATH);
  const checkout_id = await newestCheckout(p);
  t.is(await paymentsOf(checkout_id), 1, 'the server charged once');
  t.regex((await byTestId(page, 'shop-confirming').textContent()) ?? '', /不会重复扣款/);
  await shopScreen(t, page, 'kiosk-shop-4-confirming');
  await until('a retry while offline', async () => payKeys.length >= 2);

  await browser.context.setOffline(false);
  await byTestId(page, 'shop-paid').waitFor({ timeout: 20_000 });
  await checkScreen(t, page, 'kiosk-shop-4-paid');
  t.true(new Set(payKeys).size === 1, `every retry sent the same key (${payKeys.length} requests)`);
  t.is(await paymentsOf(checkout_id), 1, 'one transfer');
  t.is(await liveOrdersOf(p.user_id), 3, 'one order more');
  t.is(await pendingStored(page), null);
  t.deepEqual(errors, []);
});

test.serial('a reload in the middle of a payment: after the next login the same keys finish it, charged once', async (t) => {
  const p = await shopper(nextCard);
  const { page, payKeys } = await openKiosk(t);
  await signInToShop(t, page, p, 'kiosk-shop-5');
  await cardWith(page, '草本牙膏').getByTestId('reorder').click();
  await byTestId(page, 'pay').waitFor();
  let cut = false;
  await page.route(PAY_PATH, async (route) => {
    await route.fetch();
    cut = true;
    await route.abort('internetdisconnected');
  });
  await byTestId(page, 'pay').click();
  await until('the payment sent', async () => cut);
  await page.unroute(PAY_PATH);
  const stored = JSON.parse((await pendingStored(page)) ?? '{}') as { pay_key?: string; paying?: boolean };
  t.true(stored.paying === true && typeof stored.pay_key === 'string', 'the payment was marked as sent, with its key');
  // The reload forgets the card session (memory only): the payment screen asks for the card again; then the shop
  // finds her payment left unsure and takes it up at once, with the kept keys and no press.
  await page.reload();
  await cardAndPin(t, page, p, 'kiosk-shop-5-again', 'shop-paid');
  await checkScreen(t, page, 'kiosk-shop-5-paid');
  t.is(payKeys[payKeys.length - 1], stored.pay_key, 'the retry sent the kept key');
  t.is(await paymentsOf(await newestCheckout(p)), 1);
  t.is(await liveOrdersOf(p.user_id), 3);
});
