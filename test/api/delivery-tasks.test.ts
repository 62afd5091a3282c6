/**
 * Delivery tasks (issue 13 §1, §3, §6): an order ready for slot delivery becomes a task; codes shown only to the party
 * who says them, attempt-limited; the courier's steps move the order through the orders service; the fee is paid once
 * on the money kernel. The books check runs after the suite (test/support/orders-stack.ts).
 */
import test from 'ava';
import { DELIVERY_TASK_TRANSITIONS, routes, type DeliveryTaskAction, type DeliveryTaskStatus } from '@cc/shared';
import { failureOf } from '../support/outcome';
import { courier, readyOrder, storedTask, wrongCode, type Courier } from '../support/delivery';
import { buyer, key, operator, seed, stack, store, useOrdersStack } from '../support/orders-stack';

useOrdersStack({ env: { ORDER_AUTO_CONFIRM_SECONDS: '3600', DELIVERY_MAX_TASKS_PER_COURIER: '50' } });

const courierAccount = async (user_id: string) => stack.api.wallet.ledger.ensureAccount('courier', user_id, '配送收入');

test.serial(
  'an order marked ready becomes one open task; the seller alone sees the pickup code, the buyer alone the delivery code',
  async (t) => {
    const { liu, order, task, codes } = await readyOrder();
    t.like(task, {
      order_id: order.id,
      order_number: order.number,
      status: 'open',
      courier_id: null,
      community_id: seed.communities.wenxin,
    });
    t.regex(codes.pickup, /^\d{6}$/);
    t.regex(codes.delivery, /^\d{6}$/);
    t.like(await store.call(routes.getOrderDelivery, { params: { order_id: order.id } }), { code: { kind: 'pickup' } });
    t.like(await liu.client.call(routes.getOrderDelivery, { params: { order_id: order.id } }), { code: { kind: 'delivery' } });
    const zhao = await courier();
    t.is((await zhao.client.call(routes.getDeliveryTask, { params: { task_id: task.id } })).code, null, 'the courier is told no code');
    t.is((await operator.call(routes.getDeliveryTask, { params: { task_id: task.id } })).code, null, 'nor is the operator');
    const stranger = await buyer();
    t.is(await failureOf(stranger.client.call(routes.getOrderDelivery, { params: { order_id: order.id } })), '404 delivery_task_not_found');
    // A retried `ready` (the port called again) makes no second task.
    await stack.api.delivery.tasks.fromOrder({
      order_id: order.id,
      community_id: seed.communities.wenxin,
      slot_key: task.slot_key,
      slot_starts_at: task.slot_starts_at,
      address: 'x',
      merchant_id: 'mch_unused',
      buyer_id: liu.user_id,
    });
    t.is(await stack.api.conn.collection('delivery_tasks').countDocuments({ order_id: order.id }), 1);
  },
);

test.serial(
  'claim → pickup with the seller’s code → delivery with the buyer’s code: the order follows, the fee is paid once under replay',
  async (t) => {
    const { liu, order, task, codes } = await readyOrder();
    const c = await courier();
    const before = (await courierAccount(c.user_id)).balance_fen;
    const claimed = await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
    t.like(claimed, { status: 'claimed', courier_id: c.user_id, code: null });
    t.like(await c.client.call(routes.getMyDuty, {}), { active_tasks: 1 });
    const position = { lat: 30.2861, lng: 120.1222 };
    const picked = await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: task.id }, body: { code: codes.pickup, position } });
    t.is(picked.status, 'picked_up');
    t.like(picked.history.at(-1), { action: 'pick_up', actor_id: c.user_id, position });
    t.is((await liu.client.call(routes.getOrder, { params: { order_id: order.id } })).status, 'out_for_delivery');
    t.is((await store.call(routes.getOrderDelivery, { params: { order_id: order.id } })).code, null, 'the pickup code is spent');
    const delivered = await c.client.call(routes.deliverDeliveryTask, { params: { task_id: task.id }, body: { code: codes.delivery } });
    t.like(delivered, { status: 'delivered', fee_paid: true });
    t.true(delivered.fee_fen > 0);
    const o = await liu.client.call(routes.getOrder, { params: { order_id: order.id } });
    t.is(o.status, 'delivered');
    t.like(o.history.at(-1), { action: 'deliver', actor_id: c.user_id });
    t.like(await c.client.call(routes.getMyDuty, {}), { active_tasks: 0 });
    // Replays: the fee job, more runs at once, and the command itself again — one transfer, one fee.
    await Promise.all(Array.from({ length: 8 }, () => stack.api.delivery.tasks.payFee(task.id)));
    await stack.api.conn.collection('delivery_tasks').updateOne({ _id: task.id as never }, { $set: { fee_paid: false } });
    await stack.api.delivery.tasks.payFee(task.id);
    t.is((await courierAccount(c.user_id)).balance_fen, before + delivered.fee_fen);
    t.is(await stack.api.conn.collection('ledger_transfers').countDocuments({ idempotency_key: `delivery:${task.id}:fee` }), 1);
    t.true((await stack.api.wallet.check()).ok);
  },
);

test.serial(
  'five wrong codes lock the code (even against the right one, however many guess at once); an operator unlocks it',
  async (t) => {
    const { task, codes } = await readyOrder();
    const c = await courier();
    await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
    const guess = () => c.client.call(routes.pickUpDeliveryTask, { params: { task_id: task.id }, body: { code: wrongCode(codes.pickup) } });
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => failureOf(guess())));
    t.is(outcomes.filter((o) => o === '400 delivery_code_incorrect').length, 4, outcomes.join());
    t.is(outcomes.filter((o) => o === '423 delivery_code_locked').length, 8, outcomes.join());
    t.is((await storedTask(task.id))?.codes.pickup.wrong_attempts, 5);
    const right = () => c.client.call(routes.pickUpDeliveryTask, { params: { task_id: task.id }, body: { code: codes.pickup } });
    t.is(await failureOf(right()), '423 delivery_code_locked');
    t.like(await c.client.call(routes.getDeliveryTask, { params: { task_id: task.id } }), {
      status: 'claimed',
      codes_locked: { pickup: true },
    });
    t.is(
      await failureOf(c.client.call(routes.unlockDeliveryCode, { params: { task_id: task.id }, body: { kind: 'pickup' } })),
      '403 forbidden_role',
    );
    const unlocked = await operator.call(routes.unlockDeliveryCode, { params: { task_id: task.id }, body: { kind: 'pickup' } });
    t.like(unlocked, { codes_locked: { pickup: false }, code: null });
    t.is((await right()).status, 'picked_up');
  },
);

/** Tasks of courier `c` in every status, made through the API. */
async function taskIn(status: DeliveryTaskStatus, c: Courier) {
  const made = await readyOrder();
  const id = made.task.id;
  if (status === 'open') return made;
  await c.client.call(routes.claimDeliveryTask, { params: { task_id: id }, body: {}, idempotencyKey: `m-${id}` });
  if (status === 'claimed') return made;
  await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: id }, body: { code: made.codes.pickup } });
  if (status === 'delivered')
    await c.client.call(routes.deliverDeliveryTask, { params: { task_id: id }, body: { code: made.codes.delivery } });
  if (status === 'failed') await c.client.call(routes.failDeliveryTask, { params: { task_id: id }, body: { reason: '无人应答' } });
  return made;
}

test.serial('the lifecycle matrix: every action from every status it may not start from → 409, nothing changed', async (t) => {
  const holder = await courier();
  const other = await courier();
  const statuses: DeliveryTaskStatus[] = ['open', 'claimed', 'picked_up', 'delivered', 'failed'];
  const made = new Map<DeliveryTaskStatus, Awaited<ReturnType<typeof taskIn>>>();
  for (const s of statuses) made.set(s, await taskIn(s, holder));
  const attempt = (action: DeliveryTaskAction, s: DeliveryTaskStatus) => {
    const m = made.get(s)!;
    const params = { task_id: m.task.id };
    if (action === 'claim') return other.client.call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: key() });
    if (action === 'release') return holder.client.call(routes.releaseDeliveryTask, { params, body: { reason: '临时有事' } });
    if (action === 'pick_up') return holder.client.call(routes.pickUpDeliveryTask, { params, body: { code: m.codes.pickup } });
    if (action === 'deliver') return holder.client.call(routes.deliverDeliveryTask, { params, body: { code: m.codes.delivery } });
    return holder.client.call(routes.failDeliveryTask, { params, body: { reason: '地址不对' } });
  };
  let cells = 0;
  for (const action of ['claim', 'release', 'pick_up', 'deliver', 'fail'] as const) {
    for (const s of statuses.filter((x) => !(DELIVERY_TASK_TRANSITIONS[action].from as readonly string[]).includes(x))) {
      const id = made.get(s)!.task.id;
      const before = JSON.stringify(await storedTask(id));
      const duties = JSON.stringify(await stack.api.conn.collection('delivery_courier_duty').find().sort({ _id: 1 }).toArray());
      t.regex(await failureOf(attempt(action, s)), /^409 (illegal_transition|task_taken)$/, `${action} from ${s}`);
      t.is(JSON.stringify(await storedTask(id)), before, `${action} from ${s} changed the task`);
      t.is(
        JSON.stringify(await stack.api.conn.collection('delivery_courier_duty').find().sort({ _id: 1 }).toArray()),
        duties,
        `${action} from ${s} moved a counter`,
      );
      cells++;
    }
  }
  t.is(cells, 4 + 4 + 4 + 4 + 4);
});

test.serial('another courier’s task, off duty, not open, a stranger: 4xx problem+json and nothing changed', async (t) => {
  const { task, codes } = await readyOrder();
  const a = await courier();
  const b = await courier();
  const off = await courier(seed.communities.wenxin, false);
  const elsewhere = await courier(seed.communities.jingshan);
  const unchanged = async (what: string, p: Promise<unknown>, expected: string) => {
    const before = JSON.stringify(await storedTask(task.id));
    t.is(await failureOf(p), expected, what);
    t.is(JSON.stringify(await storedTask(task.id)), before, what);
  };
  const claim = (c: Courier) => c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
  await unchanged('off duty', claim(off), '409 courier_off_duty');
  await unchanged('off duty lists nothing', off.client.call(routes.listOpenTasks, { query: {} }), '409 courier_off_duty');
  await unchanged('a courier of another community', claim(elsewhere), '404 delivery_task_not_found');
  const hall = await a.client.call(routes.listOpenTasks, { query: {} });
  t.true(hall.items.some((x) => x.id === task.id && x.code === null));
  t.is((await claim(a)).courier_id, a.user_id);
  t.is((await claim(a)).courier_id, a.user_id, 'claiming one’s own task again answers it');
  await unchanged('taken', claim(b), '409 task_taken');
  const params = { task_id: task.id };
  await unchanged(
    'another’s pickup',
    b.client.call(routes.pickUpDeliveryTask, { params, body: { code: codes.pickup } }),
    '403 not_your_task',
  );
  await unchanged(
    'another’s release',
    b.client.call(routes.releaseDeliveryTask, { params, body: { reason: '我来送' } }),
    '403 not_your_task',
  );
  await unchanged(
    'a resident',
    (await buyer()).client.call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: key() }),
    '403 forbidden_role',
  );
  // Released with a reason before pickup: open again, the unit back, and b may take it.
  const released = await a.client.call(routes.releaseDeliveryTask, {
    params,
    body: { reason: '车坏了', position: { lat: 30.28, lng: 120.12 } },
  });
  t.like(released, { status: 'open', courier_id: null });
  t.like(released.history.at(-1), { action: 'release', reason: '车坏了', actor_id: a.user_id });
  t.like(await a.client.call(routes.getMyDuty, {}), { active_tasks: 0 });
  t.is((await claim(b)).courier_id, b.user_id);
  // Off duty again: no more claims, and the hall is closed to them.
  t.like(await a.client.call(routes.setMyDuty, { body: { on_duty: false } }), { on_duty: false, community_id: seed.communities.wenxin });
  await unchanged('off duty again', claim(a), '409 courier_off_duty');
});

test.serial('fee rules per community: operators set base and per-km fees; new tasks carry them', async (t) => {
  const community_id = seed.communities.wenxin;
  await operator.call(routes.setDeliveryFeeRule, { params: { community_id }, body: { base_fee_fen: 800, per_km_fen: 0 } });
  t.like(await operator.call(routes.getDeliveryFeeRule, { params: { community_id } }), { base_fee_fen: 800, per_km_fen: 0 });
  t.is(
    await failureOf(store.call(routes.setDeliveryFeeRule, { params: { community_id }, body: { base_fee_fen: 1, per_km_fen: 0 } })),
    '403 forbidden_role',
  );
  const { task } = await readyOrder();
  t.is(task.fee_fen, 800);
});

test.serial(
  'the dispatch board: the community’s tasks by status, late ones, no codes; other communities’ operators are refused',
  async (t) => {
    const community_id = seed.communities.wenxin;
    const { task } = await readyOrder();
    const board = (query: { status?: DeliveryTaskStatus; late?: 'true' | 'false'; limit?: number }) =>
      operator.call(routes.listCommunityDeliveryTasks, { params: { community_id }, query });
    const open = await board({ status: 'open', limit: 100 });
    t.true(open.items.some((x) => x.id === task.id));
    t.true(open.items.every((x) => x.status === 'open' && x.code === null && x.community_id === community_id));
    t.true((await board({ status: 'failed' })).items.length >= 1, 'the matrix left a failed task');
    t.deepEqual((await board({ late: 'true' })).items, [], 'every slot here is in 2027');
    await stack.api.conn
      .collection('delivery_tasks')
      .updateOne({ _id: task.id as never }, { $set: { slot_starts_at: new Date(Date.now() - 60_000) } });
    t.deepEqual(
      (await board({ late: 'true' })).items.map((x) => x.id),
      [task.id],
    );
    // A task made later whose slot began earlier is longer overdue: it comes first, on its own page.
    const older = (await readyOrder()).task;
    await stack.api.conn
      .collection('delivery_tasks')
      .updateOne({ _id: older.id as never }, { $set: { slot_starts_at: new Date(Date.now() - 3_600_000) } });
    const first = await board({ late: 'true', limit: 1 });
    t.deepEqual(
      first.items.map((x) => x.id),
      [older.id],
    );
    const second = await operator.call(routes.listCommunityDeliveryTasks, {
      params: { community_id },
      query: { late: 'true', limit: 1, cursor: first.next_cursor! },
    });
    t.deepEqual(
      second.items.map((x) => x.id),
      [task.id],
    );
    t.is(second.next_cursor, null);
    const elsewhere = (await stack.login('demo-operator-2')).client;
    t.is(
      await failureOf(elsewhere.call(routes.listCommunityDeliveryTasks, { params: { community_id }, query: {} })),
      '403 forbidden_scope',
    );
    t.is(await failureOf(store.call(routes.listCommunityDeliveryTasks, { params: { community_id }, query: {} })), '403 forbidden_role');
  },
);

test.serial(
  'an operator reassigns a task not yet picked up; the units follow; not after pickup, not to a courier off duty or elsewhere',
  async (t) => {
    const { task, codes } = await readyOrder();
    const [a, b] = [await courier(), await courier()];
    const off = await courier(seed.communities.wenxin, false);
    const elsewhere = await courier(seed.communities.jingshan);
    const params = { task_id: task.id };
    await a.client.call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: key() });
    const to = (courier_id: string) => ({ courier_id, reason: '原配送员请假' });
    const unchanged = async (what: string, p: Promise<unknown>, expected: string) => {
      const before = JSON.stringify(await storedTask(task.id));
      t.is(await failureOf(p), expected, what);
      t.is(JSON.stringify(await storedTask(task.id)), before, what);
    };
    await unchanged('never on duty', operator.call(routes.reassignDeliveryTask, { params, body: to(off.user_id) }), '400 courier_unknown');
    await unchanged(
      'elsewhere',
      operator.call(routes.reassignDeliveryTask, { params, body: to(elsewhere.user_id) }),
      '400 courier_unknown',
    );
    const other = (await stack.login('demo-operator-2')).client;
    await unchanged(
      'another community’s operator',
      other.call(routes.reassignDeliveryTask, { params, body: to(b.user_id) }),
      '403 forbidden_scope',
    );
    const moved = await operator.call(routes.reassignDeliveryTask, { params, body: to(b.user_id) });
    t.like(moved, { status: 'claimed', courier_id: b.user_id, code: null });
    t.like(moved.history.at(-1), { action: 'reassign', actor_role: 'operator', reason: '原配送员请假' });
    t.like(await a.client.call(routes.getMyDuty, {}), { active_tasks: 0 });
    t.like(await b.client.call(routes.getMyDuty, {}), { active_tasks: 1 });
    await a.client.call(routes.setMyDuty, { body: { on_duty: false } });
    await unchanged(
      'back to a courier gone off duty',
      operator.call(routes.reassignDeliveryTask, { params, body: to(a.user_id) }),
      '409 courier_off_duty',
    );
    await a.client.call(routes.setMyDuty, { body: { on_duty: true } });
    await b.client.call(routes.pickUpDeliveryTask, { params, body: { code: codes.pickup } });
    await unchanged('after pickup', operator.call(routes.reassignDeliveryTask, { params, body: to(a.user_id) }), '409 illegal_transition');
  },
);

test.serial(
  'the seller leaves 开始配送 and 确认送达 to the courier who holds the task (409 courier_delivers, nothing changes)',
  async (t) => {
    const { liu, order, task, codes } = await readyOrder();
    const c = await courier();
    await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
    const params = { order_id: order.id };
    t.is(await failureOf(store.call(routes.dispatchOrder, { params, body: {} })), '409 courier_delivers');
    t.is((await liu.client.call(routes.getOrder, { params })).status, 'ready');
    await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: task.id }, body: { code: codes.pickup } });
    t.is((await liu.client.call(routes.getOrder, { params })).status, 'out_for_delivery', 'the courier’s pickup dispatched it');
    t.is(await failureOf(store.call(routes.deliverOrder, { params, body: {} })), '409 courier_delivers');
    t.is((await liu.client.call(routes.getOrder, { params })).status, 'out_for_delivery');
    t.like(await storedTask(task.id), { status: 'picked_up', courier_id: c.user_id });
    await c.client.call(routes.deliverDeliveryTask, { params: { task_id: task.id }, body: { code: codes.delivery } });
    t.is((await liu.client.call(routes.getOrder, { params })).status, 'delivered');
  },
);

test.serial('the seller who delivers before any courier claimed withdraws the open task from the hall (商家自送)', async (t) => {
  const { liu, order, task } = await readyOrder();
  const c = await courier();
  const params = { order_id: order.id };
  const dispatched = await store.call(routes.dispatchOrder, { params, body: {} });
  t.is(dispatched.status, 'out_for_delivery');
  t.like(await storedTask(task.id), { status: 'withdrawn', courier_id: null });
  t.like((await storedTask(task.id))?.history.at(-1), { action: 'withdraw', actor_role: 'seller', to: 'withdrawn' });
  const hall = await c.client.call(routes.listOpenTasks, { query: {} });
  t.false(
    hall.items.some((x) => x.id === task.id),
    'no longer in the couriers’ hall',
  );
  const claim = c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
  t.is(await failureOf(claim), '409 illegal_transition');
  t.is((await store.call(routes.deliverOrder, { params, body: {} })).status, 'delivered');
  t.is((await liu.client.call(routes.getOrder, { params })).status, 'delivered');
  t.like(await storedTask(task.id), { status: 'withdrawn', courier_id: null });
});

test.serial(
  'a refund accepted before pickup withdraws the task: open leaves the hall, claimed gives the courier’s unit back',
  async (t) => {
    const c = await courier();
    const refund = async (order_id: string) => {
      const liu = (await stack.login('demo-resident-2')).client;
      await liu.call(routes.requestOrderRefund, { params: { order_id }, body: { reason: '买错了，不需要了' } });
      await store.call(routes.acceptOrderRefund, { params: { order_id }, body: {} });
    };
    const open = await readyOrder();
    await refund(open.order.id);
    t.like(await storedTask(open.task.id), { status: 'withdrawn', courier_id: null });
    t.like((await storedTask(open.task.id))?.history.at(-1), { action: 'withdraw', actor_role: 'system', reason: '订单已退款' });
    t.false(
      (await c.client.call(routes.listOpenTasks, { query: {} })).items.some((x) => x.id === open.task.id),
      'not in the hall',
    );
    const claim = c.client.call(routes.claimDeliveryTask, { params: { task_id: open.task.id }, body: {}, idempotencyKey: key() });
    t.is(await failureOf(claim), '409 illegal_transition');

    const held = await readyOrder();
    await c.client.call(routes.claimDeliveryTask, { params: { task_id: held.task.id }, body: {}, idempotencyKey: key() });
    t.is((await c.client.call(routes.getMyDuty, { query: {} })).active_tasks, 1);
    await refund(held.order.id);
    t.like(await storedTask(held.task.id), { status: 'withdrawn', courier_id: c.user_id });
    t.is((await c.client.call(routes.getMyDuty, { query: {} })).active_tasks, 0, 'the unit came back');
    const pickUp = c.client.call(routes.pickUpDeliveryTask, { params: { task_id: held.task.id }, body: { code: held.codes.pickup } });
    t.is(await failureOf(pickUp), '409 illegal_transition');

    // The operator's 已撤回 tab lists both, with when and why in the withdrawal step.
    const board = await operator.call(routes.listCommunityDeliveryTasks, {
      params: { community_id: seed.communities.wenxin },
      query: { status: 'withdrawn', limit: 100 },
    });
    t.deepEqual(
      board.items.slice(0, 2).map((x) => x.id),
      [held.task.id, open.task.id],
      'newest first',
    );
    t.true(board.items.every((x) => x.status === 'withdrawn'));

    // Picked up: the goods are on the road and the task is left to the courier (配送失败 brings them back).
    const away = await readyOrder();
    await c.client.call(routes.claimDeliveryTask, { params: { task_id: away.task.id }, body: {}, idempotencyKey: key() });
    await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: away.task.id }, body: { code: away.codes.pickup } });
    await refund(away.order.id);
    t.like(await storedTask(away.task.id), { status: 'picked_up', courier_id: c.user_id });
  },
);

test.serial('the seller’s 开始配送 raced by five couriers’ claims: either the seller or one courier has it, never both', async (t) => {
  const { liu, order, task } = await readyOrder();
  const couriers = await Promise.all([1, 2, 3, 4, 5].map(() => courier()));
  const params = { order_id: order.id };
  // What each racer got: the success word, or the failure's `status code`.
  const outcome = (p: Promise<unknown>, ok: string) =>
    p.then(
      () => ok,
      (e: unknown) => failureOf(Promise.reject(e)),
    );
  const claims = couriers.map((c) =>
    outcome(c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() }), 'claimed'),
  );
  const seller = outcome(store.call(routes.dispatchOrder, { params, body: {} }), 'dispatched');
  const [sellerOutcome, ...claimOutcomes] = await Promise.all([seller, ...claims]);
  const stored = await storedTask(task.id);
  const status = (await liu.client.call(routes.getOrder, { params })).status;
  const won = claimOutcomes.filter((o) => o === 'claimed').length;
  if (sellerOutcome === 'dispatched') {
    t.is(won, 0, 'no courier holds a task the seller took');
    t.like(stored, { status: 'withdrawn', courier_id: null });
    t.is(status, 'out_for_delivery');
  } else {
    t.is(sellerOutcome, '409 courier_delivers');
    t.is(won, 1, 'exactly one courier');
    t.like(stored, { status: 'claimed' });
    t.is(status, 'ready');
  }
});
