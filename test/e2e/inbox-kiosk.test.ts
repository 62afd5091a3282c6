/**
 * Refunds told aloud at the kiosk (issue 15 items 5 and 6): 刘德明's order is refunded to his card; at the next card +
 * PIN login the kiosk writes and says “您有一笔退款 … 已退回市民卡” (the amount in Chinese money words) before his balance,
 * and 我的余额 lists the refund. The notice is told once: the login after that says nothing of it, the list keeps it.
 */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { seedDemo } from '@cc/api';
import { formatFen, routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { DEMO_CARDS } from '@cc/tools/simulators/citizen-card';
import { fenToChineseWords } from '../../packages/kiosk/src/money-words';
import { h5Build, launchKioskBrowser, measureElderMode, type LaunchedBrowser } from '../support/browser';
import { checkScreen } from '../support/axe';
import { until } from '../support/outcome';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
let web: StaticServer;
let browser: LaunchedBrowser;

const LIU = DEMO_CARDS.find((c) => c.holder_name === '刘德明' && c.status === 'active')!.card_number;
const LIU_PIN = '246813';

test.before(async () => {
  stack = await startStack();
  // With the catalog: 刘德明 buys from the demo store.
  seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
  web = await serveStatic({ root: h5Build('kiosk'), port: 0, runtimeConfig: { apiBaseUrl: stack.apiUrl } });
  browser = await launchKioskBrowser();
});

test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]:visible`);
const utterances = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
const spoken = async (page: Page) => (await utterances(page)).join('\n');

let slotsMade = false;

/** 刘德明 buys a toothpaste with his card wallet and the store refunds it: the money is back on his card. */
async function refundedOrder() {
  const operator = (await stack.login('demo-operator-1')).client;
  if (!slotsMade)
    await operator.call(routes.createSlotTemplate, {
      params: { community_id: seed.communities.wenxin },
      body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '20:00', capacity: 50, cutoff_minutes: 60 },
    });
  slotsMade = true;
  const liu = await stack.login('demo-resident-2');
  const address = await liu.client.call(routes.addMyAddress, {
    body: { label: '家', recipient: '刘德明', phone: '13805710002', detail: '益乐新村 8 幢 302' },
  });
  const paste = await stack.api.conn.collection('products').findOne({ sku: 'YL-DAI-03' });
  await liu.client.call(routes.setCartLine, { params: { product_id: String(paste?._id) }, body: { quantity: 1 } });
  const delivery = { kind: 'slot' as const, slot_key: '2027-03-02/18:00-20:00', address_id: address.id };
  const placed = await liu.client.call(routes.checkout, { body: { delivery }, idempotencyKey: randomUUID() });
  const paid = await liu.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet' },
    idempotencyKey: randomUUID(),
  });
  const order = paid.orders[0]!;
  await liu.client.call(routes.requestOrderRefund, { params: { order_id: order.id }, body: { reason: '买重了' } });
  const store = (await stack.login('demo-store-1')).client;
  await store.call(routes.acceptOrderRefund, { params: { order_id: order.id }, body: {} });
  await until('the refund back on the card', async () => {
    const o = await liu.client.call(routes.getOrder, { params: { order_id: order.id } });
    return o.status === 'refunded';
  });
  return order;
}

/** The terminal provisioned, a tile (查询余额 unless told), the card on the reader and the PIN on the pad. */
async function login(t: ExecutionContext, tile = 'tile-balance', lands = 'balance-amount'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(`${web.url}/?terminal_id=${encodeURIComponent(seed.kiosk.id)}&terminal_secret=${encodeURIComponent(seed.kiosk.secret)}`);
  await byTestId(page, tile).click();
  await page.locator('.panel__title:visible', { hasText: '请把市民卡放到读卡器上' }).waitFor();
  await page.keyboard.type(LIU);
  await page.keyboard.press('Enter');
  await byTestId(page, 'card-read').waitFor();
  for (const d of LIU_PIN) await page.locator(`.pin-key[data-key="${d}"]:visible`).click();
  await page.locator('.pin-key[data-key="confirm"]:visible').click();
  await byTestId(page, lands).waitFor();
  return { page, errors };
}

test.serial('the next login after a refund says it aloud, shows it, and the balance screen lists it', async (t) => {
  const order = await refundedOrder();
  const written = `您有一笔退款 ${formatFen(order.total_fen)} 已退回市民卡`;
  const said = `您有一笔退款 ${fenToChineseWords(order.total_fen)} 已退回市民卡`;

  const { page, errors } = await login(t);
  await byTestId(page, 'inbox-notice').getByText(written).waitFor();
  // Read aloud once the notices are in, before the balance.
  const utterance = await until(`“${said}” said`, async () => (await utterances(page)).find((u) => u.includes(said)));
  t.true(utterance.indexOf(said) < utterance.indexOf('市民卡余额'), utterance);
  t.false((await spoken(page)).includes('¥'), 'amounts are read in words, never as ¥ signs');
  const refunds = page.locator('[data-testid="refunds"]:visible .payment');
  t.is(await refunds.count(), 1);
  t.is(await refunds.first().locator('.payment__amount').textContent(), formatFen(order.total_fen));
  t.regex((await refunds.first().locator('.payment__what').textContent()) ?? '', new RegExp(order.number));
  const { texts, targets } = await measureElderMode(page);
  t.deepEqual(
    texts.filter((x) => x.fontPx < 24 || x.contrast < 7),
    [],
  );
  t.deepEqual(
    targets.filter((x) => x.width < 64 || x.height < 64),
    [],
  );
  await checkScreen(t, page, 'kiosk-inbox-refund-notice');
  await byTestId(page, 'logout').click();
  await byTestId(page, 'tile-card').waitFor();
  t.deepEqual(errors, []);
});

test.serial('told once: the login after that says nothing of it, and the refund stays in the list', async (t) => {
  const { page, errors } = await login(t);
  await page.locator('[data-testid="refunds"]:visible .payment').first().waitFor();
  t.is(await byTestId(page, 'inbox-notices').count(), 0);
  t.false((await spoken(page)).includes('您有一笔退款'));
  await checkScreen(t, page, 'kiosk-inbox-refunds-listed');
  t.deepEqual(errors, []);
});

/** How many utterances said `words` (the Frame's spoken text, recorded by the browser support). */
const timesSaid = async (page: Page, words: string) => (await utterances(page)).filter((u) => u.includes(words)).length;

test.serial('whichever tile: logged in through 呼叫帮助, the first screen says the refund once; the next screen does not', async (t) => {
  const order = await refundedOrder();
  const written = `您有一笔退款 ${formatFen(order.total_fen)} 已退回市民卡`;
  const said = `您有一笔退款 ${fenToChineseWords(order.total_fen)} 已退回市民卡`;

  const { page, errors } = await login(t, 'tile-call', 'service-grid');
  t.is(await page.locator('.kiosk-bar__title:visible').textContent(), '呼叫帮助');
  await byTestId(page, 'inbox-notice').getByText(written).waitFor();
  const utterance = await until(`“${said}” said on 呼叫帮助`, async () => (await utterances(page)).find((u) => u.includes(said)));
  t.true(utterance.indexOf(said) < utterance.indexOf('请选择需要的服务'), `the notice first, then the screen: ${utterance}`);
  t.is(await timesSaid(page, said), 1, 'said once');
  t.false(utterance.includes('¥'), 'amounts in words');
  await checkScreen(t, page, 'kiosk-inbox-refund-on-call');

  // Still signed in, the next screen (我的余额) neither shows nor says it again; it lists the refund.
  await page.locator('.kiosk-bar button:visible', { hasText: '返回首页' }).click();
  await byTestId(page, 'tile-balance').click();
  await byTestId(page, 'balance-amount').waitFor();
  await page.locator('[data-testid="refunds"]:visible .payment').first().waitFor();
  await until('the balance read aloud', async () => (await spoken(page)).includes('市民卡余额'));
  t.is(await byTestId(page, 'inbox-notices').count(), 0, 'not shown again');
  t.is(await timesSaid(page, said), 1, 'not said again');
  t.deepEqual(errors, []);
});
