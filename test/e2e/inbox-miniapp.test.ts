/**
 * 我的消息 in the mini-program (H5 build) against the real API (issue 15 item 6): the resident home shows how many
 * messages are unread, the inbox lists them newest first in plain words (readable numbers and amounts, no ids), opening
 * one marks it read and 全部标为已读 the rest, and the badge is gone when the resident comes back.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { checkScreen } from '../support/axe';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let browser: LaunchedBrowser;
let seed: Awaited<ReturnType<Stack['seed']>>;

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
  web = await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
  });
  browser = await launchBrowser({ viewport: { width: 375, height: 812 } });
});

test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

/** Taro keeps the pages below in the DOM (hidden): only what is on screen. */
const onScreen = (page: Page, selector: string) => page.locator(`${selector}:visible`);

test('the resident sees the unread badge, reads the inbox, and marks messages read', async (t) => {
  const user_id = seed.users['demo-resident-1'] as string;
  const tell = (kind: 'call_resolved' | 'order_refunded', title: string, body: string, amount_fen?: number) =>
    stack.api.inbox.publish({ event_id: `${kind}:${randomUUID()}`, user_id, kind, title, body, ...(amount_fen ? { amount_fen } : {}) });
  await tell('call_resolved', '呼叫已办结', '您的水电维修呼叫 2412-0031 已办结，欢迎评价');
  await tell('order_refunded', '退款已到账', '订单 2412-0387 的退款 ¥12.50 已退回市民卡', 1250);

  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(web.url);
  await page.waitForURL(/\/pages\/login\/index/);
  await page.locator('.login__account').filter({ hasText: '王秀英' }).first().click();
  await page.getByText('您好，王秀英').waitFor();

  await page.goto(`${web.url}/resident/index/index`);
  await onScreen(page, '.resident__unread').filter({ hasText: '2 条未读' }).waitFor();
  await checkScreen(t, page, 'miniapp-resident-inbox-badge');
  await onScreen(page, '.resident__inbox').click();
  await page.waitForURL(/\/inbox\/index\/index/);

  const rows = onScreen(page, '[data-testid="inbox-row"]');
  await rows.first().waitFor();
  t.is(await rows.count(), 2);
  // Newest first, in words: the refund with its amount and the order's readable number.
  t.regex(await rows.nth(0).innerText(), /退款已到账[\s\S]*2412-0387[\s\S]*¥12\.50/);
  t.regex(await rows.nth(1).innerText(), /呼叫已办结[\s\S]*2412-0031/);
  const text = await onScreen(page, '[data-testid="inbox-page"]').innerText();
  t.false(/(ord|inb|usr|req)_[0-9A-Z]/.test(text), 'no internal ids on the page');
  await onScreen(page, '[data-testid="inbox-unread"]').filter({ hasText: '2 条未读' }).waitFor();
  await checkScreen(t, page, 'miniapp-inbox');

  // Opening one reads it.
  await rows.nth(1).click();
  await onScreen(page, '[data-testid="inbox-unread"]').filter({ hasText: '1 条未读' }).waitFor();
  t.is(await rows.nth(1).getAttribute('data-read'), 'true');
  const me = await stack.login('demo-resident-1');
  t.deepEqual(await me.client.call(routes.getMyInboxUnread, {}), { unread: 1 });

  await onScreen(page, '[data-testid="inbox-mark-all"]').click();
  await onScreen(page, '[data-testid="inbox-unread"]').filter({ hasText: '没有未读消息' }).waitFor();
  t.deepEqual(await me.client.call(routes.getMyInboxUnread, {}), { unread: 0 });
  await checkScreen(t, page, 'miniapp-inbox-all-read');

  // Back on the resident home, the badge is gone.
  await page.goBack();
  await onScreen(page, '.resident__inbox').waitFor();
  // The home refreshes its count when shown again: wait for that read to land, then check.
  await onScreen(page, '.resident__unread').waitFor({ state: 'hidden' });
  t.is(await onScreen(page, '.resident__unread').count(), 0);
  t.deepEqual(errors, []);
});
