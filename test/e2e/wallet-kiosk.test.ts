/**
 * The citizen-card wallet on the kiosk (elder mode), in Chromium against the real API: card + PIN on a large
 * on-screen pad, every refusal written and read aloud (wrong PIN with the tries left, locked, not bound), then
 * 我的余额 with the last payments spoken in Chinese words; 退出 and the idle timeout end the card session.
 */
import test, { type ExecutionContext } from 'ava';
import { byTestId, demoCard, spoken, checkElderMode, tapCard, enterPin } from '../support/kiosk-pages';
import type { Page, Request } from 'playwright-core';
import { formatFen, routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { fenToChineseWords, integerWords } from '../../packages/kiosk/src/money-words';
import { h5Build, launchKioskBrowser, type LaunchedBrowser } from '../support/browser';
import { checkScreen } from '../support/axe';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
/** The kiosk with the default idle times (the journeys), and one with short ones (the idle logout). */
let web: StaticServer;
let webShortIdle: StaticServer;
let browser: LaunchedBrowser;
let kiosk: { id: string; secret: string };

const IDLE_WARN_S = 3;
const IDLE_GRACE_S = 3;

// 王秀英 (PIN 135790, a balance and payments) and 刘德明 (PIN 246813) are bound by the seed; 李明's card is not.
const WANG = demoCard('王秀英');
const LIU = demoCard('刘德明');
const LI = demoCard('李明');

test.before(async () => {
  stack = await startStack();
  ({ kiosk } = await stack.seed());
  const root = h5Build('kiosk');
  web = await serveStatic({ root, port: 0, runtimeConfig: { apiBaseUrl: stack.apiUrl } });
  webShortIdle = await serveStatic({
    root,
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, idleWarnSeconds: String(IDLE_WARN_S), idleGraceSeconds: String(IDLE_GRACE_S) },
  });
  browser = await launchKioskBrowser();
});

test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await webShortIdle?.close();
  await stack?.stop();
});

async function newPage(t: ExecutionContext): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r: Request) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  t.teardown(() => page.close());
  return { page, errors, requests };
}

async function provision(page: Page, server = web): Promise<void> {
  await page.goto(`${server.url}/?terminal_id=${encodeURIComponent(kiosk.id)}&terminal_secret=${encodeURIComponent(kiosk.secret)}`);
  await byTestId(page, 'community-name').getByText('文新街道益乐社区').waitFor();
}

test.serial('money is read aloud in Chinese words', (t) => {
  t.is(fenToChineseWords(12345), '一百二十三元四角五分');
  t.is(fenToChineseWords(12305), '一百二十三元零五分');
  t.is(fenToChineseWords(0), '零元');
  t.is(fenToChineseWords(5), '五分');
  t.is(fenToChineseWords(50), '五角');
  t.is(fenToChineseWords(1000), '十元');
  t.is(fenToChineseWords(100500), '一千零五元');
  t.is(fenToChineseWords(200_000), '二千元');
  t.is(integerWords(10005), '一万零五');
  t.is(integerWords(1_000_500), '一百万零五百');
  t.is(integerWords(110), '一百一十');
});

test.serial('a wrong PIN says how many tries are left; the fifth locks the card, in writing and aloud', async (t) => {
  const { page, errors } = await newPage(t);
  await provision(page);
  await byTestId(page, 'tile-card').click();
  await page.getByText('请把市民卡放到读卡器上').waitFor();
  await tapCard(page, LIU);
  t.false((await page.textContent('body'))?.includes(LIU), 'only the last four digits are shown');
  await checkElderMode(t, page, 'PIN pad');
  await checkScreen(t, page, 'kiosk-wallet-pin-pad');

  // The digits are shown as dots only, and 删除 takes one back.
  for (const d of '12') await page.locator(`.pin-key[data-key="${d}"]:visible`).click();
  await page.locator('[data-testid="pin-dots"][data-filled="2"]:visible').waitFor();
  await page.locator('.pin-key[data-key="delete"]:visible').click();
  await page.locator('[data-testid="pin-dots"][data-filled="1"]:visible').waitFor();
  await page.locator('.pin-key[data-key="delete"]:visible').click();
  t.false((await byTestId(page, 'pin-dots').textContent())?.includes('1'));

  await enterPin(page, '000000');
  const trouble = byTestId(page, 'pin-trouble');
  await trouble.getByText('密码错误，还可以再试 4 次').waitFor();
  t.true(
    (await spoken(page)).some((s) => s.includes('密码错误，还可以再试 4 次')),
    'the wrong PIN is said aloud',
  );
  // The pad stays for another try; the PIN itself is never spoken.
  t.true(await page.locator('.pin-key[data-key="confirm"]:visible').isVisible());
  t.false((await spoken(page)).some((s) => s.includes('000000')));
  await checkElderMode(t, page, 'PIN pad with a wrong PIN');
  await checkScreen(t, page, 'kiosk-wallet-pin-wrong');

  for (const left of [3, 2, 1]) {
    await enterPin(page, '000000');
    await trouble.getByText(`密码错误，还可以再试 ${left} 次`).waitFor();
  }
  await enterPin(page, '000000');
  await trouble.getByText('密码错误次数过多，卡片已锁定 30 分钟').waitFor();
  t.true(
    (await spoken(page)).some((s) => s.includes('卡片已锁定')),
    'the lock is said aloud',
  );
  // No more PIN entry with this card: a way to try again (another card) and the hotline.
  t.is(await page.locator('.pin-key:visible').count(), 0);
  t.true(await page.locator('.panel:visible strong', { hasText: '0571-96345' }).isVisible(), 'the hotline');
  await checkElderMode(t, page, 'card locked');
  await checkScreen(t, page, 'kiosk-wallet-card-locked');

  // Even the right PIN is refused while the card is locked.
  await page.getByText('重新刷卡').click();
  await page.getByText('请把市民卡放到读卡器上').waitFor();
  await tapCard(page, LIU);
  await enterPin(page, '246813');
  await trouble.getByText('卡片已锁定', { exact: false }).waitFor();
  t.deepEqual(errors, []);
});

test.serial('a card not bound on the platform is refused with what to do', async (t) => {
  const { page, errors } = await newPage(t);
  await provision(page);
  await byTestId(page, 'tile-card').click();
  await tapCard(page, LI);
  await enterPin(page, '135790');
  await byTestId(page, 'pin-trouble').getByText('这张卡还没有在平台绑定').waitFor();
  t.true((await spoken(page)).some((s) => s.includes('这张卡还没有在平台绑定')));
  await page.getByText('重新刷卡').waitFor();
  t.deepEqual(errors, []);
});

test.serial('card + PIN shows the balance and the last payments, read aloud; 退出 ends the session', async (t) => {
  const { page, errors, requests } = await newPage(t);
  const wang = await stack.login('demo-resident-1');
  const wallet = await wang.client.call(routes.getWallet, {});
  const statement = await wang.client.call(routes.walletStatement, { query: { limit: 100 } });
  const payments = statement.items.filter((e) => e.kind === 'payment').slice(0, 5);
  t.true(payments.length > 0, 'the seed gives 王秀英 some payments');

  await provision(page);
  // Three taps from the welcome screen: the tile, the card on the reader, 确认 (the PIN digits aside).
  await byTestId(page, 'tile-balance').click();
  await page.getByText('请把市民卡放到读卡器上').waitFor();
  await tapCard(page, WANG);
  await enterPin(page, '135790');

  await byTestId(page, 'balance-amount').getByText(formatFen(wallet.balance_fen)).waitFor();
  t.is(await byTestId(page, 'holder-name').textContent(), '王秀英，您好');
  const rows = page.locator('[data-testid="payments"]:visible .payment');
  t.is(await rows.count(), payments.length);
  for (const [i, p] of payments.entries()) {
    const row = rows.nth(i);
    t.is(await row.locator('.payment__what').textContent(), p.memo);
    t.is(await row.locator('.payment__amount').textContent(), formatFen(p.amount_fen));
    t.regex((await row.locator('.payment__when').textContent()) ?? '', /^\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
  }
  const said = (await spoken(page)).join('\n');
  t.true(said.includes(`余额 ${fenToChineseWords(wallet.balance_fen)}`), said);
  t.true(said.includes(fenToChineseWords(payments[0]!.amount_fen)));
  t.false(said.includes('*'), 'the masked name is read without the mask');
  await checkElderMode(t, page, 'balance');
  // The balance is very large.
  const amountPx = await byTestId(page, 'balance-amount').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  t.true(amountPx >= 96, `balance font ${amountPx}px`);
  await checkScreen(t, page, 'kiosk-wallet-balance');

  // While signed in, home shows who it is, and 查询余额 goes straight to the balance.
  await page.locator('.kiosk-bar').getByText('返回首页').click();
  await byTestId(page, 'signed-in').getByText('王秀英 已登录').waitFor();
  await checkScreen(t, page, 'kiosk-wallet-home-signed-in');
  await byTestId(page, 'tile-balance').click();
  await byTestId(page, 'balance-amount').waitFor();

  // 退出 ends the session on the server and returns to the welcome screen.
  const ended = page.waitForRequest((r) => r.url().endsWith('/api/v1/kiosk/sessions/end') && r.method() === 'POST');
  await byTestId(page, 'logout').click();
  await ended;
  await byTestId(page, 'tile-card').waitFor();
  t.false(await byTestId(page, 'signed-in').isVisible());
  // Nobody is signed in now: 查询余额 asks for the card again.
  await byTestId(page, 'tile-balance').click();
  await page.getByText('请把市民卡放到读卡器上').waitFor();
  t.true(requests.includes('GET /api/v1/kiosk/wallet'));
  t.deepEqual(errors, []);
});

test.serial('an idle balance screen warns, then logs out and returns to the welcome screen', async (t) => {
  const { page, errors } = await newPage(t);
  await provision(page, webShortIdle);
  await byTestId(page, 'tile-card').click();
  await tapCard(page, WANG);
  await enterPin(page, '135790');
  await byTestId(page, 'balance-amount').waitFor();

  const warning = page.locator('.idle-warning:visible');
  await warning.waitFor({ timeout: (IDLE_WARN_S + 2) * 1000 });
  t.regex((await warning.textContent()) ?? '', /秒后将退出登录并回到首页/);
  await checkScreen(t, page, 'kiosk-wallet-idle-warning');

  const ended = page.waitForRequest((r) => r.url().endsWith('/api/v1/kiosk/sessions/end'), { timeout: (IDLE_GRACE_S + 4) * 1000 });
  await ended;
  await byTestId(page, 'tile-card').waitFor();
  t.false(await byTestId(page, 'signed-in').isVisible());
  t.deepEqual(errors, []);
});
