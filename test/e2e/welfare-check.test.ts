/**
 * The welfare check and proof by photo (issue 13 §1, §7) in the mini-program's H5 build against the real API:
 * the operator of 益乐社区 finds 刘德明 with the people search and registers him as living alone (独居老人名单); a courier
 * holding his order (picked up) finds nobody at the door and presses 无人应答 on the task page with a note — the page
 * says calmly that the community was asked to check on him (关怀探访, the call's number); the operator, on her page in
 * another browser, sees the banner arrive live with the address, follows it to the call, and finds the 关怀探访 call in
 * the queue. A second task of the courier is delivered by photo with a reason and a note. Last she removes him from the
 * register (asked once more first), and a courier's 无人应答 at his door then opens no call. Every screen through axe.
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { routes, type DeliveryTask } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { checkScreen } from '../support/axe';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { courier, readyOrder, storedTask, type Courier } from '../support/delivery';
import { pngFrom } from '../support/images';
import { key, operator, seed, stack, useOrdersStack } from '../support/orders-stack';
import { villageOrder } from '../support/village';

useOrdersStack({ env: { ORDER_AUTO_CONFIRM_SECONDS: '3600' } });

const PHONE = { width: 375, height: 812 };
let web: StaticServer | undefined;
const browsers: LaunchedBrowser[] = [];
const pageErrors: string[] = [];
test.after.always(async () => {
  for (const b of browsers) await b.close();
  await web?.close();
});

/** The H5 site, started inside the first test (the orders stack's before hook has set `stack` by then). */
async function site(): Promise<StaticServer> {
  web ??= await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
  });
  return web;
}

/** A person's own browser, signed in with their session, on `path`; `at` puts the phone's position there. */
async function browserOf(t: ExecutionContext, token: string, path: string, at?: { lat: number; lng: number }): Promise<Page> {
  const w = await site();
  const browser = await launchBrowser({ viewport: PHONE });
  browsers.push(browser);
  if (at) {
    await browser.context.grantPermissions(['geolocation'], { origin: w.url });
    await browser.context.setGeolocation({ latitude: at.lat, longitude: at.lng });
  }
  const page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(w.url);
  await page.evaluate((tok) => localStorage.setItem('cc.session_token', JSON.stringify({ data: tok })), token);
  await page.goto(`${w.url}${path}`);
  return page;
}

/** Taro keeps the pages below in the DOM (hidden): only what is on screen. */
const onScreen = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const tid = (page: Page, id: string) => onScreen(page, `[data-testid="${id}"]`);

/** A photo of the parcel at the door, made here (a brown box on a grey step). */
const parcelPhoto = () => pngFrom(96, 96, (x, y) => (x > 24 && x < 72 && y > 30 && y < 78 ? [150, 100, 60] : [200, 200, 205]));

/** 刘德明's order, ready, claimed and picked up by the courier through the API: the parcel is at his door. */
async function heldBy(c: Courier): Promise<DeliveryTask> {
  const { task, codes } = await readyOrder();
  await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
  await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: task.id }, body: { code: codes.pickup } });
  return task;
}

/** The operator opens 独居老人名单 from her home, finds 刘德明 by name and registers him with a note. */
async function operatorRegistersLiu(t: ExecutionContext, op: Page): Promise<void> {
  const liuId = seed.users['demo-resident-2'] as string;
  await onScreen(op, '.operator__welfare').click();
  await op.waitForURL(/\/operator\/welfare\/index/);
  await tid(op, 'welfare-list').getByText('名单上还没有人').waitFor();
  await checkScreen(t, op, 'welfare-01-register-empty');
  await onScreen(op, '[data-testid="welfare-query"] input').fill('刘德明');
  await tid(op, 'welfare-search').click();
  const candidate = onScreen(op, `[data-testid="welfare-candidate"][data-user-id="${liuId}"]`);
  await candidate.getByText('刘德明').waitFor();
  await candidate.locator('.welfare__register').click();
  await candidate.locator('textarea').fill('独居，耳背，敲门要用力');
  await checkScreen(t, op, 'welfare-02-register-note');
  await candidate.locator('.cc-notebox__submit').click();
  await tid(op, 'welfare-done').getByText('已将刘德明登记为独居老人').waitFor();
  const row = onScreen(op, `[data-testid="welfare-resident"][data-user-id="${liuId}"]`);
  await row.getByText('备注：独居，耳背，敲门要用力').waitFor();
  t.false(/usr_|dlv_/.test(await op.evaluate(() => document.body.innerText)), 'no internal id on screen');
  const listed = await operator.call(routes.listWelfareResidents, { params: { community_id: seed.communities.wenxin }, query: {} });
  t.deepEqual(
    listed.items.map((r) => r.user_id),
    [liuId],
  );
  await checkScreen(t, op, 'welfare-03-registered');
}

/** The courier, on the picked-up task's page, presses 无人应答 with a note: the calm 关怀探访 notice with the call's number. */
async function courierFindsNoAnswer(t: ExecutionContext, c: Courier, task: DeliveryTask): Promise<Page> {
  const page = await browserOf(t, c.token, `/courier/task/index?id=${task.id}`, task.drop.location);
  await page.locator('.courier-task-page[data-status="picked_up"]:visible').waitFor();
  await onScreen(page, '.courier-act--photo').waitFor();
  await checkScreen(t, page, 'welfare-04-courier-at-door');
  await onScreen(page, '.courier-act--no_answer').click();
  await onScreen(page, '.courier-door--no-answer textarea').fill('敲门、打电话都没人应');
  await checkScreen(t, page, 'welfare-05-no-answer-note');
  await onScreen(page, '.courier-door--no-answer .cc-notebox__submit').click();
  await tid(page, 'task-done').getByText('已记录无人应答').waitFor();
  const notice = tid(page, 'welfare-notice');
  await notice.getByText('已请社区关怀探访').waitFor();
  t.is(await page.locator('.courier-task-page').first().getAttribute('data-status'), 'picked_up', 'the parcel stays with the courier');
  await checkScreen(t, page, 'welfare-06-courier-welfare-notice');
  return page;
}

test.serial(
  '无人应答 at the door of 刘德明, registered as living alone: the operator is alerted live, the call is in the queue',
  async (t) => {
    const op = await browserOf(t, (await stack.login('demo-operator-1')).token, '/operator/index/index');
    await onScreen(op, '.realtime-status--open').waitFor();
    await checkScreen(t, op, 'welfare-00-operator-home');
    await operatorRegistersLiu(t, op);
    await onScreen(op, '.realtime-status--open').waitFor();
    t.is(await onScreen(op, '.welfare-alert').count(), 0, 'no alert before the courier presses');

    const c = await courier();
    const task = await heldBy(c);
    const page = await courierFindsNoAnswer(t, c, task);
    const check = (await storedTask(task.id))?.welfare_check as { call_id: string } | null;
    t.truthy(check?.call_id, 'the welfare call is recorded on the task');
    const welfareCall = await operator.call(routes.getCall, { params: { call_id: check!.call_id }, query: {} });
    t.true(((await tid(page, 'welfare-notice').textContent()) ?? '').includes(welfareCall.number), 'the notice names the call');
    await page.reload();
    await tid(page, 'welfare-notice').getByText(welfareCall.number).waitFor();

    // The operator's page, open all along, shows the banner without a reload.
    const alert = onScreen(op, `[data-testid="welfare-alert"][data-call-id="${welfareCall.id}"]`);
    await alert.waitFor({ timeout: 10_000 });
    const said = (await alert.textContent()) ?? '';
    for (const part of ['关怀探访', task.drop.address, '敲门、打电话都没人应', welfareCall.number])
      t.true(said.includes(part), `${part} in ${said}`);
    await checkScreen(t, op, 'welfare-07-operator-alert');
    await alert.locator('.welfare-alert__open').click();
    await op.waitForURL(/\/operator\/call\/index/);
    await onScreen(op, '.call-facts__name').getByText('关怀探访').waitFor();
    await checkScreen(t, op, 'welfare-08-operator-call');

    await op.goto(`${web!.url}/operator/queue/index`);
    const row = onScreen(op, `.queue__row[data-call-id="${welfareCall.id}"]`);
    await row.getByText('关怀探访').waitFor();
    // Still open after a reload: the banner is back on this page too (caught up from the queue).
    await onScreen(op, `[data-testid="welfare-alert"][data-call-id="${welfareCall.id}"]`).waitFor();
    t.like(welfareCall, { service_code: 'elder_welfare_check', community_id: seed.communities.wenxin });
    await checkScreen(t, op, 'welfare-09-operator-queue');
    t.deepEqual(pageErrors, [], 'no page errors in any browser');
  },
);

test.serial('a second task delivered by photo: a reason, a note and the photo, the order delivered', async (t) => {
  const c = await courier();
  const task = await heldBy(c);
  const page = await browserOf(t, c.token, `/courier/task/index?id=${task.id}`, task.drop.location);
  await page.locator('.courier-task-page[data-status="picked_up"]:visible').waitFor();
  await onScreen(page, '.courier-act--photo').click();
  // Nothing chosen yet: the page says what is missing and sends nothing.
  await onScreen(page, '.courier-door--photo textarea').fill('电话联系后按要求放在门口鞋柜上');
  await onScreen(page, '.courier-door--photo .cc-notebox__submit').click();
  await tid(page, 'photo-deliver-missing').getByText('请选择原因').waitFor();
  await onScreen(page, '.courier-door--photo .cc-chip[data-value="left_as_asked"]').click();
  const chooser = page.waitForEvent('filechooser');
  await onScreen(page, '.courier-door--photo .cc-photo-add').click();
  await (await chooser).setFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: parcelPhoto() });
  await onScreen(page, '.courier-door--photo .cc-photo').waitFor();
  await checkScreen(t, page, 'welfare-10-photo-form');
  await onScreen(page, '.courier-door--photo .cc-notebox__submit').click();
  await page.locator('.courier-task-page[data-status="delivered"]:visible').waitFor();
  await tid(page, 'task-done').getByText('已拍照送达').waitFor();
  await checkScreen(t, page, 'welfare-11-delivered-by-photo');
  const stored = await storedTask(task.id);
  t.is(stored?.status, 'delivered');
  t.like((stored as { proof?: unknown } | null)?.proof, { kind: 'photo', reason: 'left_as_asked', note: '电话联系后按要求放在门口鞋柜上' });
  const liu = await stack.login('demo-resident-2');
  const order = await liu.client.call(routes.getOrder, { params: { order_id: task.order_id } });
  t.is(order.status, 'delivered');
  t.deepEqual(pageErrors, [], 'no page errors in any browser');
});

test.serial('a parcel for a village station is left there with a photo (放到服务站), never delivered by photo', async (t) => {
  const made = await villageOrder();
  const c = await courier(seed.communities.jingshan);
  const trip_id = made.task.trip_id!;
  await c.client.call(routes.claimDeliveryTrip, { params: { trip_id }, body: {}, idempotencyKey: key() });
  await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: made.task.id }, body: { code: made.pickupCode } });
  const page = await browserOf(t, c.token, `/courier/task/index?id=${made.task.id}`);
  await page.locator('.courier-task-page[data-status="picked_up"]:visible').waitFor();
  t.is(await onScreen(page, '.courier-act--photo').count(), 0, 'no 拍照送达 for a station drop');
  await onScreen(page, '.courier-act--station').click();
  const chooser = page.waitForEvent('filechooser');
  await onScreen(page, '.courier-door--station .cc-photo-add').click();
  await (await chooser).setFiles({ name: 'shelf.png', mimeType: 'image/png', buffer: parcelPhoto() });
  await onScreen(page, '.courier-door--station .cc-photo').waitFor();
  await checkScreen(t, page, 'welfare-12-station-photo');
  await onScreen(page, '.courier-door__confirm').click();
  await page.locator('.courier-task-page[data-status="at_station"]:visible').waitFor();
  await tid(page, 'task-done').getByText('已放到服务站').waitFor();
  await checkScreen(t, page, 'welfare-13-at-station');
  t.like(await storedTask(made.task.id), { status: 'at_station', fee_paid: true });
  t.deepEqual(pageErrors, [], 'no page errors in any browser');
});

test.serial('移出名单: the operator removes 刘德明 after asking once more; a later 无人应答 at his door opens no call', async (t) => {
  const liuId = seed.users['demo-resident-2'] as string;
  const community_id = seed.communities.wenxin;
  const listed = async () => (await operator.call(routes.listWelfareResidents, { params: { community_id }, query: {} })).items;
  t.true(
    (await listed()).some((r) => r.user_id === liuId),
    'registered by the first test',
  );

  const op = await browserOf(t, (await stack.login('demo-operator-1')).token, '/operator/index/index');
  await onScreen(op, '.operator__welfare').click();
  await op.waitForURL(/\/operator\/welfare\/index/);
  const row = onScreen(op, `[data-testid="welfare-resident"][data-user-id="${liuId}"]`);
  await row.getByText('刘德明').waitFor();
  await row.locator('.welfare__remove').click();
  // Asked once more: 取消 keeps him.
  await row.locator('.nut-button').filter({ hasText: '取消' }).click();
  await row.locator('.welfare__remove').waitFor();
  t.true(
    (await listed()).some((r) => r.user_id === liuId),
    '取消 removed nobody',
  );
  await row.locator('.welfare__remove').click();
  await row.locator('.welfare__remove-confirm').waitFor();
  await checkScreen(t, op, 'welfare-14-remove-confirm');
  await row.locator('.welfare__remove-confirm').click();
  await tid(op, 'welfare-done').getByText('已将刘德明移出名单').waitFor();
  await row.waitFor({ state: 'detached' });
  await tid(op, 'welfare-list').getByText('名单上还没有人').waitFor();
  t.false(
    (await listed()).some((r) => r.user_id === liuId),
    'gone from the register',
  );
  await checkScreen(t, op, 'welfare-15-removed');

  // Off the register: nobody at his door is recorded, and no welfare call is opened.
  const c = await courier();
  const task = await heldBy(c);
  const result = await c.client.call(routes.noAnswerDeliveryTask, {
    params: { task_id: task.id },
    body: { note: '敲门没人应', position: task.drop.location },
  });
  t.is(result.welfare_call, null, 'no 关怀探访 call');
  t.like(await storedTask(task.id), { status: 'picked_up' });
  t.deepEqual(pageErrors, [], 'no page errors in any browser');
});
