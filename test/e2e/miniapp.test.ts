/**
 * Mini-program (H5 build) in Chromium against the real API: demo login through the WeChat
 * simulator, the role-aware home, picking a community, the operator page, logout.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { ApiError, routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { checkScreen } from '../support/axe';
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
});

test.serial('a demo resident logs in, sees their community and role cards, and logs out', async (t) => {
  const { page, errors } = await freshPage(t);

  // Not signed in: the home page sends the person to the login page with the demo accounts.
  await page.waitForURL(/\/pages\/login\/index/);
  await page.getByText('演示登录').waitFor();
  await checkScreen(t, page, 'miniapp-login');

  await page.locator('.login__account').filter({ hasText: '居民 王秀英' }).click();
  await page.getByText('您好，王秀英').waitFor();
  t.regex(page.url(), /\/pages\/index\/index/);
  await page.getByText('文新街道益乐社区').waitFor();
  await page.getByText('便民热线 0571-96345').waitFor();
  t.is(await page.locator('.role-card').count(), 1);
  t.true(await page.locator('.role-card[data-role="resident"]').getByText('居民服务').isVisible());
  await checkScreen(t, page, 'miniapp-home-resident');

  // The card opens the resident sub-package.
  await page.locator('.role-card[data-role="resident"]').click();
  await page.waitForURL(/\/resident\/index\/index/);
  await page.getByText('即将开通').waitFor();
  await checkScreen(t, page, 'miniapp-resident-shell');
  await page.goBack();
  await page.getByText('您好，王秀英').waitFor();

  const token = await sessionToken(page);
  t.truthy(token);
  await page.locator('.home__footer .nut-button').filter({ hasText: '退出登录' }).click();
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
  await page.locator('.login__account').filter({ hasText: '新用户' }).click();

  await page.getByText('请选择您所在的社区或村').waitFor();
  await checkScreen(t, page, 'miniapp-pick-community');
  await page.locator('.home__choice').filter({ hasText: '径山镇径山村' }).click();

  await page.locator('.home__community-name').getByText('径山镇径山村').waitFor();
  // Choosing a home community makes the person a resident of it.
  await page.locator('.role-card[data-role="resident"]').waitFor();
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
  await page.locator('.login__account').filter({ hasText: '运营 周敏' }).click();
  await page.getByText('您好，周敏').waitFor();
  // Operators live in their community too: resident and operator cards.
  t.deepEqual(await page.locator('.role-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))), ['resident', 'operator']);

  await page.locator('.role-card[data-role="operator"]').click();
  await page.waitForURL(/\/operator\/index\/index/);
  await page.locator('.operator__kiosk').first().waitFor();
  t.true(await page.locator('.operator__kiosk').getByText('益乐社区服务站一号机').isVisible());
  await checkScreen(t, page, 'miniapp-operator');

  // 居民与角色 (issue 12 item 11): find 刘德明 by the last 4 digits of his phone, make him a provider, take it back.
  await page.locator('.operator__people').click();
  await page.waitForURL(/\/operator\/people\/index/);
  await page.locator('[data-testid="person"]:visible').first().waitFor();
  await page.locator('[data-testid="people-query"]:visible input').fill('0002');
  await page.locator('.operator-people__search:visible').getByText('查找').click();
  const liu = page.locator('[data-testid="person"]:visible').filter({ hasText: '刘德明' });
  await liu.waitFor();
  t.is(await page.locator('[data-testid="person"]:visible').count(), 1, 'only the one whose phone ends in 0002');
  await liu.getByText('设为服务人员').click();
  await liu.getByText('撤销服务人员').waitFor();
  t.regex((await liu.textContent()) ?? '', /服务人员/);
  await checkScreen(t, page, 'miniapp-operator-people');
  await liu.getByText('撤销服务人员').click();
  await liu.getByText('设为服务人员').waitFor();
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
