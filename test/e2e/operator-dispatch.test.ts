/**
 * 配送调度 (issue 13) in the mini-program (H5 build) in Chromium against the real API, database and Redis, with the
 * demo data. The operator (周敏) opens the dispatch board, finds an open task by its order number and reassigns it to
 * an on-duty courier (赵强) chosen with his load and rating; she sets the community's fee rule in yuan (stored in
 * fen). 刘德明, whose delivery failed, books a re-delivery in a later slot from his order page; after a delivered order
 * he rates the courier and sees the stars he gave. The board's 超时 tab puts the longest-overdue task first; 已撤回
 * lists a refunded order's task and a seller-delivered one with when, by whom and why; more tasks than one page come
 * on scrolling to the end. Every screen goes through axe; each person has their own browser.
 */

import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { DEMO_WALLETS } from '@cc/api';
import { DELIVERY_CODE_ATTEMPTS_MAX, routes, type ApiClient, type Order } from '@cc/shared';

import { checkScreen } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { stack, web, store, seed, browsers, PHONE, paidOrder, signedIn, onScreen, tid, fitsWidth, liu } from '../support/seller-miniapp';
import { setupSellerPages } from '../support/seller-miniapp';

setupSellerPages();

const pageErrors: string[] = [];
const wenxin = () => seed.communities.wenxin;

/** A person granted the courier role in 益乐社区 by the admin and on duty there (赵强 is the demo's courier). */
async function onDutyCourier(openid: string): Promise<{ client: ApiClient; user_id: string }> {
  const person = await stack.login(openid);
  const admin = (await stack.login('demo-admin-1')).client;
  await admin.call(routes.grantRole, { params: { user_id: person.user_id }, body: { role: 'courier', community_id: wenxin() } });
  await person.client.call(routes.setMyDuty, { body: { on_duty: true, community_id: wenxin() } });
  return person;
}

/** 刘德明's order, paid, prepared and marked ready by the store: its delivery task is open. */
async function readyOrder(): Promise<Order> {
  const order = await paidOrder([['YL-TOF-01', 1]]);
  await store.call(routes.prepareOrder, { params: { order_id: order.id }, body: {} });
  await store.call(routes.readyOrder, { params: { order_id: order.id }, body: {} });
  return order;
}

/** The order's task taken by `courier` up to delivered or failed, with the codes read as the seller and the buyer. */
async function runDelivery(order: Order, courier: ApiClient, end: 'delivered' | 'failed'): Promise<string> {
  const liu = (await stack.login('demo-resident-2')).client;
  const task = await store.call(routes.getOrderDelivery, { params: { order_id: order.id }, query: {} });
  const params = { task_id: task.id };
  await courier.call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: `claim-${randomUUID()}` });
  await courier.call(routes.pickUpDeliveryTask, { params, body: { code: task.code!.value } });
  if (end === 'failed') await courier.call(routes.failDeliveryTask, { params, body: { reason: '敲门无人，电话不通' } });
  else {
    const code = (await liu.call(routes.getOrderDelivery, { params: { order_id: order.id }, query: {} })).code!.value;
    await courier.call(routes.deliverDeliveryTask, { params, body: { code } });
  }
  return task.id;
}

/** 刘德明's own browser (he is not among the demo login buttons), signed in with his session, on his order. */
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

/** 周敏 signs in and opens the operator home. */
async function operatorHome(t: ExecutionContext): Promise<Page> {
  const { page } = await signedIn(t, '运营 周敏', '您好，周敏');
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.locator('.role-card[data-role="operator"]').click();
  await page.waitForURL(/\/operator\/index\/index/);
  return page;
}

const row = (page: Page, order: Order) => tid(page, 'dispatch-task').filter({ hasText: `订单 ${order.number}` });

test.serial('the operator reassigns an open task to an on-duty courier and sets the fee rule in yuan', async (t) => {
  const zhao = await onDutyCourier('demo-courier-1');
  const order = await readyOrder();
  const page = await operatorHome(t);
  await onScreen(page, '.operator__shop--dispatch').click();
  await page.waitForURL(/\/operator\/dispatch\/index/);
  await onScreen(page, '.cc-tab[data-tab="open"]').click();
  const r = row(page, order);
  await r.locator('[data-testid="delivery-status"]').getByText('待接单').waitFor();
  await r.getByText('配送员 未接单').waitFor();
  t.false(/ord_|dlv_/.test(await page.evaluate(() => document.body.innerText)), 'no internal id on screen');
  await checkScreen(t, page, 'dispatch-01-board');
  await fitsWidth(t, page, 'dispatch board');

  await r.locator('.dispatch-act--reassign').click();
  const chip = r.locator('.cc-chip').filter({ hasText: '赵强' });
  t.regex((await chip.textContent()) ?? '', /赵强 · \d+\/\d+ 单 · (暂无评分|评分 [\d.]+（\d+）)/, 'load and rating beside the name');
  await chip.click();
  await r.locator('[data-testid="dispatch-reason-input"]').fill('原配送员请假');
  await checkScreen(t, page, 'dispatch-02-reassign');
  await r.locator('.dispatch-confirm').click();
  // The open tab no longer holds it; the claimed tab shows it with 赵强.
  await r.waitFor({ state: 'detached' });
  await onScreen(page, '.cc-tab[data-tab="claimed"]').click();
  await row(page, order).getByText('配送员 赵强').waitFor();
  await row(page, order).locator('[data-testid="delivery-status"]').getByText('待取件').waitFor();
  const task = await store.call(routes.getOrderDelivery, { params: { order_id: order.id }, query: {} });
  t.like(task, { status: 'claimed', courier_id: zhao.user_id });
  t.like(task.history.at(-1), { action: 'reassign', reason: '原配送员请假' }, 'the typed reason is kept');
  await checkScreen(t, page, 'dispatch-03-reassigned');

  await page.goBack();
  await page.waitForURL(/\/operator\/index\/index/);
  await onScreen(page, '.operator__shop--fees').click();
  await page.waitForURL(/\/operator\/fees\/index/);
  await tid(page, 'fee-rule').waitFor();
  await checkScreen(t, page, 'dispatch-04-fees');
  await tid(page, 'fee-base-input').fill('4.5');
  await tid(page, 'fee-per-km-input').fill('1.2');
  await onScreen(page, '.fee-save').click();
  await tid(page, 'fee-rule').locator('.fee-base').getByText('¥4.50').waitFor();
  await tid(page, 'fee-rule').locator('.fee-per-km').getByText('¥1.20').waitFor();
  const operator = (await stack.login('demo-operator-1')).client;
  t.like(await operator.call(routes.getDeliveryFeeRule, { params: { community_id: wenxin() }, query: {} }), {
    base_fee_fen: 450,
    per_km_fen: 120,
  });
  await tid(page, 'fee-base-input').fill('4.567');
  await onScreen(page, '.fee-save').click();
  await tid(page, 'fee-base-error').getByText('请输入金额（元），最多两位小数').waitFor();
  await checkScreen(t, page, 'dispatch-05-fees-saved');
  t.deepEqual(pageErrors, []);
});

test.serial('after a failed delivery the resident books a re-delivery in a later slot from the order page', async (t) => {
  const courier = await onDutyCourier('courier-dispatch-e2e-1');
  const order = await readyOrder();
  const task_id = await runDelivery(order, courier.client, 'failed');
  const page = await residentOrder(t, order);
  const box = tid(page, 'redeliver-box');
  await box.waitFor();
  await tid(page, 'delivery-box').locator('[data-testid="delivery-status"]').getByText('配送失败').waitFor();
  await box.locator('.cc-chip').first().waitFor();
  await checkScreen(t, page, 'dispatch-06-failed');
  const chip = box.locator('.cc-chip').last();
  const slot_key = (await chip.getAttribute('data-value')) ?? '';
  await chip.click();
  await onScreen(page, '.delivery-redeliver__submit').click();
  await tid(page, 'delivery-box').locator('[data-testid="delivery-status"]').getByText('待接单').waitFor();
  await box.waitFor({ state: 'detached' });
  const liu = (await stack.login('demo-resident-2')).client;
  const seen = await liu.call(routes.getOrderDelivery, { params: { order_id: order.id }, query: {} });
  t.is(seen.id, task_id);
  t.like(seen, { status: 'open', slot_key, courier_id: null });
  await checkScreen(t, page, 'dispatch-07-redelivery-booked');
  t.deepEqual(pageErrors, []);
});

test.serial('after delivery the resident rates the courier once and sees the stars given', async (t) => {
  const courier = await onDutyCourier('courier-dispatch-e2e-2');
  const order = await readyOrder();
  await runDelivery(order, courier.client, 'delivered');
  const page = await residentOrder(t, order);
  await tid(page, 'courier-rate').waitFor();
  await checkScreen(t, page, 'dispatch-08-rate');
  await onScreen(page, '.delivery-star[data-star="4"]').click();
  await onScreen(page, '.delivery-rate textarea').fill('送得很及时');
  await onScreen(page, '.delivery-rate__submit').click();
  await tid(page, 'courier-rated').getByText('★★★★ 满意').waitFor();
  t.is(await tid(page, 'courier-rate').count(), 0, 'the form is gone');
  await checkScreen(t, page, 'dispatch-09-rated');
  const operator = (await stack.login('demo-operator-1')).client;
  const mine = (await operator.call(routes.listCommunityCouriers, { params: { community_id: wenxin() }, query: {} })).items.find(
    (c) => c.courier_id === courier.user_id,
  );
  t.like(mine, { rating: { average: 4, count: 1 } });
  await page.reload();
  await tid(page, 'courier-rated').getByText('★★★★ 满意').waitFor();
  t.deepEqual(pageErrors, []);
});

test.serial('the operator unlocks a locked code, re-delivers one failed task and sends another back to a station', async (t) => {
  const courier = await onDutyCourier('courier-dispatch-e2e-3');
  const [locked, again, back] = [await readyOrder(), await readyOrder(), await readyOrder()];
  const liu = (await stack.login('demo-resident-2')).client;
  // The courier picks up the first order and types a wrong 收件码 until it locks.
  const lockedTask = await store.call(routes.getOrderDelivery, { params: { order_id: locked.id }, query: {} });
  const params = { task_id: lockedTask.id };
  await courier.client.call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: `claim-${randomUUID()}` });
  await courier.client.call(routes.pickUpDeliveryTask, { params, body: { code: lockedTask.code!.value } });
  const right = (await liu.call(routes.getOrderDelivery, { params: { order_id: locked.id }, query: {} })).code!.value;
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  for (let i = 0; i < DELIVERY_CODE_ATTEMPTS_MAX; i++)
    await courier.client.call(routes.deliverDeliveryTask, { params, body: { code: wrong } }).catch(() => undefined);
  await runDelivery(again, courier.client, 'failed');
  await runDelivery(back, courier.client, 'failed');

  const page = await operatorHome(t);
  await onScreen(page, '.operator__shop--dispatch').click();
  await onScreen(page, '.cc-tab[data-tab="picked_up"]').click();
  await row(page, locked).locator('[data-testid="dispatch-locked"]').getByText('收件码输错次数过多，已锁定').waitFor();
  await checkScreen(t, page, 'dispatch-10-locked');
  await row(page, locked).locator('.dispatch-act--unlock-delivery').click();
  await row(page, locked).locator('[data-testid="dispatch-locked"]').waitFor({ state: 'detached' });
  t.false((await liu.call(routes.getOrderDelivery, { params: { order_id: locked.id }, query: {} })).codes_locked.delivery);

  await onScreen(page, '.cc-tab[data-tab="failed"]').click();
  await row(page, again).locator('.dispatch-act--redeliver').click();
  await row(page, again).locator('[data-testid="slot-chooser"] .cc-chip').last().click();
  await checkScreen(t, page, 'dispatch-11-redeliver');
  await row(page, again).locator('.dispatch-confirm').click();
  await row(page, again).waitFor({ state: 'detached' });
  t.is((await liu.call(routes.getOrderDelivery, { params: { order_id: again.id }, query: {} })).status, 'open');

  await row(page, back).locator('.dispatch-act--return').click();
  await row(page, back).locator('[data-testid="dispatch-panel-return"] .cc-chip').first().click();
  await row(page, back).locator('.dispatch-confirm').click();
  await row(page, back).waitFor({ state: 'detached' });
  await onScreen(page, '.cc-tab[data-tab="returned"]').click();
  await row(page, back).locator('[data-testid="delivery-status"]').getByText('已退回站点').waitFor();
  const returned = await liu.call(routes.getOrderDelivery, { params: { order_id: back.id }, query: {} });
  t.like(returned, { status: 'returned' });
  t.is(returned.history.at(-1)?.reason, '配送失败，退回站点', 'left blank: the plain default');
  await checkScreen(t, page, 'dispatch-12-returned');
  t.deepEqual(pageErrors, []);
});

/** The board from the operator's home, on `tab`. */
async function boardTab(t: ExecutionContext, tab: string): Promise<Page> {
  const page = await operatorHome(t);
  await onScreen(page, '.operator__shop--dispatch').click();
  await page.waitForURL(/\/operator\/dispatch\/index/);
  await onScreen(page, `.cc-tab[data-tab="${tab}"]`).click();
  return page;
}

/** The order numbers of the rows on screen, top to bottom. */
const shownNumbers = async (page: Page) =>
  (await onScreen(page, '.dispatch-row__number').allTextContents()).map((s) => s.replace(/^订单 /, ''));

/** The task's slot began `minutes` ago (the stored start moved back, as the API suite does): it is late. */
async function startedAgo(order: Order, minutes: number): Promise<void> {
  const task = await store.call(routes.getOrderDelivery, { params: { order_id: order.id }, query: {} });
  await stack.api.conn
    .collection('delivery_tasks')
    .updateOne({ _id: task.id as never }, { $set: { slot_starts_at: new Date(Date.now() - minutes * 60_000) } });
}

test.serial('超时 lists the longest-overdue task first; 已撤回 shows when, by whom and why each task left the road', async (t) => {
  const [lateA, lateB] = [await readyOrder(), await readyOrder()];
  // B was made later, but its slot began earlier: it is the one to deal with first.
  await startedAgo(lateA, 10);
  await startedAgo(lateB, 60);
  const page = await boardTab(t, 'late');
  await row(page, lateA).waitFor();
  t.deepEqual((await shownNumbers(page)).slice(0, 2), [lateB.number, lateA.number], 'the longest overdue on top');
  t.deepEqual(
    await onScreen(page, '.dispatch-row__head').evaluateAll((els) => els.map((e) => e.getAttribute('data-task-status'))),
    (await shownNumbers(page)).map(() => 'open'),
    'only tasks not picked up',
  );
  await checkScreen(t, page, 'dispatch-13-late');
  await fitsWidth(t, page, 'late tab');

  // One order refunded before pickup (the system withdraws its task), one delivered by the seller (商家自送).
  const [refunded, sellerOwn] = [await readyOrder(), await readyOrder()];
  await liu.client.call(routes.requestOrderRefund, { params: { order_id: refunded.id }, body: { reason: '买错了，不需要了' } });
  await store.call(routes.acceptOrderRefund, { params: { order_id: refunded.id }, body: {} });
  await store.call(routes.dispatchOrder, { params: { order_id: sellerOwn.id }, body: {} });
  await onScreen(page, '.cc-tab[data-tab="withdrawn"]').click();
  await row(page, refunded).waitFor();
  t.deepEqual((await shownNumbers(page)).slice(0, 2), [sellerOwn.number, refunded.number], 'newest first');
  const said = async (order: Order) => (await row(page, order).locator('[data-testid="dispatch-withdrawn"]').textContent()) ?? '';
  t.regex(await said(refunded), /^\d{2}-\d{2} \d{2}:\d{2} 由系统撤回：订单已退款$/);
  t.regex(await said(sellerOwn), /^\d{2}-\d{2} \d{2}:\d{2} 由商家撤回：商家自行配送$/);
  await row(page, refunded).locator('[data-testid="delivery-status"]').getByText('已撤回').waitFor();
  t.is(await row(page, refunded).locator('.dispatch-row__actions button').count(), 0, 'nothing left to do on it');
  t.false(/ord_|dlv_/.test(await page.evaluate(() => document.body.innerText)), 'no internal id on screen');
  await checkScreen(t, page, 'dispatch-14-withdrawn');
  await fitsWidth(t, page, 'withdrawn tab');
  t.deepEqual(pageErrors, []);
});

test.serial('the board pages: more tasks than one page come on scrolling to the end, each once, in the API’s order', async (t) => {
  // 刘德明's wallet is topped up for the orders (each is paid from it).
  const operator = (await stack.login('demo-operator-1')).client;
  await operator.call(routes.cashTopup, {
    params: { community_id: wenxin() },
    body: { card_number: DEMO_WALLETS.find((w) => w.openid === 'demo-resident-2')!.card_number, amount_fen: 20_000 },
    idempotencyKey: `dispatch-topup-${randomUUID()}`,
  });
  for (let i = 0; i < 21; i++) await readyOrder();
  const all: string[] = [];
  for (let cursor: string | undefined, more = true; more;) {
    const p = await operator.call(routes.listCommunityDeliveryTasks, {
      params: { community_id: wenxin() },
      query: { status: 'open', limit: 100, ...(cursor ? { cursor } : {}) },
    });
    all.push(...p.items.map((x) => x.order_number ?? ''));
    cursor = p.next_cursor ?? undefined;
    more = cursor !== undefined;
  }
  t.true(all.length > 20, `${all.length} open tasks`);

  const page = await boardTab(t, 'open');
  const rows = tid(page, 'dispatch-task');
  await rows.nth(19).waitFor();
  t.is(await rows.count(), 20, 'the first page');
  await onScreen(page, '.cc-more').getByText('上拉加载更多').waitFor();
  // Scrolled to the end, the next page comes; polled with a deadline (no sleeping).
  await page.mouse.move(187, 500);
  const deadline = Date.now() + 20_000;
  while ((await rows.count()) < all.length && Date.now() < deadline) {
    // Up a little, then to the end: each round crosses into the bottom zone afresh (Taro fires reachBottom on the
    // crossing; a page already at its end gets no scroll event from one more wheel, as a loaded run showed).
    await page.mouse.wheel(0, -400);
    await page.mouse.wheel(0, 20_000);
    await rows
      .nth(all.length - 1)
      .waitFor({ timeout: 1000 })
      .catch(() => undefined);
  }
  t.deepEqual(await shownNumbers(page), all, 'every task once, in the API’s order');
  await onScreen(page, '.cc-more').getByText('没有更多了').waitFor();
  await checkScreen(t, page, 'dispatch-15-paged');
  t.deepEqual(pageErrors, []);
});
