/**
 * Delivery tracking (issue 13 §4): couriers report positions while on duty — rate-limited, impossible jumps refused,
 * kept only while they hold a task — and only the buyer of a current task and the community's operators see them,
 * by GET and live over the real-time channel, from any API instance.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DELIVERY_POSITION_EVENT, routes, type OrderTracking } from '@cc/shared';
import { listenRealtime } from '../support/realtime';
import { wgs84ToGcj02 } from '../../packages/api/src/delivery/tasks/datum';
import { courier, readyOrder, type Courier } from '../support/delivery';
import { buyer, operator, seed, stack, store, useOrdersStack } from '../support/orders-stack';
import { failureOf, until } from '../support/outcome';
import { raw, startStack } from '../support/stack';

useOrdersStack({ env: { DELIVERY_POSITIONS_PER_MINUTE: '8', DELIVERY_MAX_SPEED_KMH: '120' } });

type LatLng = { lat: number; lng: number };
/** A point `km` north of `p` (one degree of latitude ≈ 111.2 km). */
const north = (p: LatLng, km: number): LatLng => ({ lat: p.lat + km / 111.2, lng: p.lng });
/** A device time `minutes` from now (negative: in the past, within the ten minutes a fix may be late). */
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const storedPosition = (courier_id: string) => stack.api.redis.get(`dlv:pos:${courier_id}`);

const report = (c: Pick<Courier, 'client'>, p: LatLng, at?: string) =>
  c.client.call(routes.reportMyPosition, { body: { ...p, ...(at ? { at } : {}) } });
const tracking = (client: { call: Courier['client']['call'] }, order_id: string) =>
  client.call(routes.getOrderTracking, { params: { order_id } });

/** An order ready for delivery, claimed and picked up by a new courier: the courier is on the way to the drop. */
async function onTheWay() {
  const ready = await readyOrder();
  const c = await courier();
  await c.client.call(routes.claimDeliveryTask, { params: { task_id: ready.task.id }, body: {}, idempotencyKey: `claim-${ready.task.id}` });
  await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: ready.task.id }, body: { code: ready.codes.pickup } });
  return { ...ready, c, drop: ready.task.drop.location };
}

test.serial('an accepted position is kept and shown to the buyer with an ETA that falls as the courier approaches', async (t) => {
  const { liu, order, c, drop } = await onTheWay();
  const seen: OrderTracking[] = [];
  for (const [km, minutes] of [
    [3, -9],
    [2, -7],
    [1, -5],
    [0.2, -3],
  ] as const) {
    const ack = await report(c, north(drop, km), minutesFromNow(minutes));
    t.like(ack, { kept: true, tasks: 1 });
    seen.push(await tracking(liu.client, order.id));
  }
  t.like(seen[0], { order_id: order.id, status: 'picked_up' });
  t.deepEqual(seen[3]!.courier_position, north(drop, 0.2));
  for (let i = 1; i < seen.length; i++) {
    t.true(seen[i]!.remaining_m! < seen[i - 1]!.remaining_m!, `remaining distance falls (${i})`);
    t.true(seen[i]!.eta_minutes! <= seen[i - 1]!.eta_minutes!, `ETA does not rise (${i})`);
  }
  t.true(seen[3]!.eta_minutes! < seen[0]!.eta_minutes!, 'the ETA falls');
  t.true(seen[3]!.eta_minutes! >= 1, 'still on the way: at least a minute');
  // 3 km straight × the road factor, at an electric bike's speed: about 16 minutes.
  t.true(seen[0]!.remaining_m! > 3000 && seen[0]!.eta_minutes! >= 10 && seen[0]!.eta_minutes! <= 25, JSON.stringify(seen[0]));
});

test.serial('an impossible jump is refused (422 position_jump) and nothing is stored; an older fix is refused as stale', async (t) => {
  const { liu, order, c, drop } = await onTheWay();
  await report(c, north(drop, 2), minutesFromNow(-2));
  const before = await storedPosition(c.user_id);
  t.truthy(before);
  // 30 km in one minute is 1,800 km/h.
  t.is(await failureOf(report(c, north(drop, 32), minutesFromNow(-1))), '422 position_jump');
  t.is(await storedPosition(c.user_id), before, 'the stored position is unchanged');
  t.is(await failureOf(report(c, north(drop, 1.9), minutesFromNow(-3))), '409 position_stale');
  t.is(await storedPosition(c.user_id), before);
  t.deepEqual((await tracking(liu.client, order.id)).courier_position, north(drop, 2));
  // A believable move from there is accepted.
  t.like(await report(c, north(drop, 1.5), minutesFromNow(0)), { kept: true });
});

/** A courier of 益乐社区 on duty with the session token, for requests the typed client would refuse to send. */
async function courierWithToken() {
  const person = await stack.login(`courier-raw-${randomUUID().slice(0, 12)}`);
  await operator.call(routes.grantRole, {
    params: { user_id: person.user_id },
    body: { role: 'courier', community_id: seed.communities.wenxin },
  });
  await person.client.call(routes.setMyDuty, { body: { on_duty: true, community_id: seed.communities.wenxin } });
  return person;
}

test.serial('out-of-range coordinates or a time far off → 400 problem+json, nothing stored; off duty → 409', async (t) => {
  const c = await courierWithToken();
  const { task } = await readyOrder();
  await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: `claim-${task.id}` });
  for (const body of [
    { lat: 91, lng: 120 },
    { lat: 30, lng: -181 },
    { lat: 'x', lng: 120 },
    { lat: 30 },
    { lat: 30, lng: 120, speed: 3 },
  ]) {
    const res = await raw(`${stack.apiUrl}/api/v1/couriers/me/position`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    t.is(res.status, 400, JSON.stringify(body));
    t.is((res.body as { code?: string } | undefined)?.code, 'validation_failed');
  }
  t.is(await failureOf(report(c, task.drop.location, minutesFromNow(30))), '400 position_time_invalid');
  t.is(await storedPosition(c.user_id), null, 'nothing stored');
  t.like(await report(c, task.drop.location), { kept: true }, 'a claimed task: kept');
  const idle = await courier(undefined, false);
  t.is(await failureOf(report(idle, task.drop.location)), '409 courier_off_duty');
});

test.serial('a courier without a task: the position is answered but not kept; the last task ending forgets it', async (t) => {
  const idle = await courier();
  t.like(await report(idle, { lat: 30.28, lng: 120.12 }), { kept: false, tasks: 0 });
  t.is(await storedPosition(idle.user_id), null);

  const { liu, order, c, drop, codes, task } = await onTheWay();
  await report(c, north(drop, 0.1));
  t.truthy(await storedPosition(c.user_id));
  await c.client.call(routes.deliverDeliveryTask, { params: { task_id: task.id }, body: { code: codes.delivery } });
  t.is(await storedPosition(c.user_id), null, 'delivered: the position is gone');
  const after = await tracking(liu.client, order.id);
  t.like(after, { status: 'delivered', courier_position: null, eta_minutes: null });
});

test.serial('the buyer and the operator see the tracking; another resident, the seller and other couriers do not', async (t) => {
  const { liu, order, c, drop } = await onTheWay();
  await report(c, north(drop, 1));
  t.deepEqual((await tracking(liu.client, order.id)).courier_position, north(drop, 1));
  t.deepEqual((await tracking(operator, order.id)).courier_position, north(drop, 1));
  const stranger = await buyer();
  const other = await courier();
  for (const [who, client] of [
    ['another resident', stranger.client],
    ['the seller', store],
    ['another courier', other.client],
  ] as const)
    t.is(await failureOf(tracking(client, order.id)), '404 delivery_task_not_found', who);
});

test.serial('positions are rate-limited per courier: 429 too_many_positions, other couriers unaffected', async (t) => {
  const a = await courier();
  const b = await courier();
  const p = { lat: 30.28, lng: 120.12 };
  for (let i = 0; i < 8; i++) await report(a, p);
  t.is(await failureOf(report(a, p)), '429 too_many_positions');
  t.like(await report(b, p), { kept: false });
});

test.serial('each accepted position reaches the buyer and the operators on another API instance; nobody else', async (t) => {
  const { order, c, drop } = await onTheWay();
  const second = await startStack({ REDIS_KEY_PREFIX: stack.api.redis.options.keyPrefix! }, { dbName: stack.dbName });
  try {
    const liu2 = await second.login('demo-resident-2');
    const op2 = await second.login('demo-operator-1');
    const stranger = await buyer();
    const sockets = [
      listenRealtime(second.apiUrl, liu2.token),
      listenRealtime(second.apiUrl, op2.token),
      listenRealtime(second.apiUrl, stranger.token),
    ];
    await Promise.all(sockets.map((s) => s.ready));
    const [liu, op, other] = sockets as [(typeof sockets)[0], (typeof sockets)[0], (typeof sockets)[0]];
    const mine = (s: typeof liu) => () =>
      Promise.resolve(s.events.find((e) => e.type === DELIVERY_POSITION_EVENT && e.order_id === order.id && e.courier_position));
    await report(c, north(drop, 1.2), minutesFromNow(-1));
    const live = (await until('the position on instance 2', mine(liu), 5000)) as unknown as OrderTracking;
    t.deepEqual(live.courier_position, north(drop, 1.2));
    t.true((live.eta_minutes ?? 0) >= 1);
    await until('the operator’s copy on instance 2', mine(op), 5000);
    await report(c, north(drop, 0.6), minutesFromNow(0));
    await until('the second position', async () => liu.events.filter((e) => e.order_id === order.id).length >= 2, 5000);
    t.false(
      other.events.some((e) => e.type === DELIVERY_POSITION_EVENT),
      'another resident gets nothing',
    );
    // A refused jump sends nothing.
    const count = liu.events.length;
    t.is(await failureOf(report(c, north(drop, 40), minutesFromNow(0))), '422 position_jump');
    t.is(liu.events.length, count);
    for (const s of sockets) s.ws.close();
  } finally {
    await second.close();
    await second.cardGateway.close();
    await second.pay.close();
  }
});

test.serial('a WGS-84 fix (the H5 build) is stored and shown in GCJ-02; a GCJ-02 fix (the mini-program) as it is', async (t) => {
  const { liu, order, c, drop } = await onTheWay();
  const wgs = north(drop, 0.3);
  await c.client.call(routes.reportMyPosition, { body: { ...wgs, coord: 'wgs84', at: minutesFromNow(-2) } });
  const shown = (await tracking(liu.client, order.id)).courier_position!;
  t.deepEqual(shown, wgs84ToGcj02(wgs));
  // Around Hangzhou the offset is some hundreds of metres: a fix left unconverted would be visibly off the road.
  t.true(Math.abs(shown.lng - wgs.lng) > 0.003 && Math.abs(shown.lat - wgs.lat) > 0.001, JSON.stringify({ wgs, shown }));
  const gcj = north(drop, 0.25);
  await c.client.call(routes.reportMyPosition, { body: { ...gcj, coord: 'gcj02' } });
  t.deepEqual((await tracking(liu.client, order.id)).courier_position, gcj);
});

test('the WGS-84 → GCJ-02 transform matches published reference pairs, and leaves places outside China alone', (t) => {
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;
  for (const [wgsLat, wgsLng, gcjLat, gcjLng] of [
    // eviltransform's test pairs (Shanghai, Shenzhen, Beijing) and coordtransform's (Tiananmen).
    [31.1774276, 121.5272106, 31.17530398364597, 121.531541859215],
    [22.543847, 113.912316, 22.540796131694766, 113.9171764808363],
    [39.911954, 116.377817, 39.91334545536069, 116.38404722455657],
    [39.915, 116.404, 39.91640428150164, 116.41024449916938],
  ] as const) {
    const g = wgs84ToGcj02({ lat: wgsLat, lng: wgsLng });
    t.true(close(g.lat, gcjLat) && close(g.lng, gcjLng), JSON.stringify({ wgsLat, wgsLng, g }));
  }
  t.deepEqual(wgs84ToGcj02({ lat: 51.5, lng: -0.12 }), { lat: 51.5, lng: -0.12 });
});
