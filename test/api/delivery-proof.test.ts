/**
 * Proof of delivery and village trips (issue 13 §1, §3): a photo instead of the code only for an accepted reason with
 * the courier's own upload and never past a locked code; a village station's parcels grouped into one trip per slot,
 * claimed whole exactly once however many couriers race; left at the station with a photo (the fee paid there); and
 * collected by the buyer at that station's kiosk with a citizen-card session — the tap closes the task and delivers
 * the order; anyone else's parcel is refused and nothing changes. The books check runs after the suite.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { failureOf } from '../support/outcome';
import { courier, readyOrder, storedTask, wrongCode, type Courier } from '../support/delivery';
import { key, operator, seed, stack, useOrdersStack } from '../support/orders-stack';
import { raw } from '../support/stack';
import { CHEN, cardAt, photoBy, village, villageOrder } from '../support/village';
import { DEMO_WALLETS } from '@cc/api';

useOrdersStack({ env: { ORDER_AUTO_CONFIRM_SECONDS: '3600', DELIVERY_MAX_TASKS_PER_COURIER: '6' } });

const WANG = DEMO_WALLETS.find((w) => w.openid === 'demo-resident-1')!;
const tasks = () => stack.api.conn.collection('delivery_tasks');

test.serial('photo instead of the code: a reason and a note, the courier’s own photo, never past a locked code', async (t) => {
  const { liu, order, task, codes } = await readyOrder();
  const c = await courier();
  await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
  await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: task.id }, body: { code: codes.pickup } });
  const mine = await photoBy(c.client);
  const theirs = await photoBy(liu.client);
  const params = { task_id: task.id };
  const body = { photo_upload_id: mine, reason: 'left_as_asked' as const, note: '电话联系后按要求放在门口鞋柜上' };
  const before = JSON.stringify(await storedTask(task.id));
  t.is(
    await failureOf(c.client.call(routes.deliverDeliveryTaskByPhoto, { params, body: { ...body, photo_upload_id: theirs } })),
    '400 upload_unknown',
  );
  t.is(
    await failureOf(c.client.call(routes.dropDeliveryTaskAtStation, { params, body: { photo_upload_id: mine } })),
    '409 not_a_station_drop',
  );
  t.is(JSON.stringify(await storedTask(task.id)), before, 'nothing changed');
  // Five wrong codes lock the code: a photo does not get round the lock.
  for (let i = 0; i < 5; i++)
    await failureOf(c.client.call(routes.deliverDeliveryTask, { params, body: { code: wrongCode(codes.delivery) } }));
  t.is(await failureOf(c.client.call(routes.deliverDeliveryTaskByPhoto, { params, body })), '423 delivery_code_locked');
  await operator.call(routes.unlockDeliveryCode, { params, body: { kind: 'delivery' } });
  const delivered = await c.client.call(routes.deliverDeliveryTaskByPhoto, { params, body });
  t.like(delivered, {
    status: 'delivered',
    fee_paid: true,
    proof_kind: 'photo',
    proof: { kind: 'photo', upload_id: mine, reason: 'left_as_asked' },
  });
  t.regex(delivered.history.at(-1)?.reason ?? '', /按收件人要求放在门口/);
  t.is((await liu.client.call(routes.getOrder, { params: { order_id: order.id } })).status, 'delivered');
  t.like(await c.client.call(routes.getMyDuty, {}), { active_tasks: 0 });
  // The buyer's own view says how it was proven.
  t.is((await liu.client.call(routes.getOrderDelivery, { params: { order_id: order.id } })).proof_kind, 'photo');
});

test.serial('a code delivery records its proof as the code', async (t) => {
  const { task, codes } = await readyOrder();
  const c = await courier();
  await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
  await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: task.id }, body: { code: codes.pickup } });
  const done = await c.client.call(routes.deliverDeliveryTask, { params: { task_id: task.id }, body: { code: codes.delivery } });
  t.is(done.proof_kind, 'code');
});

let made: Awaited<ReturnType<typeof villageOrder>>[] = [];
let trip_id: string | null = null;
let winner: Courier;

test.serial('a village trip: one per station and slot, claimed whole exactly once by racing couriers', async (t) => {
  const v = await village();
  made = [await villageOrder(), await villageOrder(), await villageOrder()];
  trip_id = made[0]!.task.trip_id;
  t.truthy(trip_id);
  t.true(made.every((m) => m.task.trip_id === trip_id && m.task.drop.station_id === v.station_id));
  const racers = await Promise.all(Array.from({ length: 8 }, () => courier(seed.communities.jingshan)));
  const open = await racers[0]!.client.call(routes.listOpenDeliveryTrips, {});
  const trip = open.items.find((x) => x.id === trip_id)!;
  t.true(made.every((m) => trip.task_ids.includes(m.task.id)));
  t.is(
    await failureOf(
      racers[0]!.client.call(routes.claimDeliveryTask, { params: { task_id: made[0]!.task.id }, body: {}, idempotencyKey: key() }),
    ),
    '409 task_in_trip',
    'a trip’s parcel is not claimed alone',
  );
  const outcomes = await Promise.all(
    racers.map((r) =>
      r.client.call(routes.claimDeliveryTrip, { params: { trip_id: trip_id! }, body: {}, idempotencyKey: key() }).then(
        () => 'won',
        (e) => failureOf(Promise.reject(e)),
      ),
    ),
  );
  t.is(outcomes.filter((o) => o === 'won').length, 1, outcomes.join());
  t.true(
    outcomes.filter((o) => o !== 'won').every((o) => o === '409 trip_taken'),
    outcomes.join(),
  );
  winner = racers[outcomes.indexOf('won')]!;
  const duties = await Promise.all(racers.map((r) => r.client.call(routes.getMyDuty, {})));
  t.deepEqual(
    duties.map((d) => d.active_tasks).sort(),
    [0, 0, 0, 0, 0, 0, 0, trip.task_ids.length].sort(),
    'the winner holds one unit per parcel; the losers none',
  );
  for (const id of trip.task_ids) t.like(await storedTask(id), { status: 'claimed', courier_id: winner.user_id });
});

test.serial('the trip picked up and left at the village station with one photo: the fee is paid, the order still on its way', async (t) => {
  const racers = [winner, await courier(seed.communities.jingshan)];
  for (const m of made)
    await winner.client.call(routes.pickUpDeliveryTask, { params: { task_id: m.task.id }, body: { code: m.pickupCode } });
  const photo = await photoBy(winner.client);
  t.is(
    await failureOf(
      winner.client.call(routes.deliverDeliveryTaskByPhoto, {
        params: { task_id: made[0]!.task.id },
        body: { photo_upload_id: photo, reason: 'no_code_in_person', note: '村口遇到本人' },
      }),
    ),
    '409 photo_proof_not_allowed',
  );
  const loser = racers[1]!;
  t.is(
    await failureOf(
      loser.client.call(routes.dropDeliveryTripAtStation, { params: { trip_id: trip_id! }, body: { photo_upload_id: photo } }),
    ),
    '403 not_your_task',
  );
  const dropped = await winner.client.call(routes.dropDeliveryTripAtStation, {
    params: { trip_id: trip_id! },
    body: { photo_upload_id: photo },
  });
  t.is(dropped.dropped, made.length);
  for (const m of made) {
    t.like(await storedTask(m.task.id), { status: 'at_station', fee_paid: true, station_drop: { upload_id: photo } });
    t.is((await m.chen.client.call(routes.getOrder, { params: { order_id: m.order.id } })).status, 'out_for_delivery');
  }
  t.like(await winner.client.call(routes.getMyDuty, {}), { active_tasks: 0 });
});

test.serial(
  '取件 at the village kiosk by card tap: only the buyer, only at that station; the tap closes the task and the order',
  async (t) => {
    const v = await village();
    const wang = await cardAt(v.kiosk, WANG);
    t.deepEqual((await wang.call(routes.kioskListParcels, {})).items, []);
    const first = made[0]!;
    const before = JSON.stringify(await storedTask(first.task.id));
    t.is(await failureOf(wang.call(routes.kioskCollectParcel, { params: { task_id: first.task.id }, body: {} })), '404 parcel_not_found');
    const chenInTown = await cardAt(seed.kiosk, CHEN);
    t.deepEqual((await chenInTown.call(routes.kioskListParcels, {})).items, [], 'not waiting at another station');
    t.is(
      await failureOf(chenInTown.call(routes.kioskCollectParcel, { params: { task_id: first.task.id }, body: {} })),
      '404 parcel_not_found',
    );
    t.is(JSON.stringify(await storedTask(first.task.id)), before, 'nothing changed');

    const chen = await cardAt(v.kiosk, CHEN);
    const parcels = (await chen.call(routes.kioskListParcels, {})).items;
    t.deepEqual(parcels.map((p) => p.task_id).sort(), made.map((m) => m.task.id).sort());
    t.like(
      parcels.find((p) => p.task_id === first.task.id),
      { order_number: first.order.number, seller: '俞桂芳生态农场' },
    );
    t.like(parcels[0]?.items[0], { name: '径山冬笋（现挖）', quantity: 1 });
    const taps = await Promise.all(
      [1, 2, 3].map(() => chen.call(routes.kioskCollectParcel, { params: { task_id: first.task.id }, body: {} })),
    );
    t.true(
      taps.every((x) => x.order_number === first.order.number),
      'a double tap collects once',
    );
    const closed = await storedTask(first.task.id);
    t.like(closed, { status: 'delivered', proof: { kind: 'card', kiosk_id: v.kiosk.id } });
    t.is(closed?.history.filter((h: { action: string }) => h.action === 'collect').length, 1);
    const o = await first.chen.client.call(routes.getOrder, { params: { order_id: first.order.id } });
    t.is(o.status, 'delivered');
    t.is((await chen.call(routes.kioskListParcels, {})).items.length, made.length - 1);
  },
);

test.serial('bad input → 400 problem+json, nothing written', async (t) => {
  const v = await village();
  const person = await stack.login(`courier-bad-${key()}`);
  await v.admin.call(routes.grantRole, {
    params: { user_id: person.user_id },
    body: { role: 'courier', community_id: seed.communities.wenxin },
  });
  await person.client.call(routes.setMyDuty, { body: { on_duty: true, community_id: seed.communities.wenxin } });
  const { task } = await readyOrder();
  await person.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
  const before = JSON.stringify(await storedTask(task.id));
  const photo = await photoBy(person.client);
  const post = (path: string, body: unknown) =>
    raw(`${stack.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${person.token}`, 'idempotency-key': key() },
      body: JSON.stringify(body),
    });
  const cases: [string, unknown][] = [
    [`/api/v1/delivery-tasks/${task.id}/deliver-by-photo`, { photo_upload_id: photo, reason: 'tired', note: '放门口' }],
    [`/api/v1/delivery-tasks/${task.id}/deliver-by-photo`, { photo_upload_id: photo, reason: 'left_as_asked' }],
    [`/api/v1/delivery-tasks/${task.id}/deliver-by-photo`, { photo_upload_id: 'upl_x', reason: 'left_as_asked', note: '放门口' }],
    [`/api/v1/delivery-tasks/${task.id}/deliver-by-photo`, { photo_upload_id: photo, reason: 'left_as_asked', note: '放门口', x: 1 }],
    [`/api/v1/delivery-tasks/${task.id}/drop-at-station`, { photo_upload_id: photo, position: { lat: 91, lng: 0 } }],
    [`/api/v1/delivery-tasks/dlv_nope/drop-at-station`, { photo_upload_id: photo }],
    ['/api/v1/delivery-trips/trp_nope/claim', {}],
    ['/api/v1/delivery-trips/trp_nope/drop-at-station', { photo_upload_id: photo }],
  ];
  for (const [path, body] of cases) {
    const res = await post(path, body);
    t.is(res.status, 400, `${path} ${JSON.stringify(body)}: ${res.text}`);
    t.regex(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  }
  // The kiosk routes without a card session: refused.
  const k = await raw(`${stack.apiUrl}/api/v1/kiosk/parcels/${task.id}/collect`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Terminal ${v.kiosk.id}:${v.kiosk.secret}` },
    body: '{}',
  });
  t.is(k.status, 401, k.text);
  t.is(JSON.stringify(await storedTask(task.id)), before);
  t.is(await tasks().countDocuments({ order_id: task.order_id, proof: { $ne: null } }), 0);
});

test.serial('a village trip still open at its deadline is dispatched whole to one courier with room for all of it', async (t) => {
  const parcels = [await villageOrder(), await villageOrder()];
  const id = parcels[0]!.task.trip_id!;
  t.true(parcels.every((p) => p.task.trip_id === id));
  t.not(id, trip_id, 'a new trip: the first one was claimed');
  const duty = () => stack.api.conn.collection('delivery_courier_duty');
  const before = new Map((await duty().find().toArray()).map((d) => [String(d._id), d.active_tasks as number]));
  // Both parcels' deadline jobs fire; the first sends the whole trip, the second finds it gone.
  const [first, second] = await Promise.all(parcels.map((p) => stack.api.delivery.tasks.dispatchDue(p.task.id)));
  const courier_id = first!.courier_id ?? second!.courier_id;
  t.truthy(courier_id);
  const trip = await stack.api.conn.collection('delivery_trips').findOne({ _id: id as never });
  t.like(trip, { status: 'claimed', courier_id });
  for (const p of parcels) {
    const task = await storedTask(p.task.id);
    t.like(task, { status: 'claimed', courier_id });
    t.like((task!.history as { action: string; actor_role: string }[]).at(-1), { action: 'dispatch', actor_role: 'system' });
  }
  const after = await duty().findOne({ _id: courier_id as never });
  t.is(after!.active_tasks, (before.get(courier_id!) ?? 0) + trip!.task_count, 'one unit per parcel, taken once');
  t.deepEqual(await stack.api.delivery.tasks.dispatchDue(parcels[1]!.task.id), { courier_id }, 'a later job changes nothing');
});
