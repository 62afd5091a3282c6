/**
 * After a delivery (issue 13 §3, §6, §7): a failed task delivered again in a new slot or returned to a station; the
 * buyer's rating of the courier, once, aggregated exactly under concurrency and counted by dispatch; the welfare check
 * (关怀探访) — 无人应答 at the door of a person living alone opens one eldercare call and alerts the operators.
 */
import test from 'ava';
import { DELIVERY_TASK_TRANSITIONS, routes, type DeliveryTaskAction, type DeliveryTaskStatus } from '@cc/shared';
import { listenRealtime } from '../support/realtime';
import { courier, readyOrder, storedTask, type Courier } from '../support/delivery';
import { failureOf, until } from '../support/outcome';
import { buyer, key, operator, seed, stack, store, useOrdersStack } from '../support/orders-stack';
import { raw } from '../support/stack';

useOrdersStack({ env: { ORDER_AUTO_CONFIRM_SECONDS: '3600', DELIVERY_MAX_TASKS_PER_COURIER: '50' } });

const NEW_SLOT = '2027-03-03/18:00-20:00';
const AT_DOOR = { lat: 30.2861, lng: 120.1222 };
const couriers: Courier[] = [];
const hire = async () => {
  const c = await courier();
  couriers.push(c);
  return c;
};
const tasks = () => stack.api.conn.collection('delivery_tasks');
const duty = async (c: Courier) => (await c.client.call(routes.getMyDuty, {})).active_tasks;
/** A request the typed client refuses to send (it validates bodies too), as `status code` of the API's problem. */
async function rawFailure(token: string, path: string, body: unknown): Promise<string> {
  const res = await raw(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return `${res.status} ${String(res.body?.code)}`;
}
const wenxinStation = async () => (await stack.api.identity.places.listStations(seed.communities.wenxin, { limit: 100 })).items[0]!;

/** A task of courier `c` taken to `status` through the API (returned: failed, then sent back by the operator). */
async function taskIn(status: DeliveryTaskStatus, c: Courier) {
  const made = await readyOrder();
  const params = { task_id: made.task.id };
  if (status === 'open') return made;
  await c.client.call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: key() });
  if (status === 'claimed') return made;
  await c.client.call(routes.pickUpDeliveryTask, { params, body: { code: made.codes.pickup } });
  if (status === 'delivered') await c.client.call(routes.deliverDeliveryTask, { params, body: { code: made.codes.delivery } });
  if (status === 'failed' || status === 'returned') await c.client.call(routes.failDeliveryTask, { params, body: { reason: '无人应答' } });
  if (status === 'returned')
    await operator.call(routes.returnDeliveryTask, { params, body: { station_id: (await wenxinStation()).id, reason: '居民出差' } });
  return made;
}

test.serial(
  're-delivery by the buyer: open again in the new slot, a new pickup code, the same delivery code; the order follows',
  async (t) => {
    const first = await hire();
    const made = await taskIn('failed', first);
    const params = { task_id: made.task.id };
    t.is(await duty(first), 0, 'the failure gave the unit back');
    const again = await made.liu.client.call(routes.redeliverDeliveryTask, { params, body: { slot_key: NEW_SLOT } });
    t.like(again, { status: 'open', courier_id: null, slot_key: NEW_SLOT, code: { kind: 'delivery', value: made.codes.delivery } });
    t.like(again.history.at(-1), { action: 'redeliver', from: 'failed', to: 'open', actor_role: 'buyer', actor_id: made.liu.user_id });
    const seen = await store.call(routes.getOrderDelivery, { params: { order_id: made.order.id } });
    t.is(seen.code?.kind, 'pickup');
    const pickup = seen.code?.value as string;
    t.regex(pickup, /^\d{6}$/);
    t.not(pickup, made.codes.pickup, 'the pickup code said to the first courier is renewed');
    t.is((await made.liu.client.call(routes.getOrder, { params: { order_id: made.order.id } })).status, 'out_for_delivery');

    const second = await hire();
    await second.client.call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: key() });
    t.is(await duty(second), 1);
    t.is(
      await failureOf(second.client.call(routes.pickUpDeliveryTask, { params, body: { code: made.codes.pickup } })),
      '400 delivery_code_incorrect',
    );
    await second.client.call(routes.pickUpDeliveryTask, { params, body: { code: pickup } });
    const done = await second.client.call(routes.deliverDeliveryTask, { params, body: { code: made.codes.delivery } });
    t.like(done, { status: 'delivered', courier_id: second.user_id, fee_paid: true });
    t.is((await made.liu.client.call(routes.getOrder, { params: { order_id: made.order.id } })).status, 'delivered');
    t.deepEqual([await duty(first), await duty(second)], [0, 0]);
  },
);

test.serial(
  'return to a station by an operator: the task ends returned; the station hands the goods over with the order’s own step',
  async (t) => {
    const c = await hire();
    const made = await taskIn('failed', c);
    const station = await wenxinStation();
    const params = { task_id: made.task.id };
    const back = await operator.call(routes.returnDeliveryTask, { params, body: { station_id: station.id, reason: '居民出差一周' } });
    t.like(back, { status: 'returned', courier_id: c.user_id, code: null });
    t.like(back.history.at(-1), { action: 'return', from: 'failed', to: 'returned', actor_role: 'operator', reason: '居民出差一周' });
    t.like((await storedTask(made.task.id))?.returned_to, { station_id: station.id, label: station.name });
    t.is((await made.liu.client.call(routes.getOrder, { params: { order_id: made.order.id } })).status, 'out_for_delivery');
    t.is(await duty(c), 0);
    // The resident collects it at the station: the operator delivers the order (orders' own operator step).
    await operator.call(routes.deliverOrder, { params: { order_id: made.order.id }, body: {} });
    t.is((await made.liu.client.call(routes.getOrder, { params: { order_id: made.order.id } })).status, 'delivered');
  },
);

test.serial('the lifecycle matrix of the new actions, and of every action from returned: 409, nothing changed', async (t) => {
  const holder = await hire();
  const statuses: DeliveryTaskStatus[] = ['open', 'claimed', 'picked_up', 'delivered', 'failed', 'returned'];
  const made = new Map<DeliveryTaskStatus, Awaited<ReturnType<typeof taskIn>>>();
  for (const s of statuses) made.set(s, await taskIn(s, holder));
  const station_id = (await wenxinStation()).id;
  const other = await hire();
  const attempt = (action: DeliveryTaskAction, s: DeliveryTaskStatus) => {
    const m = made.get(s)!;
    const params = { task_id: m.task.id };
    const by = holder.client;
    if (action === 'no_answer') return by.call(routes.noAnswerDeliveryTask, { params, body: { note: '敲门没人', position: AT_DOOR } });
    if (action === 'redeliver') return operator.call(routes.redeliverDeliveryTask, { params, body: { slot_key: NEW_SLOT } });
    if (action === 'return') return operator.call(routes.returnDeliveryTask, { params, body: { station_id, reason: '退回' } });
    if (action === 'claim') return other.client.call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: key() });
    if (action === 'release') return by.call(routes.releaseDeliveryTask, { params, body: { reason: '临时有事' } });
    if (action === 'pick_up') return by.call(routes.pickUpDeliveryTask, { params, body: { code: m.codes.pickup } });
    if (action === 'deliver') return by.call(routes.deliverDeliveryTask, { params, body: { code: m.codes.delivery } });
    return by.call(routes.failDeliveryTask, { params, body: { reason: '地址不对' } });
  };
  const cells: [DeliveryTaskAction, DeliveryTaskStatus][] = [];
  for (const action of ['no_answer', 'redeliver', 'return'] as const)
    for (const s of statuses.filter((x) => !(DELIVERY_TASK_TRANSITIONS[action].from as readonly string[]).includes(x)))
      cells.push([action, s]);
  for (const action of ['claim', 'release', 'pick_up', 'deliver', 'fail'] as const) cells.push([action, 'returned']);
  for (const [action, s] of cells) {
    const id = made.get(s)!.task.id;
    const before = JSON.stringify(await storedTask(id));
    const duties = JSON.stringify(await stack.api.conn.collection('delivery_courier_duty').find().sort({ _id: 1 }).toArray());
    t.regex(await failureOf(attempt(action, s)), /^409 (illegal_transition|task_taken)$/, `${action} from ${s}`);
    t.is(JSON.stringify(await storedTask(id)), before, `${action} from ${s} changed the task`);
    t.is(
      JSON.stringify(await stack.api.conn.collection('delivery_courier_duty').find().sort({ _id: 1 }).toArray()),
      duties,
      `${action} from ${s}`,
    );
  }
  t.is(cells.length, 5 + 5 + 5 + 5);
});

test.serial('re-delivery and return refuse the wrong people, slots and stations: 4xx problem+json, nothing written', async (t) => {
  const c = await hire();
  const { task } = await taskIn('failed', c);
  const params = { task_id: task.id };
  const unchanged = async (what: string, p: Promise<unknown>, expected: string) => {
    const before = JSON.stringify(await storedTask(task.id));
    t.is(await failureOf(p), expected, what);
    t.is(JSON.stringify(await storedTask(task.id)), before, what);
  };
  const stranger = await buyer();
  const slot = (slot_key: string) => ({ params, body: { slot_key } });
  await unchanged('a stranger', stranger.client.call(routes.redeliverDeliveryTask, slot(NEW_SLOT)), '404 delivery_task_not_found');
  await unchanged('the courier', c.client.call(routes.redeliverDeliveryTask, slot(NEW_SLOT)), '404 delivery_task_not_found');
  await unchanged('a slot in the past', operator.call(routes.redeliverDeliveryTask, slot('2020-03-03/18:00-20:00')), '400 slot_unknown');
  await unchanged('no such window', operator.call(routes.redeliverDeliveryTask, slot('2027-03-03/07:00-08:00')), '400 slot_unknown');
  const opToken = (await stack.login('demo-operator-1')).token;
  const malformed = await rawFailure(opToken, `/api/v1/delivery-tasks/${task.id}/redeliver`, { slot_key: 'tomorrow' });
  t.is(malformed, '400 validation_failed', 'a malformed slot');
  const elsewhere = (await stack.login('demo-operator-2')).client;
  const jingshan = (await stack.api.identity.places.listStations(seed.communities.jingshan, { limit: 100 })).items[0]!;
  const back = (station_id: string) => ({ params, body: { station_id, reason: '退回站点' } });
  await unchanged(
    'another community’s operator',
    elsewhere.call(routes.returnDeliveryTask, back((await wenxinStation()).id)),
    '403 forbidden_scope',
  );
  await unchanged('another community’s station', operator.call(routes.returnDeliveryTask, back(jingshan.id)), '400 station_unknown');
  await unchanged('a courier', c.client.call(routes.returnDeliveryTask, back((await wenxinStation()).id)), '403 forbidden_role');
  const res = await raw(`${stack.apiUrl}/api/v1/delivery-tasks/${task.id}/redeliver`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stranger.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ slot_key: NEW_SLOT }),
  });
  t.is(res.status, 404);
  t.regex(res.headers.get('content-type') ?? '', /application\/problem\+json/);
});

/** `n` tasks delivered by `c`, each with its own buyer (the demo's one funded card pays; the task is then theirs). */
async function deliveredTo(c: Courier, n: number) {
  const out: { task_id: string; rater: Awaited<ReturnType<typeof buyer>> }[] = [];
  for (let i = 0; i < n; i++) {
    const { task } = await taskIn('delivered', c);
    const rater = await buyer();
    await tasks().updateOne({ _id: task.id as never }, { $set: { buyer_id: rater.user_id } });
    out.push({ task_id: task.id, rater });
  }
  return out;
}

test.serial('a buyer rates the courier once after delivery; not before, not someone else’s, not twice', async (t) => {
  const c = await hire();
  const open = await taskIn('picked_up', c);
  const task_id = open.task.id;
  const params = { task_id };
  t.is(await failureOf(open.liu.client.call(routes.rateDeliveryCourier, { params, body: { stars: 5 } })), '409 task_not_delivered');
  await c.client.call(routes.deliverDeliveryTask, { params, body: { code: open.codes.delivery } });
  const stranger = await buyer();
  t.is(await failureOf(stranger.client.call(routes.rateDeliveryCourier, { params, body: { stars: 1 } })), '404 delivery_task_not_found');
  for (const stars of [6, 0, 4.5, '5'])
    t.is(await rawFailure(open.liu.token, `/api/v1/delivery-tasks/${task_id}/rating`, { stars }), '400 validation_failed', `${stars}`);
  t.is((await storedTask(open.task.id))?.rating, null, 'nothing written by the refusals');
  const rated = await open.liu.client.call(routes.rateDeliveryCourier, { params, body: { stars: 4, comment: '很准时' } });
  t.like(rated, { task_id: open.task.id, courier_id: c.user_id, stars: 4, comment: '很准时' });
  const seen = await open.liu.client.call(routes.getOrderDelivery, { params: { order_id: open.order.id } });
  t.deepEqual(seen.rating, { stars: 4, comment: '很准时' }, 'the task carries its rating, so any device shows it');
  t.is(await failureOf(open.liu.client.call(routes.rateDeliveryCourier, { params, body: { stars: 5 } })), '409 already_rated');
  const row = (await operator.call(routes.listCommunityCouriers, { params: { community_id: seed.communities.wenxin } })).items.find(
    (x) => x.courier_id === c.user_id,
  );
  t.like(row, { on_duty: true, active_tasks: 0, rating: { average: 4, count: 1 } });
});

let good: Courier;
let poor: Courier;

test.serial('ratings add up exactly when many buyers rate at once (and racing repeats count once)', async (t) => {
  good = await hire();
  const done = await deliveredTo(good, 8);
  const stars = [5, 5, 5, 4, 5, 5, 5, 5];
  const attempts = done.flatMap((d, i) =>
    [0, 1].map(() => d.rater.client.call(routes.rateDeliveryCourier, { params: { task_id: d.task_id }, body: { stars: stars[i]! } })),
  );
  const outcomes = await Promise.all(
    attempts.map((p) =>
      p.then(
        () => 'ok',
        (e: unknown) => failureOf(Promise.reject(e)),
      ),
    ),
  );
  t.is(outcomes.filter((o) => o === 'ok').length, 8, outcomes.join());
  t.is(outcomes.filter((o) => o === '409 already_rated').length, 8, outcomes.join());
  const d = await stack.api.conn.collection('delivery_courier_duty').findOne({ _id: good.user_id as never });
  t.like(d, { rating_sum: 39, rating_count: 8 });
  const row = (await operator.call(routes.listCommunityCouriers, { params: { community_id: seed.communities.wenxin } })).items.find(
    (x) => x.courier_id === good.user_id,
  );
  t.deepEqual(row?.rating, { average: 4.9, count: 8 });
  poor = await hire();
  for (const [i, x] of (await deliveredTo(poor, 2)).entries())
    await x.rater.client.call(routes.rateDeliveryCourier, { params: { task_id: x.task_id }, body: { stars: i + 1 } });
});

test.serial('dispatch prefers the better-rated courier at equal distance and load; load still comes first', async (t) => {
  // Only the two rated couriers are on duty; both work from the community itself (equal distance), with no task.
  for (const c of couriers.filter((x) => x !== good && x !== poor)) await c.client.call(routes.setMyDuty, { body: { on_duty: false } });
  t.deepEqual([await duty(good), await duty(poor)], [0, 0]);
  const one = await readyOrder();
  t.deepEqual(await stack.api.delivery.tasks.dispatchDue(one.task.id), { courier_id: good.user_id });
  // Now the better-rated courier holds one task: the other, with none, gets the next.
  const two = await readyOrder();
  t.deepEqual(await stack.api.delivery.tasks.dispatchDue(two.task.id), { courier_id: poor.user_id });
  const three = await readyOrder();
  t.deepEqual(await stack.api.delivery.tasks.dispatchDue(three.task.id), { courier_id: good.user_id }, 'equal load again: the rating');
  const elsewhere = (await stack.login('demo-operator-2')).client;
  const params = { community_id: seed.communities.wenxin };
  t.is(await failureOf(elsewhere.call(routes.listCommunityCouriers, { params })), '403 forbidden_scope');
  t.is(await failureOf(store.call(routes.listCommunityCouriers, { params })), '403 forbidden_role');
  for (const c of [good, poor]) await c.client.call(routes.setMyDuty, { body: { on_duty: false } });
});

const welfareCalls = () => stack.api.conn.collection('calls').countDocuments({ service_code: 'elder_welfare_check' });

test.serial('无人应答 for someone not registered records the attempt, opens no call; the task stays with the courier', async (t) => {
  const c = await hire();
  const { task } = await taskIn('picked_up', c);
  const r = await c.client.call(routes.noAnswerDeliveryTask, {
    params: { task_id: task.id },
    body: { note: '敲门三次无人', position: AT_DOOR },
  });
  t.like(r, { welfare_call: null, task: { status: 'picked_up', courier_id: c.user_id, welfare_call: null } });
  t.like(r.task.history.at(-1), { action: 'no_answer', from: 'picked_up', to: 'picked_up', reason: '敲门三次无人', position: AT_DOOR });
  t.is(await welfareCalls(), 0);
  t.is(await duty(c), 1);
});

test.serial('the welfare register: operators of the community only, residents only; nothing written when refused', async (t) => {
  const community_id = seed.communities.wenxin;
  const liu = seed.users['demo-resident-2'] as string;
  const count = () => stack.api.conn.collection('delivery_welfare_residents').countDocuments();
  const elsewhere = (await stack.login('demo-operator-2')).client;
  const villager = await buyer(seed.communities.jingshan);
  const c = await hire();
  const reg = (client: typeof operator, user_id: string) =>
    client.call(routes.registerWelfareResident, { params: { community_id, user_id }, body: { note: '独居，耳背' } });
  t.is(await failureOf(reg(elsewhere, liu)), '403 forbidden_scope');
  t.is(await failureOf(reg(c.client, liu)), '403 forbidden_role');
  t.is(await failureOf(reg(operator, villager.user_id)), '409 not_a_resident');
  t.is(await failureOf(reg(operator, 'usr_00000000000000000000000000')), '404 user_not_found');
  t.is(
    await failureOf(operator.call(routes.removeWelfareResident, { params: { community_id, user_id: liu } })),
    '404 welfare_resident_not_found',
  );
  t.is(await count(), 0);
  t.like(await reg(operator, liu), { community_id, user_id: liu, note: '独居，耳背' });
  t.like(await reg(operator, liu), { user_id: liu }, 'again: one entry');
  t.deepEqual(
    (await operator.call(routes.listWelfareResidents, { params: { community_id } })).items.map((x) => x.user_id),
    [liu],
  );
  t.is(await count(), 1);
});

test.serial('无人应答 at the door of a person living alone: one eldercare call, in the operators’ queue, alerted live', async (t) => {
  const community_id = seed.communities.wenxin;
  const op = await stack.login('demo-operator-1');
  const socket = listenRealtime(stack.apiUrl, op.token);
  await socket.ready;
  try {
    const c = await hire();
    const other = await hire();
    const { task } = await taskIn('picked_up', c);
    const params = { task_id: task.id };
    const press = (note: string) => c.client.call(routes.noAnswerDeliveryTask, { params, body: { note, position: AT_DOOR } });
    t.is(
      await failureOf(other.client.call(routes.noAnswerDeliveryTask, { params, body: { note: '我来', position: AT_DOOR } })),
      '403 not_your_task',
    );
    t.is(await rawFailure(c.token, `/api/v1/delivery-tasks/${task.id}/no-answer`, { note: '敲门没人' }), '400 validation_failed');
    t.is(await welfareCalls(), 0);
    const [a, b] = await Promise.all([press('敲门、打电话都没人应'), press('再敲一次')]);
    const third = await press('等了十分钟');
    t.truthy(a.welfare_call);
    t.deepEqual([b.welfare_call, third.welfare_call], [a.welfare_call, a.welfare_call]);
    t.is(await welfareCalls(), 1, 'pressing again opens no second call');
    t.is(third.task.history.filter((h) => h.action === 'no_answer').length, 3, 'every attempt is recorded');
    const reread = await c.client.call(routes.getDeliveryTask, { params, query: {} });
    t.deepEqual(reread.welfare_call, a.welfare_call, 'the task keeps the call, so a reloaded page still says so');
    const queue = await operator.call(routes.listCommunityCalls, { params: { community_id }, query: { state: 'open' } });
    const call = queue.items.find((x) => x.id === a.welfare_call!.id);
    t.like(call, { service_code: 'elder_welfare_check', status: 'open', community_id });
    t.regex(call?.description ?? '', /无人应答.*时间：.*配送员说明：/);
    const alert = await until('the welfare alert', async () => socket.events.find((e) => e.type === 'delivery.welfare_check'));
    t.like(alert, { call_id: a.welfare_call!.id, task_id: task.id, community_id });
    t.is(socket.events.filter((e) => e.type === 'delivery.welfare_check').length, 1);
    t.is((await storedTask(task.id))?.status, 'picked_up');
    await operator.call(routes.removeWelfareResident, { params: { community_id, user_id: seed.users['demo-resident-2'] as string } });
    t.deepEqual((await operator.call(routes.listWelfareResidents, { params: { community_id } })).items, []);
  } finally {
    socket.ws.close();
  }
});
