/**
 * Delivery by a courier (issue 13) in the mini-program (H5 build) in Chromium against the real API, database and
 * Redis, with the demo data. 刘德明 has paid for a slot delivery from 益乐惠民超市 (through the API):
 * the seller (黄立新) marks it 已备好 on the order page, which then shows the task and its 取件码; the courier (赵强)
 * goes on duty on the workbench, loses the race for another task to a rival (已被其他配送员抢走, the hall refreshes),
 * claims this one, types a wrong 取件码 once (the tries left are shown), then the code read off the seller's page; the
 * resident's order page shows the 收件码 once the goods are on the way, the courier types it, the resident's order says
 * 已送达 and the courier's 我的收入 shows the fee. Every screen goes through axe; each person has their own browser.
 */

import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { DELIVERY_CODE_ATTEMPTS_MAX, formatFen, routes, type DeliveryTask, type Order } from '@cc/shared';

import { checkScreen } from '../support/axe';
import { launchBrowser } from '../support/browser';
import {
  stack,
  web,
  store,
  seed,
  browsers,
  PHONE,
  paidOrder,
  signedIn,
  onScreen,
  tid,
  fitsWidth,
  statusOf,
  openSellerOrder,
  setupSellerPages,
} from '../support/seller-miniapp';

setupSellerPages();

/** Page errors of every browser of the test: none is expected. */
const pageErrors: string[] = [];

const wrongCode = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, '0');

/** The seller opens the paid order and takes it to 已备好: the order page then shows the delivery task. */
async function sellerReady(t: ExecutionContext, order: Order): Promise<Page> {
  const { page } = await signedIn(t, '店主 黄立新', '您好，黄立新');
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await onScreen(page, '.home-shop').click();
  await page.waitForURL(/\/seller\/index\/index/);
  await openSellerOrder(page, order.id, 'paid');
  await onScreen(page, '.order-act--prepare').click();
  await page.locator('.seller-order[data-status="preparing"]:visible').waitFor();
  await onScreen(page, '.order-act--ready').click();
  await page.locator('.seller-order[data-status="ready"]:visible').waitFor();
  await tid(page, 'delivery-box').locator('[data-testid="delivery-status"]').getByText('待接单').waitFor();
  await tid(page, 'delivery-courier').getByText('等待配送员接单').waitFor();
  t.regex((await tid(page, 'pickup-code').textContent()) ?? '', /^\d{6}$/, 'the 取件码 in big digits');
  await checkScreen(t, page, 'courier-01-seller-ready');
  await fitsWidth(t, page, 'seller order with its delivery');
  return page;
}

/** 赵强 signs in, opens his workbench and goes on duty: the hall lists the open tasks in the API's order. */
async function courierOnDuty(t: ExecutionContext): Promise<Page> {
  const { page } = await signedIn(t, '配送员 赵强', '您好，赵强');
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await tid(page, 'role-card-courier').click();
  await page.waitForURL(/\/courier\/index\/index/);
  await page.locator('.courier-home[data-on-duty="false"]:visible').waitFor();
  await tid(page, 'courier-duty-state').getByText('已下岗').waitFor();
  await checkScreen(t, page, 'courier-02-off-duty');
  await onScreen(page, '.courier-duty__toggle--on').click();
  await page.locator('.courier-home[data-on-duty="true"]:visible').waitFor();
  await tid(page, 'courier-duty-count')
    .getByText(/进行中的任务 0 \/ 最多 \d+ 单/)
    .waitFor();
  await tid(page, 'hall-task').nth(1).waitFor();
  return page;
}

/** A second courier of 益乐社区, on duty through the API, who claims a task first. */
async function rival(): Promise<{ claim(task_id: string): Promise<unknown> }> {
  const person = await stack.login('courier-rival-e2e');
  const admin = (await stack.login('demo-admin-1')).client;
  await admin.call(routes.grantRole, {
    params: { user_id: person.user_id },
    body: { role: 'courier', community_id: seed.communities.wenxin },
  });
  await person.client.call(routes.setMyDuty, { body: { on_duty: true, community_id: seed.communities.wenxin } });
  return {
    claim: (task_id) => person.client.call(routes.claimDeliveryTask, { params: { task_id }, body: {}, idempotencyKey: `rival-${task_id}` }),
  };
}

/** The hall card of an order (by its readable number). */
const hallCard = (page: Page, order: Order) => tid(page, 'hall-task').filter({ hasText: `订单 ${order.number}` });

/** 刘德明's own browser, signed in with a session of his (he is not among the demo login buttons), on his order. */
async function residentOrder(t: ExecutionContext, order: Order): Promise<Page> {
  const browser = await launchBrowser({ viewport: PHONE });
  browsers.push(browser);
  const page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  t.teardown(() => page.close());
  const { token } = await stack.login('demo-resident-2');
  await page.goto(web.url);
  await page.evaluate((tok) => localStorage.setItem('cc.session_token', JSON.stringify({ data: tok })), token);
  await page.goto(`${web.url}/shop/order/index?id=${order.id}`);
  await onScreen(page, '[data-testid="order-page"]').waitFor();
  return page;
}

/** Types a code on the task page's number field and taps the step. */
async function typeCode(page: Page, kind: 'pickup' | 'delivery', code: string): Promise<void> {
  await onScreen(page, `[data-testid="${kind}-code-input"]`).fill(code);
  await onScreen(page, `.courier-act--${kind}`).click();
}

/** The hall in the API's order (nearest, then the earlier slot), each with its fee in yuan and both places. */
async function hallAsTheApi(t: ExecutionContext, page: Page, order: Order, task: DeliveryTask): Promise<void> {
  const zhao = (await stack.login('demo-courier-1')).client;
  const open = (await zhao.call(routes.listOpenTasks, { query: {} })).items;
  const shown = await tid(page, 'hall-task').locator('.courier-task__number').allTextContents();
  t.deepEqual(
    shown,
    open.map((o) => `订单 ${o.order_number}`),
  );
  const card = (await hallCard(page, order).textContent()) ?? '';
  for (const part of [formatFen(task.fee_fen), `取：${task.pickup.label}`, `送：${task.drop.label}`, '待接单'])
    t.true(card.includes(part), `${part} in ${card}`);
  t.false(/ord_|dlv_/.test(await page.evaluate(() => document.body.innerText)), 'no internal id on screen');
  await checkScreen(t, page, 'courier-03-hall');
  await fitsWidth(t, page, 'task hall');
}

/** 我的收入 shows the fee of the delivered task in yuan; 我的任务 lists it as 已送达. */
async function earningsAndTasks(t: ExecutionContext, page: Page, order: Order, fee_fen: number): Promise<void> {
  await page.goBack();
  await page.waitForURL(/\/courier\/index\/index/);
  await tid(page, 'courier-link-earnings').click();
  await page.waitForURL(/\/courier\/earnings\/index/);
  await tid(page, 'earnings-total').getByText(formatFen(fee_fen), { exact: true }).waitFor();
  await tid(page, 'earning')
    .filter({ hasText: `订单 ${order.number}` })
    .getByText(formatFen(fee_fen))
    .waitFor();
  await checkScreen(t, page, 'courier-12-earnings');
  await page.goBack();
  await tid(page, 'courier-link-tasks').click();
  await page.waitForURL(/\/courier\/tasks\/index/);
  await tid(page, 'my-task-done')
    .filter({ hasText: `订单 ${order.number}` })
    .getByText('已送达')
    .waitFor();
  await checkScreen(t, page, 'courier-13-my-tasks');
}

test.serial(
  'a slot order goes from 已备好 to 已送达 by a courier, with the codes read off the seller’s and the resident’s pages',
  async (t) => {
    const order = await paidOrder([['YL-TOF-01', 1]]);
    const other = await paidOrder([['YL-FLO-01', 1]]);
    const seller = await sellerReady(t, order);
    await store.call(routes.prepareOrder, { params: { order_id: other.id }, body: {} });
    await store.call(routes.readyOrder, { params: { order_id: other.id }, body: {} });
    const task = await store.call(routes.getOrderDelivery, { params: { order_id: order.id }, query: {} });
    const otherTask = await store.call(routes.getOrderDelivery, { params: { order_id: other.id }, query: {} });

    const page = await courierOnDuty(t);
    await hallAsTheApi(t, page, order, task);

    // Too slow for the other task: a rival took it first.
    await (await rival()).claim(otherTask.id);
    await hallCard(page, other).locator('.courier-claim').click();
    await tid(page, 'courier-notice').getByText('已被其他配送员抢走').waitFor();
    await hallCard(page, other).waitFor({ state: 'detached' });
    await checkScreen(t, page, 'courier-04-lost-race');

    await hallCard(page, order).locator('.courier-claim').click();
    await page.waitForURL(/\/courier\/task\/index/);
    await page.locator('.courier-task-page[data-status="claimed"]:visible').waitFor();
    await tid(page, 'task-number').getByText(`订单 ${order.number}`).waitFor();
    const facts = (await tid(page, 'task-facts').textContent()) ?? '';
    for (const part of [task.pickup.address, task.drop.address, formatFen(task.fee_fen), '待取件'])
      t.true(facts.includes(part), `${part} in ${facts}`);
    t.false(/ord_|dlv_/.test(await page.evaluate(() => document.body.innerText)), 'no internal id on the task page');
    await checkScreen(t, page, 'courier-05-task-claimed');

    // The seller's page now says a courier has it; its code is what the courier types.
    await seller.reload();
    await tid(seller, 'delivery-courier').getByText('配送员已接单，正在前来取件').waitFor();
    const pickupCode = ((await tid(seller, 'pickup-code').textContent()) ?? '').trim();
    await checkScreen(t, seller, 'courier-06-seller-claimed');

    await typeCode(page, 'pickup', wrongCode(pickupCode));
    await tid(page, 'task-error')
      .getByText(`取件码不对，还可以再试 ${DELIVERY_CODE_ATTEMPTS_MAX - 1} 次`)
      .waitFor();
    t.is(
      (await store.call(routes.getOrderDelivery, { params: { order_id: order.id }, query: {} })).status,
      'claimed',
      'a wrong code changes nothing',
    );
    await checkScreen(t, page, 'courier-07-wrong-code');
    await typeCode(page, 'pickup', pickupCode);
    await page.locator('.courier-task-page[data-status="picked_up"]:visible').waitFor();
    await tid(page, 'task-done').getByText('已取件').waitFor();
    t.is(await statusOf(order.id), 'out_for_delivery', 'the order is on its way');
    await checkScreen(t, page, 'courier-08-picked-up');

    const resident = await residentOrder(t, order);
    await tid(resident, 'delivery-box').locator('[data-testid="delivery-status"]').getByText('配送中').waitFor();
    const deliveryCode = ((await tid(resident, 'delivery-code').textContent()) ?? '').trim();
    t.regex(deliveryCode, /^\d{6}$/);
    await checkScreen(t, resident, 'courier-09-resident-code');
    await fitsWidth(t, resident, 'resident order with its code');

    await typeCode(page, 'delivery', deliveryCode);
    await page.locator('.courier-task-page[data-status="delivered"]:visible').waitFor();
    t.is(await statusOf(order.id), 'delivered');
    await checkScreen(t, page, 'courier-10-delivered');

    await resident.reload();
    await onScreen(resident, '[data-testid="order-page"] [data-testid="order-status"]').getByText('已送达', { exact: true }).waitFor();
    t.is(await onScreen(resident, '[data-testid="delivery-code"]').count(), 0, 'no code once delivered');
    await checkScreen(t, resident, 'courier-11-resident-delivered');

    await earningsAndTasks(t, page, order, task.fee_fen);
    t.deepEqual(pageErrors, [], 'no page errors in any browser');
  },
);
