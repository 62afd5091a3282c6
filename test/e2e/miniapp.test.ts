/**
 * Mini-program (H5 build) in Chromium against the real API: demo login through the WeChat
 * simulator, the role-aware home, picking a community, the operator page, logout, large-text mode. Elements by test
 * id; axe on every screen.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { ApiError, routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { checkScreen } from '../support/axe';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let browser: LaunchedBrowser;

test.before(async () => {
  stack = await startStack();
  await stack.seed();
  web = await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
  });
  browser = await launchBrowser({ viewport: { width: 390, height: 844 } });
});

test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

/** A fresh page with nobody signed in; page errors fail the test. */
async function freshPage(t: { teardown(fn: () => unknown): void }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(web.url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(web.url);
  return { page, errors };
}

async function sessionToken(page: Page): Promise<string | null> {
  // Taro.setStorageSync on H5 wraps the value as {"data": …} in localStorage.
  const raw = await page.evaluate(() => localStorage.getItem('cc.session_token'));
  return raw ? (JSON.parse(raw) as { data: string }).data : null;
}

/** The element with this test id that is on screen (Taro keeps the pages below in the DOM, hidden). */
function byId(page: Page, id: string) {
  return page.locator(`[data-testid="${id}"]:visible`);
}

/** The computed font size (CSS px) of the first element on screen matching `selector`. */
async function fontPx(page: Page, selector: string): Promise<number> {
  return page
    .locator(`${selector}:visible`)
    .first()
    .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
}

/** Font sizes (CSS px) of the visible text on the page, one entry per character. */
async function textSizes(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const sizes: number[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || !text || el.getClientRects().length === 0) continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      for (let i = 0; i < text.length; i++) sizes.push(px);
    }
    return sizes;
  });
}

test.serial('text is readable on a 375 px phone: the weapp scale, body text 14 px, nothing under 11 px (issue 12 item 1)', async (t) => {
  const page = await browser.newPage();
  t.teardown(() => page.close());
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(web.url);
  await page.waitForURL(/\/pages\/login\/index/);
  await page.getByText('演示登录').waitFor();
  const sizes = await textSizes(page);
  const [root_px, body_px] = await page.evaluate(() =>
    [document.documentElement, document.body].map((e) => parseFloat(getComputedStyle(e).fontSize)),
  );
  t.log(`root ${root_px} px, body ${body_px} px, smallest text ${Math.min(...sizes)} px`);
  t.true(Math.abs(root_px! - 20) < 0.1, `root ${root_px} px: 1 rem = 40 design px = 20 px at 375 px, as 40 rpx in the weapp`);
  t.true(body_px! >= 14, `body text ${body_px} px`);
  t.true(Math.min(...sizes) >= 11, `smallest text ${Math.min(...sizes)} px`);

  // Large-text mode (the setting the home page's switch keeps; Taro's storage wraps it as {"data": …}).
  await page.evaluate(() => localStorage.setItem('cc.large_text', JSON.stringify({ data: true })));
  await page.reload();
  await page.getByText('演示登录').waitFor();
  const large_body_px = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  const account_px = await fontPx(page, '.login__account-title');
  t.log(`large-text mode: body ${large_body_px} px, account names ${account_px} px`);
  t.true(large_body_px >= 17, `body text ${large_body_px} px in large-text mode`);
  t.true(account_px >= 20, `account names ${account_px} px`);
  await page.evaluate(() => localStorage.removeItem('cc.large_text'));
});

test.serial('大字模式 on the home page raises the whole type scale, on every page, and is kept on the device', async (t) => {
  const { page, errors } = await freshPage(t);
  await page.setViewportSize({ width: 375, height: 812 });
  await byId(page, 'login-demo-resident-1').click();
  await page.getByText('您好，王秀英').waitFor();
  const sw = byId(page, 'large-text-switch');
  t.is(await sw.getAttribute('role'), 'switch');
  t.is(await sw.getAttribute('aria-checked'), 'false');
  const normal = {
    body: await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize)),
    desc: await fontPx(page, '[data-testid="role-card-resident"] .role-card__desc'),
    title: await fontPx(page, '[data-testid="role-card-resident"] .role-card__title'),
  };
  t.log(`normal: body ${normal.body} px, card text ${normal.desc} px, card title ${normal.title} px`);
  t.true(normal.body >= 14 && normal.desc >= 14, 'body text ≥ 14 px at 375 px');

  // Switched with the keyboard (a real switch button), the same page's text grows at once.
  await sw.focus();
  await page.keyboard.press('Enter');
  t.is(await sw.getAttribute('aria-checked'), 'true');
  const large = {
    body: await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize)),
    desc: await fontPx(page, '[data-testid="role-card-resident"] .role-card__desc'),
    title: await fontPx(page, '[data-testid="role-card-resident"] .role-card__title'),
  };
  t.log(`large: body ${large.body} px, card text ${large.desc} px, card title ${large.title} px`);
  t.true(large.body >= 17 && large.desc >= 17, 'body text ≥ 17 px in large-text mode');
  t.true(large.title > normal.title, 'headings grow too');
  await checkScreen(t, page, 'miniapp-home-large-text');

  // Other pages (here the wallet) and a reload keep it.
  await byId(page, 'home-wallet').click();
  await page.waitForURL(/\/wallet\/index\/index/);
  await byId(page, 'wallet-balance').waitFor();
  t.true((await fontPx(page, '.wallet-action__desc')) >= 16);
  await checkScreen(t, page, 'miniapp-wallet-large-text');
  await page.reload();
  await byId(page, 'wallet-balance').waitFor();
  t.true(await page.evaluate(() => document.body.classList.contains('cc-large-text')));

  // Off again: back to the normal scale.
  await page.goto(`${web.url}/pages/index/index`);
  await byId(page, 'large-text-switch').click();
  t.is(await byId(page, 'large-text-switch').getAttribute('aria-checked'), 'false');
  t.is(await fontPx(page, '[data-testid="role-card-resident"] .role-card__desc'), normal.desc);
  t.deepEqual(errors, []);
});

test.serial('a demo resident logs in, sees their community and role cards, and logs out', async (t) => {
  const { page, errors } = await freshPage(t);

  // Not signed in: the home page sends the person to the login page with the demo accounts.
  await page.waitForURL(/\/pages\/login\/index/);
  await page.getByText('演示登录').waitFor();
  await checkScreen(t, page, 'miniapp-login');
  // People see names and roles, not WeChat openids.
  t.false((await byId(page, 'login-page').textContent())?.includes('demo-resident-1'));

  await byId(page, 'login-demo-resident-1').click();
  await page.getByText('您好，王秀英').waitFor();
  t.regex(page.url(), /\/pages\/index\/index/);
  await page.getByText('文新街道益乐社区').waitFor();
  await page.getByText('便民热线 0571-96345').waitFor();
  t.is(await page.locator('.role-card:visible').count(), 1);
  t.true(await byId(page, 'role-card-resident').getByText('居民服务').isVisible());
  await checkScreen(t, page, 'miniapp-home-resident');

  // The card is a button: reached with Tab and opened with Enter.
  await byId(page, 'role-card-resident').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/resident\/index\/index/);
  await page.locator('.resident__family:visible').getByText('为家人下单').waitFor();
  t.is(await byId(page, 'role-shell-upcoming').count(), 0, 'nothing promised that leads nowhere: tracking is on the orders');
  await checkScreen(t, page, 'miniapp-resident-shell');
  await page.goBack();
  await page.getByText('您好，王秀英').waitFor();

  const token = await sessionToken(page);
  t.truthy(token);
  await byId(page, 'logout').click();
  await page.waitForURL(/\/pages\/login\/index/);
  t.is(await sessionToken(page), null);
  // The server forgot the session too.
  const err = await t.throwsAsync(stack.as(token!).call(routes.getMe, {}));
  t.true(err instanceof ApiError && err.status === 401);
  t.deepEqual(errors, []);
});

test.serial('a new user is asked to pick a community, and then sees it on the home page', async (t) => {
  const { page, errors } = await freshPage(t);
  await page.waitForURL(/\/pages\/login\/index/);
  await byId(page, 'login-new').click();

  await page.getByText('请选择您所在的社区或村').waitFor();
  await checkScreen(t, page, 'miniapp-pick-community');
  await byId(page, 'home-choice').filter({ hasText: '径山镇径山村' }).click();

  await page.locator('.home__community-name').getByText('径山镇径山村').waitFor();
  // Choosing a home community makes the person a resident of it.
  await byId(page, 'role-card-resident').waitFor();
  t.false(await page.getByText('请选择您所在的社区或村').isVisible());
  await checkScreen(t, page, 'miniapp-home-new-user');

  const me = await stack.as((await sessionToken(page))!).call(routes.getMe, {});
  t.is(me.roles.length, 1);
  t.is(me.roles[0]?.role, 'resident');
  t.deepEqual(errors, []);
});

test.serial('an operator opens the operator package and sees the community kiosks, finds people and grants roles', async (t) => {
  const { page, errors } = await freshPage(t);
  await page.waitForURL(/\/pages\/login\/index/);
  await byId(page, 'login-demo-operator-1').click();
  await page.getByText('您好，周敏').waitFor();
  // Operators live in their community too: resident and operator cards.
  t.deepEqual(await page.locator('.role-card:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))), [
    'resident',
    'operator',
  ]);

  await byId(page, 'role-card-operator').click();
  await page.waitForURL(/\/operator\/index\/index/);
  await page.locator('.operator__kiosk').first().waitFor();
  t.true(await page.locator('.operator__kiosk').getByText('益乐社区服务站一号机').isVisible());
  await checkScreen(t, page, 'miniapp-operator');

  // 居民与角色 (issue 12 item 11): find 刘德明 by the last 4 digits of his phone, make him a provider, take it back.
  await page.locator('.operator__people').click();
  await page.waitForURL(/\/operator\/people\/index/);
  await page.locator('[data-testid="person"]:visible').first().waitFor();
  await page.locator('[data-testid="people-query"]:visible input').fill('0002');
  await page.locator('[data-testid="people-search"]:visible').click();
  // The whole list gives way to the one person whose phone ends in 0002.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="person"]').length === 1);
  const liu = page.locator('[data-testid="person"]:visible').filter({ hasText: '刘德明' });
  await liu.waitFor();
  await liu.locator('[data-testid="grant-provider"]').click();
  await liu.locator('[data-testid="revoke-provider"]').waitFor();
  t.regex((await liu.textContent()) ?? '', /服务人员/);
  await checkScreen(t, page, 'miniapp-operator-people');
  await liu.locator('[data-testid="revoke-provider"]').click();
  await liu.locator('[data-testid="grant-provider"]').waitFor();
  t.deepEqual(errors, []);
});

test.serial('an expired session sends the person back to the login page', async (t) => {
  const { page } = await freshPage(t);
  // A token the server never issued behaves like an expired one.
  await page.evaluate(() => localStorage.setItem('cc.session_token', JSON.stringify({ data: 'not-a-real-token' })));
  await page.goto(`${web.url}/pages/index/index`);
  await page.waitForURL(/\/pages\/login\/index/);
  t.is(await sessionToken(page), null);
});
