/**
 * Kiosk (elder mode) in Chromium against the real API: provisioning by URL, the welcome screen,
 * the elder-mode numbers measured in the page (DESIGN §6), the card reader, the tiles' screens, help and
 * the idle warning.
 */
import test from 'ava';
import { byTestId, checkElderMode } from '../support/kiosk-pages';
import type { Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchKioskBrowser, type LaunchedBrowser } from '../support/browser';
import { checkScreen } from '../support/axe';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let browser: LaunchedBrowser;
let kiosk: { id: string; secret: string };

const IDLE_WARN_S = 3;
const IDLE_GRACE_S = 3;

test.before(async () => {
  stack = await startStack();
  ({ kiosk } = await stack.seed());
  web = await serveStatic({
    root: h5Build('kiosk'),
    port: 0,
    // Short idle times so the warning and the reset can be watched within a test.
    runtimeConfig: { apiBaseUrl: stack.apiUrl, idleWarnSeconds: String(IDLE_WARN_S), idleGraceSeconds: String(IDLE_GRACE_S) },
  });
  browser = await launchKioskBrowser();
});

test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

async function newPage(t: { teardown(fn: () => unknown): void }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  return { page, errors };
}

/** Opens the provisioning link, as an operator would once on a new terminal. */
async function provision(page: Page): Promise<void> {
  await page.goto(`${web.url}/?terminal_id=${encodeURIComponent(kiosk.id)}&terminal_secret=${encodeURIComponent(kiosk.secret)}`);
  await byTestId(page, 'community-name').getByText('文新街道益乐社区').waitFor();
}

test.serial('a terminal is provisioned from the URL and shows its welcome screen in elder mode', async (t) => {
  const { page, errors } = await newPage(t);
  await provision(page);

  // The secret left the address bar and was stored.
  t.false(page.url().includes('terminal_secret'));
  t.is(await page.evaluate(() => localStorage.getItem('cc.kiosk.terminal_id')), kiosk.id);

  await page.getByText('益乐社区服务站', { exact: true }).waitFor();
  t.is(await byTestId(page, 'hotline').textContent(), '0571-96345');
  for (const label of ['刷卡登录', '呼叫帮助', '紧急求助', '查询余额']) {
    t.true(await page.locator('.tile').getByText(label).isVisible(), label);
  }
  // Date and time in Asia/Shanghai.
  t.regex((await page.locator('.welcome-head__time').textContent()) ?? '', /^\d{2}:\d{2}$/);
  t.regex((await page.locator('.welcome-head__date').textContent()) ?? '', /^\d{4}年\d{1,2}月\d{1,2}日 星期[一二三四五六日]$/);

  await checkElderMode(t, page, 'welcome');
  // Tiles are big: well over the 64 px minimum.
  for (const box of await page.locator('.tile').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
    t.true(box.width >= 64 && box.height >= 64);
  }
  await checkScreen(t, page, 'kiosk-welcome');

  // The screen was read aloud, in Chinese, with the community name.
  const spoken = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
  t.true(spoken.some((s) => s.includes('文新街道益乐社区')));

  // 朗读 can be switched off, visibly.
  await byTestId(page, 'speech-toggle').click();
  t.is(await byTestId(page, 'speech-toggle').getAttribute('aria-pressed'), 'false');
  t.regex((await byTestId(page, 'speech-toggle').textContent()) ?? '', /朗读：关/);
  await byTestId(page, 'speech-toggle').click();
  t.is(await byTestId(page, 'speech-toggle').getAttribute('aria-pressed'), 'true');
  t.deepEqual(errors, []);
});

test.serial('the card reader is read on the card screen (two taps from nothing: tile, card)', async (t) => {
  const { page, errors } = await newPage(t);
  await provision(page);
  await byTestId(page, 'tile-card').click();
  await page.getByText('请把市民卡放到读卡器上').waitFor();
  await checkElderMode(t, page, 'card');

  // The reader types the number and Enter.
  await page.keyboard.type('6217000012345678');
  await page.keyboard.press('Enter');
  await byTestId(page, 'card-read').getByText('已读到卡片，尾号 5678').waitFor();
  t.false((await page.textContent('body'))?.includes('6217000012345678'));
  await checkScreen(t, page, 'kiosk-card-read');
  t.deepEqual(errors, []);
});

test.serial('the 呼叫帮助 and 紧急求助 tiles open their screens, each with a way back; help is one tap away', async (t) => {
  const { page, errors } = await newPage(t);
  await provision(page);
  // Nobody is signed in: 呼叫帮助 asks for the card first (test/e2e/calls-kiosk.test.ts follows it through).
  await byTestId(page, 'tile-call').click();
  await byTestId(page, 'login-for-call').waitFor();
  t.is(await page.locator('.kiosk-bar__title:visible').textContent(), '刷卡登录');
  await page.locator('.kiosk-bar:visible').getByText('返回首页').click();
  await byTestId(page, 'tile-card').waitFor();
  // 紧急求助 asks once, on a screen of its own; 取消 goes back without sending anything.
  await byTestId(page, 'tile-sos').click();
  await byTestId(page, 'sos-confirm').waitFor();
  t.is(await page.locator('.kiosk-bar__title:visible').textContent(), '紧急求助');
  await byTestId(page, 'sos-cancel').click();
  await byTestId(page, 'tile-card').waitFor();
  // Help is one tap away from the welcome screen.
  await byTestId(page, 'help-button').click();
  await byTestId(page, 'help-steps').waitFor();
  // Four pictured steps of one sentence each, not a wall of paragraphs.
  t.is(await page.locator('[data-testid="help-steps"]:visible .help-step').count(), 4);
  t.true(await byTestId(page, 'help-step-sos').getByText('不用刷卡', { exact: false }).isVisible());
  t.is(await page.locator('[data-testid="help-steps"]:visible svg').count(), 4, 'every step has its picture');
  await checkElderMode(t, page, 'help');
  await checkScreen(t, page, 'kiosk-help');
  t.deepEqual(errors, []);
});

test.serial('an idle screen warns first, can be extended, and then returns to the welcome screen', async (t) => {
  const { page, errors } = await newPage(t);
  await provision(page);
  await byTestId(page, 'tile-card').click();
  await page.getByText('请把市民卡放到读卡器上').waitFor();

  const warning = page.locator('.idle-warning:visible');
  await warning.waitFor({ timeout: (IDLE_WARN_S + 2) * 1000 });
  t.regex((await warning.textContent()) ?? '', /您还在使用吗/);
  await checkElderMode(t, page, 'idle warning');
  await checkScreen(t, page, 'kiosk-idle-warning');

  await warning.getByText('继续使用').click();
  await warning.waitFor({ state: 'detached' });
  t.true(await page.getByText('请把市民卡放到读卡器上').isVisible());

  // Untouched again: warning, countdown, then back home.
  await page.waitForURL(/\/pages\/index\/index|\/$/, { timeout: (IDLE_WARN_S + IDLE_GRACE_S + 4) * 1000 });
  await byTestId(page, 'tile-card').waitFor();
  t.deepEqual(errors, []);
});

test.serial('without credentials the setup screen asks for them and refuses wrong ones', async (t) => {
  const { page, errors } = await newPage(t);
  await page.goto(web.url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(web.url);
  await page.waitForURL(/\/pages\/setup\/index/);
  await checkElderMode(t, page, 'setup');
  await checkScreen(t, page, 'kiosk-setup');

  await page.locator('input[name="terminal_id"]').fill(kiosk.id);
  await page.locator('input[name="terminal_secret"]').fill('wrong-secret');
  await page.getByText('保存并验证').click();
  await page.getByText('终端编号或密钥不对').waitFor();

  await page.locator('input[name="terminal_secret"]').fill(kiosk.secret);
  await page.getByText('保存并验证').click();
  await byTestId(page, 'community-name').getByText('文新街道益乐社区').waitFor();
  t.deepEqual(errors, []);
});
