/**
 * Delivery tracking on the resident's order page (issue 13 §4, §8) in the mini-program's H5 build against the real
 * API: once the courier has picked the order up, 刘德明's order page shows 配送员正在路上 with the distance and 约 N 分钟;
 * as the courier's positions are posted through the API, the ETA on the open page falls without a reload (over the
 * real-time socket). Phone-sized viewport.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { checkScreen } from '../support/axe';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { courier, readyOrder } from '../support/delivery';
import { stack, useOrdersStack } from '../support/orders-stack';

useOrdersStack();

let web: StaticServer | undefined;
let browser: LaunchedBrowser | undefined;
/** The H5 site and the browser, started inside the test: the orders stack's before hook has set `stack` by then. */
async function site() {
  web ??= await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
  });
  browser ??= await launchBrowser({ viewport: { width: 375, height: 812 }, hasTouch: true });
  return { web, browser };
}
test.after.always(async () => {
  await browser?.close();
  await web?.close();
});

/** `km` north of `p`, at a device time `minutes` from now (within the ten minutes a fix may be late). */
const fix = (p: { lat: number; lng: number }, km: number, minutes: number) => ({
  lat: p.lat + km / 111.2,
  lng: p.lng,
  at: new Date(Date.now() + minutes * 60_000).toISOString(),
});
const minutesOf = (text: string | null) => Number(/约 (\d+) 分钟/.exec(text ?? '')?.[1] ?? NaN);

test('the buyer’s order page shows the courier on the way and the ETA falls live as positions arrive', async (t) => {
  const { order, task, codes } = await readyOrder();
  const c = await courier();
  await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: `claim-${task.id}` });
  await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: task.id }, body: { code: codes.pickup } });
  const drop = task.drop.location;
  await c.client.call(routes.reportMyPosition, { body: fix(drop, 4, -6) });

  const liu = await stack.login('demo-resident-2');
  const { web, browser } = await site();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(web.url);
  await page.evaluate((token) => localStorage.setItem('cc.session_token', JSON.stringify({ data: token })), liu.token);
  await page.goto(`${web.url}/shop/order/index?id=${order.id}`);

  const eta = page.locator('[data-testid="tracking-eta"]:visible');
  await eta.waitFor();
  t.is(await page.locator('[data-testid="tracking-headline"]:visible').textContent(), '配送员正在路上');
  t.regex((await page.locator('[data-testid="tracking-distance"]:visible').textContent()) ?? '', /距您约 [\d.]+ 公里/);
  const first = minutesOf(await eta.textContent());
  t.true(first >= 10, `4 km away: ${first} minutes`);
  await checkScreen(t, page, 'delivery-tracking-01-on-the-way');

  // The courier comes closer: the open page follows without a reload.
  await c.client.call(routes.reportMyPosition, { body: fix(drop, 2, -4) });
  await page.waitForFunction(
    (before) => {
      const el = Array.from(document.querySelectorAll('[data-testid="tracking-eta"]')).find((e) => (e as HTMLElement).offsetParent);
      const m = /约 (\d+) 分钟/.exec(el?.textContent ?? '');
      return m !== null && Number(m[1]) < before;
    },
    first,
    { timeout: 10_000 },
  );
  await c.client.call(routes.reportMyPosition, { body: fix(drop, 0.3, -2) });
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('[data-testid="tracking-distance"]')).some((e) => /距您约 \d+ 米/.test(e.textContent ?? '')),
  );
  const last = minutesOf(await eta.textContent());
  t.true(last < first && last >= 1, `${first} → ${last} minutes`);
  const progress = Number(await page.locator('.cc-tracking__line:visible').getAttribute('aria-valuenow'));
  t.true(progress > 50, `the progress line moved: ${progress}%`);
  await checkScreen(t, page, 'delivery-tracking-02-nearly-there');
  t.deepEqual(errors, []);
});
