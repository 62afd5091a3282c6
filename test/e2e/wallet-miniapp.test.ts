/**
 * The citizen-card wallet in the mini-program (H5 build) in Chromium against the real API, the card centre
 * simulator and the WeChat Pay simulator: bind a card, set a PIN, top up through 模拟支付, the statement
 * (cursor pages loaded on scroll), report a card lost and reissue it. Elements by test id; axe on every screen.
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { TOPUP_STATUS_WORDS, formatFen, routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { DEMO_CARDS } from '@cc/tools/simulators/citizen-card';
import { checkScreen } from '../support/axe';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let browser: LaunchedBrowser;
let seed: Awaited<ReturnType<Stack['seed']>>;

function demoCards(holder: string): string[] {
  return DEMO_CARDS.filter((c) => c.holder_name === holder && c.status === 'active').map((c) => c.card_number);
}
const LI_MING_CARD = '8860330101073926046';

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
  web = await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl, wechatPaySimUrl: stack.pay.url },
  });
  // A 375 px phone, without touch: every key and card must work with mouse clicks too (issue 12 item 6).
  browser = await launchBrowser({ viewport: { width: 375, height: 812 }, hasTouch: false });
});

test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

/** A fresh page with nobody signed in; page errors fail the test. */
async function freshPage(t: ExecutionContext): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(web.url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(web.url);
  await page.waitForURL(/\/pages\/login\/index/);
  return { page, errors };
}

async function sessionToken(page: Page): Promise<string> {
  // Taro.setStorageSync on H5 wraps the value as {"data": …} in localStorage.
  const raw = await page.evaluate(() => localStorage.getItem('cc.session_token'));
  if (!raw) throw new Error('not signed in');
  return (JSON.parse(raw) as { data: string }).data;
}

/** Taro keeps the pages below in the DOM (hidden): only what is on screen. */
function onScreen(page: Page, selector: string) {
  return page.locator(`${selector}:visible`);
}

/** The element with this test id that is on screen. */
function byId(page: Page, id: string) {
  return onScreen(page, `[data-testid="${id}"]`);
}

/** Types into the field with this test id (the id sits on the <input> or on the element around it). */
async function typeInto(page: Page, id: string, value: string): Promise<void> {
  const el = byId(page, id).first();
  const input = (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
  await input.fill(value);
}

async function openWallet(page: Page): Promise<void> {
  await byId(page, 'home-wallet').click();
  await page.waitForURL(/\/wallet\/index\/index/);
  await byId(page, 'wallet-balance').waitFor();
}

async function loginAs(page: Page, openid: string, name: string): Promise<void> {
  await byId(page, `login-${openid}`).click();
  await page.getByText(`您好，${name}`).waitFor();
}

/** Presses the on-screen PIN pad's keys with mouse clicks. */
async function padType(page: Page, digits: string): Promise<void> {
  for (const d of digits) await byId(page, `pin-key-${d}`).click();
}

/**
 * The PIN page after binding: six digits twice, typed on the on-screen pad with mouse clicks (and once with the
 * keyboard); the boxes show before any digit is typed; a too simple PIN and a mismatch are refused.
 */
async function setPinWithPad(t: ExecutionContext, page: Page): Promise<void> {
  // Then the PIN, six digits twice. The six boxes show before any digit is typed.
  await page.waitForURL(/\/wallet\/pin\/index/);
  await onScreen(page, '.page-title').getByText('设置支付密码').waitFor();
  const boxes = byId(page, 'pin-input-new').locator('.pin-input__box');
  t.is(await boxes.count(), 6);
  const borders = await boxes.evaluateAll((els) =>
    els.map((e) => [getComputedStyle(e).borderTopWidth, getComputedStyle(e).borderTopColor]),
  );
  t.true(
    borders.every(([w, c]) => parseFloat(w!) >= 1 && c !== 'rgba(0, 0, 0, 0)'),
    `empty boxes have a visible border: ${JSON.stringify(borders)}`,
  );
  t.is(await byId(page, 'pin-input-new').locator('[data-testid="pin-dot"]').count(), 0);
  await checkScreen(t, page, 'miniapp-wallet-pin-empty');

  // The pad's keys work with mouse clicks (no touch in this browser); 删除 takes the last digit back.
  await padType(page, '1239');
  await byId(page, 'pin-key-del').click();
  await padType(page, '456');
  t.is(await byId(page, 'pin-input-new').locator('[data-testid="pin-dot"]').count(), 6, 'dots, not digits');
  // The pad moves on to the next field by itself. A too simple PIN is refused.
  await padType(page, '123456');
  t.is(await byId(page, 'pin-input-confirm').locator('[data-testid="pin-dot"]').count(), 6);
  // (the page's own hint quotes 123456 as a PIN not to use: only the fields are looked at)
  t.false((await byId(page, 'pin-input-new').textContent())?.includes('123456'));
  t.false((await byId(page, 'pin-input-confirm').textContent())?.includes('123456'));
  await byId(page, 'pin-submit').click();
  await byId(page, 'wallet-error').getByText('密码过于简单').waitFor();
  await checkScreen(t, page, 'miniapp-wallet-pin-too-simple');
  // The system keyboard works as well as the pad.
  await padType(page, '270815');
  await byId(page, 'pin-input-confirm').locator('input').fill('270816');
  await byId(page, 'pin-submit').click();
  await byId(page, 'wallet-error').getByText('两次输入的新密码不一致').waitFor();
  t.is(await byId(page, 'pin-input-confirm').locator('[data-testid="pin-dot"]').count(), 0, 'the confirmation starts again');
  await padType(page, '270815');
  await byId(page, 'pin-submit').click();
  await page.getByText('支付密码已设置').waitFor();
  await checkScreen(t, page, 'miniapp-wallet-pin-set');
  await byId(page, 'pin-done').click();
}

test.serial('a new resident binds a card, sets a PIN, tops up ¥50 with WeChat Pay and sees it in the statement', async (t) => {
  const { page, errors } = await freshPage(t);
  await checkScreen(t, page, 'miniapp-wallet-login');
  await byId(page, 'login-new').click();
  await page.getByText('请选择您所在的社区或村').waitFor();
  await byId(page, 'home-choice').filter({ hasText: '文新街道益乐社区' }).click();
  await byId(page, 'role-card-resident').waitFor();
  await checkScreen(t, page, 'miniapp-home-wallet-entry');

  // No card yet: ¥0.00, and the way to bind one.
  await openWallet(page);
  t.is(await byId(page, 'wallet-balance').textContent(), '¥0.00');
  await byId(page, 'wallet-card-line').getByText('尚未绑定市民卡').waitFor();
  t.is(await byId(page, 'wallet-action-topup').getAttribute('aria-disabled'), 'true', '充值 waits for a card');
  await checkScreen(t, page, 'miniapp-wallet-no-card');

  // Bind: the card centre checks the holder's name. The card number opens the number keypad.
  await byId(page, 'wallet-notice-action').filter({ hasText: '绑定市民卡' }).click();
  await page.waitForURL(/\/wallet\/bind\/index/);
  const cardInput = onScreen(page, 'input[aria-label="市民卡卡号"]');
  // Taro's H5 input writes type="number" as type="tel": the number keypad without a spinner.
  t.regex((await cardInput.getAttribute('type')) ?? '', /^(tel|number)$/);
  t.is(await cardInput.getAttribute('inputmode'), 'numeric');
  await typeInto(page, 'bind-card-number', LI_MING_CARD);
  await typeInto(page, 'bind-holder-name', '李敏');
  await byId(page, 'bind-submit').click();
  await byId(page, 'wallet-error').getByText('持卡人姓名与卡片不符').waitFor();
  await checkScreen(t, page, 'miniapp-wallet-bind-mismatch');
  await typeInto(page, 'bind-holder-name', '李明');
  await byId(page, 'bind-submit').click();

  await setPinWithPad(t, page);

  await page.waitForURL(/\/wallet\/index\/index/);
  await byId(page, 'wallet-card-line').getByText('尾号 6046').waitFor();
  await byId(page, 'wallet-card-state').getByText('正常').waitFor();
  await checkScreen(t, page, 'miniapp-wallet-bound');

  // Top up ¥50 through the WeChat Pay simulator (H5 has no wx.requestPayment).
  await byId(page, 'wallet-action-topup').click();
  await page.waitForURL(/\/wallet\/topup\/index/);
  // A custom amount is in yuan, at most two decimals.
  await typeInto(page, 'topup-custom', '12.345');
  await byId(page, 'topup-custom-error').getByText('最多两位小数').waitFor();
  await typeInto(page, 'topup-custom', '');
  await byId(page, 'topup-preset-5000').click();
  t.is(await byId(page, 'topup-preset-5000').getAttribute('aria-checked'), 'true');
  await byId(page, 'topup-submit').getByText('充值 ¥50.00').waitFor();
  await checkScreen(t, page, 'miniapp-wallet-topup');
  await byId(page, 'topup-submit').click();
  await byId(page, 'topup-sim').getByText('¥50.00').waitFor();
  await checkScreen(t, page, 'miniapp-wallet-topup-sim');
  await byId(page, 'topup-sim-pay').click();
  await page.getByText('充值成功 ¥50.00').waitFor({ timeout: 15_000 });
  await page.getByText('当前余额 ¥50.00').waitFor();
  // The status word is the shared vocabulary's.
  t.is(await byId(page, 'topup-status').textContent(), TOPUP_STATUS_WORDS.paid.word);
  await checkScreen(t, page, 'miniapp-wallet-topup-paid');

  // The statement has the top-up.
  await byId(page, 'topup-statement').click();
  await page.waitForURL(/\/wallet\/statement\/index/);
  const row = byId(page, 'statement-row').first();
  await row.getByText('+¥50.00').waitFor();
  t.regex((await row.textContent()) ?? '', /微信支付充值/);
  await checkScreen(t, page, 'miniapp-wallet-statement');
  await page.goBack();
  await byId(page, 'wallet-balance').getByText('¥50.00').waitFor();

  // The API agrees, and the top-up was created once.
  const client = stack.as(await sessionToken(page));
  const wallet = await client.call(routes.getWallet, {});
  t.is(wallet.balance_fen, 5000);
  const statement = await client.call(routes.walletStatement, { query: { limit: 10 } });
  t.deepEqual(
    statement.items.map((e) => [e.kind, e.direction, e.amount_fen]),
    [['topup', 'in', 5000]],
  );
  t.deepEqual(errors, []);
});

test.serial('the statement loads older entries as it is scrolled (cursor pages)', async (t) => {
  // 王秀英 has the seed's entries; an operator adds enough cash top-ups for two pages.
  const operator = await stack.login('demo-operator-1');
  const [wangCard] = demoCards('王秀英');
  for (let i = 0; i < 25; i++) {
    await operator.client.call(routes.cashTopup, {
      params: { community_id: seed.communities.wenxin },
      body: { card_number: wangCard!, amount_fen: 100 + i },
      idempotencyKey: `e2e-statement-${i}`,
    });
  }
  const wang = await stack.login('demo-resident-1');
  let total = 0;
  for (let cursor: string | undefined, more = true; more;) {
    const page = await wang.client.call(routes.walletStatement, { query: { limit: 100, cursor } });
    total += page.items.length;
    cursor = page.next_cursor ?? undefined;
    more = Boolean(page.next_cursor);
  }
  t.true(total > 20, `${total} entries`);

  const { page, errors } = await freshPage(t);
  await loginAs(page, 'demo-resident-1', '王秀英');
  await openWallet(page);
  await byId(page, 'wallet-action-statement').click();
  await page.waitForURL(/\/wallet\/statement\/index/);
  await byId(page, 'statement-row').first().waitFor();
  t.is(await byId(page, 'statement-row').count(), 20, 'the first page');

  // Scrolling to the end loads the next page, until there is no more.
  await page.mouse.move(187, 500);
  for (let i = 0; i < 5 && (await byId(page, 'statement-row').count()) < total; i++) {
    await page.mouse.wheel(0, 20_000);
    await page.waitForTimeout(500);
  }
  t.is(await byId(page, 'statement-row').count(), total);
  await byId(page, 'statement-more').getByText('没有更多了').waitFor();
  await checkScreen(t, page, 'miniapp-wallet-statement-end');
  t.deepEqual(errors, []);
});

test.serial('a card reported lost is frozen at once, and a reissued card takes over the balance', async (t) => {
  const [, spareCard] = demoCards('王秀英');
  const { page, errors } = await freshPage(t);
  await loginAs(page, 'demo-resident-1', '王秀英');
  await openWallet(page);
  const before = await stack.as(await sessionToken(page)).call(routes.getWallet, {});
  t.is(await byId(page, 'wallet-balance').textContent(), formatFen(before.balance_fen));
  await checkScreen(t, page, 'miniapp-wallet-home');

  await byId(page, 'wallet-action-lost').click();
  await page.waitForURL(/\/wallet\/card\/index/);
  // Confirmed on the page, not in a pop-up.
  await checkScreen(t, page, 'miniapp-wallet-card');
  await byId(page, 'card-lost').click();
  await page.getByText(`确定挂失尾号 ${before.card!.last4} 的市民卡吗？`).waitFor();
  await checkScreen(t, page, 'miniapp-wallet-lost-confirm');
  await byId(page, 'card-lost-confirm').click();
  await byId(page, 'card-notice').getByText('挂失成功，卡片已冻结').waitFor();
  await byId(page, 'card-state').getByText('已挂失冻结').waitFor();
  await checkScreen(t, page, 'miniapp-wallet-frozen');

  // The wallet says so in words, and offers 补卡.
  await page.goBack();
  await byId(page, 'wallet-card-state').getByText('已挂失冻结').waitFor();
  await byId(page, 'wallet-notice').getByText('这张卡已挂失冻结').waitFor();
  await checkScreen(t, page, 'miniapp-wallet-home-frozen');
  await byId(page, 'wallet-action-reissue').click();
  await page.waitForURL(/\/wallet\/card\/index/);
  await typeInto(page, 'reissue-card-number', spareCard!);
  await byId(page, 'reissue-submit').click();
  await byId(page, 'card-reissued')
    .getByText(`新卡尾号 ${spareCard!.slice(-4)}`, { exact: false })
    .waitFor();
  await checkScreen(t, page, 'miniapp-wallet-reissued');

  const after = await stack.as(await sessionToken(page)).call(routes.getWallet, {});
  t.is(after.balance_fen, before.balance_fen);
  t.is(after.card?.last4, spareCard!.slice(-4));
  t.is(after.card?.status, 'active');
  t.deepEqual(errors, []);
});
