/**
 * Journeys across both front ends: the kiosk's H5 build on a portrait terminal and the mini-program's H5 build on a
 * phone, against one stack (real API, database and Redis). `setupKioskAndPhone()` registers the file's before/after
 * hooks; the exports below are set once `before` ran.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, launchKioskBrowser, type LaunchedBrowser } from './browser';
import { startStack, type Stack } from './stack';

export let stack: Stack;
export let seed: Awaited<ReturnType<Stack['seed']>>;
export let miniapp: StaticServer;
export let kiosk: StaticServer;
const browsers: LaunchedBrowser[] = [];

export function setupKioskAndPhone(): void {
  test.before(async () => {
    stack = await startStack();
    seed = await stack.seed();
    miniapp = await serveStatic({
      root: h5Build('miniapp'),
      port: 0,
      runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
    });
    kiosk = await serveStatic({ root: h5Build('kiosk'), port: 0, runtimeConfig: { apiBaseUrl: stack.apiUrl } });
  });
  test.after.always(async () => {
    for (const b of browsers) await b.close();
    await miniapp?.close();
    await kiosk?.close();
    await stack?.stop();
  });
}

export const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

/** A page in a fresh browser whose page errors are collected in `errors`. */
export async function pageIn(browser: LaunchedBrowser): Promise<{ page: Page; errors: string[] }> {
  browsers.push(browser);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

/** 周敏, operator of 益乐社区, signed in on the phone through 演示登录, on the call queue with the real-time channel open. */
export async function operatorOnQueue(): Promise<{ op: Page; errors: string[] }> {
  const { page: op, errors } = await pageIn(await launchBrowser({ viewport: { width: 375, height: 812 } }));
  await op.goto(miniapp.url);
  await op.waitForURL(/\/pages\/login\/index/);
  await op.locator('.login__account').filter({ hasText: '运营 周敏' }).click();
  await op.getByText('您好，周敏').waitFor();
  await op.locator('.role-card[data-role="operator"]').click();
  await visible(op, '.operator__queue').click();
  await op.waitForURL(/\/operator\/queue\/index/);
  await visible(op, '.realtime-status--open').waitFor();
  return { op, errors };
}

/** The demo terminal of 益乐社区服务站 on its welcome screen, nobody signed in. */
export async function kioskAtWelcome(): Promise<{ k: Page; errors: string[] }> {
  const { page: k, errors } = await pageIn(await launchKioskBrowser());
  await k.goto(`${kiosk.url}/?terminal_id=${encodeURIComponent(seed.kiosk.id)}&terminal_secret=${encodeURIComponent(seed.kiosk.secret)}`);
  await visible(k, '[data-testid="community-name"]').getByText('文新街道益乐社区').waitFor();
  return { k, errors };
}
