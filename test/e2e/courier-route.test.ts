/**
 * A courier's route, position and village trips (issue 13) in the mini-program's H5 build in Chromium against the real
 * API, database and Redis. A courier holding two tasks opens 配送路线 from the workbench: the stops are the API's, in
 * its order, each pickup before its drop, with the expected arrival as HH:mm; tapping a stop opens its task; another
 * vehicle re-plans. While the pages are shown the browser's position (granted geolocation) is reported and the buyer's
 * tracking shows it. In 径山村, a courier claims the village station's trip whole on 村里的车次, picks its parcels up and
 * leaves them at the station with one photo taken on the page. On the page's clock (playwright's page.clock), the
 * workbench reports a fix every 30 s and not before; a 5 km jump is refused by the API and the next fix kept. Every
 * screen goes through axe. The orders stack (and its
 * books check) with the village helpers of the API suites; each courier in their own browser.
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { wgs84ToGcj02 } from '@cc/api/delivery/tasks/datum';
import { routes, shanghaiTime, type ApiClient } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { checkScreen } from '../support/axe';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { courier, readyOrder, storedTask } from '../support/delivery';
import { pngFrom } from '../support/images';
import { key, stack, seed, useOrdersStack } from '../support/orders-stack';
import { village, villageOrder } from '../support/village';

useOrdersStack({ env: { ORDER_AUTO_CONFIRM_SECONDS: '3600', DELIVERY_MAX_TASKS_PER_COURIER: '6' } });

const PHONE = { width: 375, height: 812 };
let web: StaticServer | undefined;
const browsers: LaunchedBrowser[] = [];
test.after.always(async () => {
  for (const b of browsers) await b.close();
  await web?.close();
});

/** Page errors of every browser: none is expected. */
const pageErrors: string[] = [];

/**
 * A courier's own browser, signed in with their session, at `path`; `at` grants the page that position; `clock` installs
 * playwright's fake clock before the app loads (the test then moves the page's time).
 */
async function courierPage(
  t: ExecutionContext,
  token: string,
  path: string,
  at?: { lat: number; lng: number },
  opts: { clock?: boolean } = {},
): Promise<Page> {
  web ??= await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
  });
  const browser = await launchBrowser({ viewport: PHONE });
  browsers.push(browser);
  if (at) {
    await browser.context.grantPermissions(['geolocation'], { origin: web.url });
    await browser.context.setGeolocation({ latitude: at.lat, longitude: at.lng, accuracy: 10 });
  }
  const page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  t.teardown(() => page.close());
  if (opts.clock) await page.clock.install();
  await page.goto(web.url);
  await page.evaluate((tok) => localStorage.setItem('cc.session_token', JSON.stringify({ data: tok })), token);
  await page.goto(`${web.url}${path}`);
  return page;
}

const onScreen = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const tid = (page: Page, id: string) => onScreen(page, `[data-testid="${id}"]`);

/** Polls `read` until `done` holds, for at most `ms`; the last value either way. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The stops on screen, as "kind task" lines in their order, and their expected arrivals (HH:mm). */
async function shownStops(page: Page): Promise<{ lines: string[]; etas: string[] }> {
  const stops = tid(page, 'route-stop');
  await stops.first().waitFor();
  const lines: string[] = [];
  const etas: string[] = [];
  for (let i = 0; i < (await stops.count()); i++) {
    const body = stops.nth(i).locator('.courier-stop__body');
    lines.push(`${await body.getAttribute('data-kind')} ${await body.getAttribute('data-task')}`);
    etas.push((await stops.nth(i).locator('[data-testid="stop-eta"]').textContent()) ?? '');
  }
  return { lines, etas };
}

/** The API's plan for the vehicle, in the same shape. */
async function apiStops(client: ApiClient, vehicle: 'ebike' | 'walk') {
  const route = await client.call(routes.getMyRoute, { query: { vehicle } });
  const lines = route.stops.map((s) => `${s.kind} ${s.task_id}`);
  return { route, lines, etas: route.stops.map((s) => shanghaiTime(new Date(s.expected_arrival_at))) };
}

/** The page asked a moment before the test did: a minute boundary may fall between, nothing more. */
function sameTimes(t: ExecutionContext, shown: string[], api: string[]): void {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  t.is(shown.length, api.length);
  shown.forEach((s, i) => {
    t.regex(s, /^\d{2}:\d{2}$/);
    const gap = Math.abs(minutes(s) - minutes(api[i]!));
    t.true(gap <= 1 || gap >= 1439, `stop ${i + 1}: ${s} on screen, ${api[i]} from the API`);
  });
}

test.serial('配送路线: the API’s stops in order, each pickup before its drop; the position reaches the buyer', async (t) => {
  const a = await readyOrder();
  const b = await readyOrder();
  const c = await courier();
  for (const x of [a, b])
    await c.client.call(routes.claimDeliveryTask, { params: { task_id: x.task.id }, body: {}, idempotencyKey: key() });
  const here = { lat: a.task.pickup.location.lat + 0.002, lng: a.task.pickup.location.lng };

  const page = await courierPage(t, c.token, '/courier/index/index', here);
  await onScreen(page, '.courier-home[data-on-duty="true"]').waitFor();
  await tid(page, 'courier-duty-count')
    .getByText(/进行中的任务 2 \//)
    .waitFor();
  await checkScreen(t, page, 'courier-route-01-workbench');

  // The workbench reports the granted position (the H5 build's is WGS-84): the buyer's tracking shows it as stored,
  // in GCJ-02 like every other place on the maps.
  const tracking = await until(
    () => a.liu.client.call(routes.getOrderTracking, { params: { order_id: a.order.id }, query: {} }),
    (x) => x.courier_position !== null,
  );
  t.truthy(tracking.courier_position, 'the position was kept');
  const stored = wgs84ToGcj02(here);
  t.true(Math.abs(tracking.courier_position!.lat - stored.lat) < 1e-5 && Math.abs(tracking.courier_position!.lng - stored.lng) < 1e-5);

  await tid(page, 'courier-link-route').click();
  await page.waitForURL(/\/courier\/route\/index/);
  await onScreen(page, '.courier-route[data-vehicle="ebike"]').waitFor();
  const ebike = await apiStops(c.client, 'ebike');
  t.is(ebike.route.stops.length, 4);
  const shown = await shownStops(page);
  t.deepEqual(shown.lines, ebike.lines, 'the API’s stops, in its order');
  sameTimes(t, shown.etas, ebike.etas);
  for (const x of [a, b]) {
    const kinds = ebike.lines.filter((l) => l.includes(x.task.id)).map((l) => l.split(' ')[0]);
    t.deepEqual(kinds, ['pickup', 'drop'], `the pickup of ${x.order.number} before its drop`);
  }
  const first = tid(page, 'route-stop').first();
  t.regex((await first.textContent()) ?? '', /^1取件/);
  t.regex((await tid(page, 'route-total').textContent()) ?? '', new RegExp(`全程约 ${ebike.route.total_minutes} 分钟`));
  t.is(await tid(page, 'route-infeasible').count(), ebike.route.feasible ? 0 : 1);
  t.false(/ord_|dlv_/.test(await page.evaluate(() => document.body.innerText)), 'no internal id on screen');
  await checkScreen(t, page, 'courier-route-02-route');

  // On foot the plan is re-made by the API.
  await onScreen(page, '.cc-chip[data-value="walk"]').click();
  await onScreen(page, '.courier-route[data-vehicle="walk"]').waitFor();
  const walk = await apiStops(c.client, 'walk');
  await tid(page, 'route-total').getByText(`全程约 ${walk.route.total_minutes} 分钟`).waitFor();
  const onFoot = await shownStops(page);
  t.deepEqual(onFoot.lines, walk.lines);
  sameTimes(t, onFoot.etas, walk.etas);
  await checkScreen(t, page, 'courier-route-03-walk');

  // A stop opens its task.
  const task_id = await first.locator('.courier-stop__body').getAttribute('data-task');
  await first.locator('.courier-stop__body').click();
  await page.waitForURL(new RegExp(`/courier/task/index\\?id=${task_id}`));
  await onScreen(page, '.courier-task-page').waitFor();
  await checkScreen(t, page, 'courier-route-04-stop-task');

  // 我的任务 links to the route too.
  await page.goBack();
  await page.goBack();
  await page.waitForURL(/\/courier\/index\/index/);
  await tid(page, 'courier-link-tasks').click();
  await page.waitForURL(/\/courier\/tasks\/index/);
  await tid(page, 'my-task').nth(1).waitFor();
  await checkScreen(t, page, 'courier-route-05-my-tasks');
  await tid(page, 'tasks-link-route').click();
  await page.waitForURL(/\/courier\/route\/index/);
  await tid(page, 'route-stop').nth(3).waitFor();
  t.is(await tid(page, 'position-notice').count(), 0, 'no notice: the permission is granted');
  t.deepEqual(pageErrors, [], 'no page errors');
});

/** A photo of the parcels on the station's shelf (brown boxes on grey), made here. */
const shelfPhoto = () => pngFrom(96, 96, (x, y) => (y > 40 && y < 80 && x % 32 > 4 ? [150, 105, 60] : [200, 204, 210]));

test.serial('村里的车次: a village trip claimed whole, picked up, and left at the station with one photo', async (t) => {
  await village();
  const made = [await villageOrder(), await villageOrder()];
  const trip_id = made[0]!.task.trip_id!;
  t.true(made.every((m) => m.task.trip_id === trip_id));
  const c = await courier(seed.communities.jingshan);

  const page = await courierPage(t, c.token, '/courier/trips/index');
  const open = tid(page, 'open-trip').filter({ hasText: made[0]!.task.drop.label });
  await open.getByText('2 件').waitFor();
  await checkScreen(t, page, 'courier-route-06-open-trips');
  await open.locator('.courier-trip__claim').click();
  await tid(page, 'trips-notice').getByText('已接下').waitFor();
  await tid(page, 'my-trip').getByText('已取 0 / 2 件').waitFor();
  t.is(await tid(page, 'open-trip').count(), 0, 'the trip left the open list');
  t.like(await storedTask(made[0]!.task.id), { status: 'claimed', courier_id: c.user_id });
  await checkScreen(t, page, 'courier-route-07-trip-claimed');

  // The parcels are picked up (with the sellers' codes, as on the task page); back on the page, the drop is offered.
  for (const m of made) await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: m.task.id }, body: { code: m.pickupCode } });
  await page.reload();
  await tid(page, 'my-trip').getByText('已取 2 / 2 件').waitFor();
  t.regex((await onScreen(page, '.courier-trip__drop-btn').getAttribute('class')) ?? '', /nut-button-disabled/, 'no drop without a photo');
  const chooser = page.waitForEvent('filechooser');
  await onScreen(page, '.courier-trip .cc-photo-add').click();
  await (await chooser).setFiles({ name: 'shelf.png', mimeType: 'image/png', buffer: shelfPhoto() });
  await onScreen(page, '.courier-trip .cc-photo').waitFor();
  await checkScreen(t, page, 'courier-route-08-trip-photo');
  await onScreen(page, '.courier-trip__drop-btn').click();
  await tid(page, 'trips-notice').getByText(`已放到${made[0]!.task.drop.label} 2 件`).waitFor();
  await tid(page, 'my-trip').waitFor({ state: 'detached' });
  for (const m of made) t.like(await storedTask(m.task.id), { status: 'at_station', fee_paid: true });
  await checkScreen(t, page, 'courier-route-09-trip-dropped');
  t.deepEqual(pageErrors, [], 'no page errors');
});

test.serial('a refused location permission shows one short notice, and the page still works', async (t) => {
  const { task } = await readyOrder();
  const c = await courier();
  await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
  const page = await courierPage(t, c.token, '/courier/tasks/index');
  await tid(page, 'my-task').first().waitFor();
  await tid(page, 'position-notice').getByText('未开启定位权限').waitFor();
  t.is(await tid(page, 'position-notice').count(), 1);
  await checkScreen(t, page, 'courier-route-10-no-permission');
  t.deepEqual(pageErrors, [], 'no page errors');
});

/** `from` moved by metres north (positive) or south: 0.000009° of latitude is about one metre. */
const north = (from: { lat: number; lng: number }, m: number) => ({ lat: from.lat + m * 0.000_009, lng: from.lng });

test.serial(
  'the workbench reports its position every 30 s on the page’s clock; an impossible jump is refused, the next fix kept',
  async (t) => {
    const a = await readyOrder();
    const c = await courier();
    await c.client.call(routes.claimDeliveryTask, { params: { task_id: a.task.id }, body: {}, idempotencyKey: key() });
    const here = north(a.task.pickup.location, 200);

    const page = await courierPage(t, c.token, '/courier/index/index', here, { clock: true });
    const moveTo = (p: { lat: number; lng: number }) => page.context().setGeolocation({ latitude: p.lat, longitude: p.lng, accuracy: 10 });
    await onScreen(page, '.courier-home[data-on-duty="true"]').waitFor();
    const storedAt = async () =>
      (await a.liu.client.call(routes.getOrderTracking, { params: { order_id: a.order.id }, query: {} })).courier_position;
    const near = (p: { lat: number; lng: number } | null, wgs: { lat: number; lng: number }) => {
      const g = wgs84ToGcj02(wgs);
      return p !== null && Math.abs(p.lat - g.lat) < 1e-5 && Math.abs(p.lng - g.lng) < 1e-5;
    };
    t.true(near(await until(storedAt, (p) => p !== null), here), 'the first fix, sent on opening, is kept');
    await checkScreen(t, page, 'courier-route-11-reporting');

    // Every report the page sends from now on, and the API's answer to each. From here on the page's time moves only
    // when the test moves it.
    const isReport = (url: string, method: string) => method === 'POST' && new URL(url).pathname === '/api/v1/couriers/me/position';
    let sent = 0;
    page.on('request', (r) => void (isReport(r.url(), r.method()) && sent++));
    const answer = () => page.waitForResponse((r) => isReport(r.url(), r.request().method()));
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
    const before = sent;

    // 40 m on (inside the jitter the speed rule allows however little real time passed): reported at 30 s, not before.
    const walked = north(here, 40);
    await moveTo(walked);
    await page.clock.runFor(20_000);
    await page.evaluate(() => 0);
    t.is(sent, before, 'nothing reported before 30 s');
    let next = answer();
    await page.clock.runFor(10_000);
    t.is((await next).status(), 200);
    t.is(sent, before + 1, 'one report at 30 s');
    t.true(near(await storedAt(), walked), 'the 30 s report reached the API and is what the buyer sees');

    // 5 km away 30 s later is faster than any courier: the API refuses it, the stored position stays, the page says nothing.
    await moveTo(north(here, 5000));
    next = answer();
    await page.clock.runFor(30_000);
    const refused = await next;
    t.is(refused.status(), 422);
    t.like(await refused.json(), { code: 'position_jump' });
    t.true(near(await storedAt(), walked), 'the jump was not kept');
    t.is(await tid(page, 'position-notice').count(), 0, 'a refused fix is not the courier’s to act on');

    // And the reporting goes on: the next fix, back on the road, is kept.
    const onward = north(walked, 30);
    await moveTo(onward);
    next = answer();
    await page.clock.runFor(30_000);
    t.is((await next).status(), 200);
    t.true(near(await storedAt(), onward));
    t.is(sent, before + 3, 'one report per 30 s');
    await page.clock.resume();
    await checkScreen(t, page, 'courier-route-12-still-reporting');
    t.deepEqual(pageErrors, [], 'no page errors');
  },
);
