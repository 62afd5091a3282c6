/**
 * The modules feed the inbox (issue 15 item 6): orders (paid, shipped, delivered, refunded) tell the buyer, calls
 * (acknowledged, assigned, resolved, late) tell the resident, the wallet tells about top-ups and a low balance —
 * delivery steps (claimed, 配送中, failed, delivered) tell the buyer — one item per event, and exactly one however
 * often the step that caused it is replayed.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { routes, type ApiClient, type InboxKind } from '@cc/shared';
import { courier, readyOrder } from '../support/delivery';
import { failureOf, until } from '../support/outcome';
import { key, operator, paidOrder, seed, stack, store, useOrdersStack } from '../support/orders-stack';
import { cardHolder, cardNumbers } from '../support/wallet-people';

// One SLA minute = 60 ms, so an unacknowledged call is late within a second; a payment below ¥20 is a low balance.
process.env.CALLS_SLA_SCALE = '0.001';
// The wallet test pays the clearing account by hand, which the books check would (rightly) call money without an order.
useOrdersStack({ env: { WALLET_LOW_BALANCE_FEN: '2000' }, books: false });
const nextCard = cardNumbers(940_000_000);

type Row = { event_id: string; kind: InboxKind; title: string; body: string; amount_fen: number | null };
const itemsOf = (user_id: string, kind: InboxKind, about: string) =>
  stack.api.conn
    .collection('inbox_items')
    .find({ user_id, kind, event_id: { $regex: about } } as never)
    .toArray() as unknown as Promise<Row[]>;
/** Exactly one item of this kind about this order, call or top-up (polled: some steps finish in a job). */
async function exactlyOne(user_id: string, kind: InboxKind, about: string): Promise<Row> {
  const rows = await until(`${kind} about ${about}`, async () => {
    const found = await itemsOf(user_id, kind, about);
    return found.length > 0 ? found : null;
  });
  if (rows.length !== 1) throw new Error(`${rows.length} ${kind} items about ${about}`);
  return rows[0] as Row;
}

test.serial('an order paid, shipped, delivered: one item each for the buyer, with the readable number; replays add none', async (t) => {
  const { liu, order } = await paidOrder();
  const paid = await exactlyOne(liu.user_id, 'order_paid', order.id);
  t.regex(paid.body, new RegExp(order.number));
  t.false(paid.body.includes('ord_'), 'no internal id in the words');
  t.is(paid.amount_fen, order.total_fen);
  for (const step of [routes.prepareOrder, routes.readyOrder, routes.dispatchOrder, routes.deliverOrder]) {
    await store.call(step, { params: { order_id: order.id }, body: {} });
  }
  // The same steps again are refused by the state machine and tell nobody anything.
  await store.call(routes.deliverOrder, { params: { order_id: order.id }, body: {} }).catch(() => undefined);
  t.regex((await exactlyOne(liu.user_id, 'order_shipped', order.id)).body, new RegExp(order.number));
  t.regex((await exactlyOne(liu.user_id, 'order_delivered', order.id)).body, /已送达/);
  t.is((await itemsOf(liu.user_id, 'order_paid', order.id)).length, 1);
});

test.serial('a refunded order: one item with the amount, told once even when the refund is reported settled again', async (t) => {
  const { liu, order } = await paidOrder();
  await liu.client.call(routes.requestOrderRefund, { params: { order_id: order.id }, body: { reason: '买错了' } });
  await store.call(routes.acceptOrderRefund, { params: { order_id: order.id }, body: {} });
  const refunded = await exactlyOne(liu.user_id, 'order_refunded', order.id);
  t.is(refunded.amount_fen, order.total_fen);
  t.regex(refunded.body, /已退回市民卡/);
  // The refund's outcome reported again (a repeated notify): the order is refunded already, nobody is told twice.
  const refund_key = (await stack.api.orders.lifecycle.load(order.id)).refund?.refund_key as string;
  const again = { request_key: `origin:${refund_key}`, reference_id: order.id, refund_id: 'rfd_again', status: 'succeeded' as const };
  await stack.api.orders.lifecycle.refundSettled({ ...again, failure_code: null }).catch(() => undefined);
  t.is((await itemsOf(liu.user_id, 'order_refunded', order.id)).length, 1);
  // The buyer sees it in the inbox, newest first.
  const page = await liu.client.call(routes.listMyInbox, {});
  t.like(page.items[0], { kind: 'order_refunded', amount_fen: order.total_fen, read: false });
});

async function provider(): Promise<ApiClient> {
  const p = await stack.login('demo-provider-1');
  await operator.call(routes.setProviderSkills, {
    params: { community_id: seed.communities.wenxin, user_id: p.user_id },
    body: { skills: ['other'] },
  });
  return p.client;
}

async function resident() {
  const person = await stack.login(`events-${randomUUID().slice(0, 12)}`);
  await person.client.call(routes.updateMe, { body: { community_id: seed.communities.wenxin, address: '益乐新村 3 幢 2 单元 501' } });
  return person;
}

test.serial('a call acknowledged, assigned and resolved: one item each for the resident', async (t) => {
  const fixer = await provider();
  const me = await resident();
  const call = await me.client.call(routes.createCall, {
    body: { service_code: 'other', description: '门锁坏了' } as never,
    idempotencyKey: key(),
  });
  const p = { params: { call_id: call.id } };
  await operator.call(routes.acknowledgeCall, p);
  await operator.call(routes.assignCall, { ...p, body: {} });
  await fixer.call(routes.acceptCall, p);
  await fixer.call(routes.resolveCall, p);
  for (const kind of ['call_acknowledged', 'call_assigned', 'call_resolved'] as const) {
    const row = await exactlyOne(me.user_id, kind, call.id);
    t.regex(row.body, new RegExp(call.number), kind);
  }
});

test.serial('a call nobody acknowledged in time: one call_late item, however often the deadline job runs', async (t) => {
  const me = await resident();
  const call = await me.client.call(routes.createCall, {
    body: { service_code: 'other', description: '楼道灯不亮' } as never,
    idempotencyKey: key(),
  });
  const late = await exactlyOne(me.user_id, 'call_late', call.id);
  t.regex(late.body, /未能按时受理/);
  // The SLA job again (a retried job, a second worker): nothing new.
  await stack.api.calls.service.checkDeadline(call.id, 'ack');
  await stack.api.calls.service.checkDeadline(call.id, 'ack');
  t.is((await itemsOf(me.user_id, 'call_late', call.id)).length, 1);
});

test.serial('a top-up and a payment that takes the balance below ¥20: one item each; replayed requests add none', async (t) => {
  const card_number = nextCard();
  const holder = await cardHolder(stack, { community_id: seed.communities.wenxin, card_number, balance_fen: 3000 });
  const topup = await exactlyOne(holder.user_id, 'wallet_topup', '');
  t.is(topup.amount_fen, 3000);
  // A cash top-up replayed with its Idempotency-Key is one top-up, one item.
  const idem = randomUUID();
  const cash = { params: { community_id: seed.communities.wenxin }, body: { card_number, amount_fen: 500 }, idempotencyKey: idem };
  const first = await operator.call(routes.cashTopup, cash);
  await operator.call(routes.cashTopup, cash);
  t.is((await itemsOf(holder.user_id, 'wallet_topup', first.id)).length, 1);

  // ¥35 → ¥14: below ¥20, told once; the same payment replayed (same key) is not a second crossing.
  const clearing = await stack.api.wallet.ledger.ensureAccount('platform_clearing', null, '平台待结算');
  const pay = {
    user_id: holder.user_id,
    amount_fen: 2100,
    idempotency_key: `low-${randomUUID()}`,
    payee_account_id: clearing._id,
    memo: '测试',
    reference_id: 'test',
  };
  const paid = await stack.api.wallet.paying.pay(pay);
  await stack.api.wallet.paying.pay(pay);
  const low = await exactlyOne(holder.user_id, 'wallet_low_balance', paid._id);
  t.is(low.amount_fen, 1400);
  t.regex(low.body, /¥14\.00/);
  // Another payment on an already low balance crosses nothing.
  await stack.api.wallet.paying.pay({ ...pay, amount_fen: 100, idempotency_key: `low-${randomUUID()}` });
  t.is((await itemsOf(holder.user_id, 'wallet_low_balance', '')).length, 1);
});

const deliveryItems = async (user_id: string, task_id: string) =>
  (await itemsOf(user_id, 'delivery_update', task_id)).sort((a, b) => a.event_id.localeCompare(b.event_id));

test.serial('a delivery claimed, picked up and delivered: one delivery_update per step, with the number; replays add none', async (t) => {
  const { liu, order, task, codes } = await readyOrder();
  const c = await courier();
  const params = { task_id: task.id };
  await c.client.call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: key() });
  await c.client.call(routes.pickUpDeliveryTask, { params, body: { code: codes.pickup } });
  // The same step again is refused by the state machine and tells nobody anything.
  t.is(await failureOf(c.client.call(routes.pickUpDeliveryTask, { params, body: { code: codes.pickup } })), '409 illegal_transition');
  await c.client.call(routes.deliverDeliveryTask, { params, body: { code: codes.delivery } });

  const rows = await until('three delivery steps told', async () => {
    const found = await deliveryItems(liu.user_id, task.id);
    return found.length >= 3 ? found : null;
  });
  t.deepEqual(
    rows.map((r) => r.title),
    ['骑手已接单', '配送中', '包裹已送达'],
  );
  for (const r of rows) {
    t.regex(r.body, new RegExp(`订单 ${order.number}`));
    t.false(r.body.includes('ord_') || r.body.includes('dlv_'), 'no internal id in the words');
  }
  t.regex(rows[1]!.body, /收件码/);
  t.false(rows[1]!.body.includes(codes.delivery), 'the hint, never the code');
  t.is((await deliveryItems(c.user_id, task.id)).length, 0, 'the courier is not told his own steps');
  // The inbox publish of a stored step replayed (a retried step, a second worker): still one item each.
  const claimRow = rows[0]!;
  const { event_id, kind, title, body } = claimRow;
  await stack.api.inbox.publish({ event_id, user_id: liu.user_id, kind, title, body });
  t.is((await deliveryItems(liu.user_id, task.id)).length, 3);
});

test.serial('a delivery that failed: the buyer is told in words what happens next', async (t) => {
  const { liu, order, task, codes } = await readyOrder();
  const c = await courier();
  const params = { task_id: task.id };
  await c.client.call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: key() });
  await c.client.call(routes.pickUpDeliveryTask, { params, body: { code: codes.pickup } });
  await c.client.call(routes.failDeliveryTask, { params, body: { reason: '无人应答' } });
  const rows = await until('the failure told', async () => {
    const found = await deliveryItems(liu.user_id, task.id);
    return found.length >= 3 ? found : null;
  });
  t.deepEqual(
    rows.map((r) => r.title),
    ['骑手已接单', '配送中', '配送失败'],
  );
  t.regex(rows[2]!.body, new RegExp(`订单 ${order.number} 这次没有送到`));
});
