/**
 * 农产品行情 (issue 14 item 6) in the mini-program's H5 build in Chromium against the real API: the demo's weeks of
 * observations (seeded through the price service), the trend chart drawn by AntV F2 on a real canvas, the summary in
 * words and the daily table with the API's figures; switching variety and window; a farmer's own asking price
 * against the regional median. Every screen goes through axe.
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { seedDemoPrices } from '@cc/api/agri/price/seeding';
import { routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { checkScreen } from '../support/axe';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

const PHONE = { width: 375, height: 812 };
let stack: Stack;
let web: StaticServer;
let browser: LaunchedBrowser;
const pageErrors: string[] = [];

test.before(async () => {
  stack = await startStack();
  const seed = await stack.seed();
  await seedDemoPrices(stack.api.agriPrices, seed.users);
  web = await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
  });
  browser = await launchBrowser({ viewport: PHONE });
});
test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

async function open(t: ExecutionContext, token: string | null, path = '/prices/index/index'): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(web.url);
  if (token) await page.evaluate((tok) => localStorage.setItem('cc.session_token', JSON.stringify({ data: tok })), token);
  await page.goto(`${web.url}${path}`);
  return page;
}

const tid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]:visible`);

/** Pixels the chart drew (not transparent), read back from its canvas. */
const drawnPixels = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="price-chart"] canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) n++;
    return n;
  });

/** The table's rows as [date, low, high, median, mean, volume] texts. */
const tableRows = (page: Page) =>
  page
    .locator('[data-testid="price-row"]:visible')
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('[role="cell"]'), (c) => c.textContent?.trim() ?? '')));

async function pollUntil(t: ExecutionContext, what: string, check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) return t.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test.serial('anyone sees the trend drawn by F2, its summary in words and the API’s figures in the table', async (t) => {
  const page = await open(t, null);
  await tid(page, 'prices-page').waitFor({ timeout: 30_000 });
  await tid(page, 'price-table').waitFor();
  const variety =
    (await page.locator('[data-testid="price-pickers"] [role="radio"][aria-checked="true"]').first().textContent())?.trim() ?? '';
  const api = await stack.client.call(routes.getAgriPrices, { query: { variety, days: 30 } });
  t.true(api.series.length >= 20, 'four weeks of demo observations');
  await pollUntil(t, 'the chart to be drawn', async () => (await drawnPixels(page)) > 500);
  t.true((await drawnPixels(page)) > 500, 'the F2 canvas has a drawing');
  const rows = await tableRows(page);
  t.is(rows.length, api.series.length);
  const latest = api.series[api.series.length - 1]!;
  const money = (fen: number) => (fen / 100).toFixed(2);
  t.deepEqual(rows[0], [
    latest.date.slice(5),
    money(latest.low_fen),
    money(latest.high_fen),
    money(latest.median_fen),
    money(latest.mean_fen),
    String(latest.volume),
  ]);
  const summary = (await tid(page, 'price-summary').textContent()) ?? '';
  t.true(summary.includes(`中位价每斤 ¥${money(latest.median_fen)}`), summary);
  t.is(await page.locator('[data-testid="price-chart"]').getAttribute('aria-hidden'), 'true', 'the words, not the canvas, are read out');
  await checkScreen(t, page, 'agri-prices-30-days');

  // Another variety, the last 7 days, one village: the figures follow.
  await page.locator('[data-testid="price-pickers"] [role="radio"]', { hasText: '高山茶叶' }).click();
  await page.locator('[data-testid="price-pickers"] [role="radio"]', { hasText: '近 7 天' }).click();
  await page.locator('[data-testid="price-pickers"] [role="radio"]', { hasText: '余杭区 径山镇 径山村' }).click();
  const tea = await stack.client.call(routes.getAgriPrices, { query: { variety: '高山茶叶', region: '余杭区/径山镇/径山村', days: 7 } });
  await pollUntil(
    t,
    'the tea table',
    async () =>
      (await tableRows(page)).length === tea.series.length &&
      ((await tid(page, 'price-summary').textContent()) ?? '').includes('径山村高山茶叶'),
  );
  const teaLatest = tea.series[tea.series.length - 1]!;
  t.is((await tableRows(page))[0]?.[3], money(teaLatest.median_fen));
  await pollUntil(t, 'the tea chart', async () => (await drawnPixels(page)) > 500);
  await checkScreen(t, page, 'agri-prices-tea-7-days');
  t.deepEqual(pageErrors, []);
});

test.serial('a farmer sees their own asking price against the village median', async (t) => {
  const farmer = await stack.login('demo-farmer-1');
  const page = await open(t, farmer.token, `/prices/index/index?variety=${encodeURIComponent('高山茶叶')}`);
  await tid(page, 'price-position').waitFor({ timeout: 30_000 });
  const mine = await farmer.client.call(routes.getMyAgriPricePosition, { query: { variety: '高山茶叶' } });
  const text = (await tid(page, 'price-position').textContent()) ?? '';
  t.true(text.includes('¥480.00 / 斤'), text);
  t.truthy(mine.reference);
  t.true(text.includes(`¥${(mine.reference!.day.median_fen / 100).toFixed(2)}`), text);
  t.true(text.includes({ below: '低于', near: '接近', above: '高于' }[mine.position!]), text);
  await checkScreen(t, page, 'agri-prices-farmer');
  t.deepEqual(pageErrors, []);
});
