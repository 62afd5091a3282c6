/**
 * Delivery slots and pickup (issue 5 §3): weekly templates and date exceptions in Asia/Shanghai, capacity raced by
 * many checkouts at once (never overbooked), idempotent seats per order, release, cut-off, pickup opening hours,
 * and who may change what.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { seedDemo } from '@cc/api';
import { deliveryModels } from '@cc/api/delivery/models';
import { createSlotService } from '@cc/api/delivery/slots';
import { fromShanghai, routes, type ApiClient, type Station } from '@cc/shared';
import { startStack, type Stack } from '../support/stack';
import { failureOf } from '../support/outcome';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
let operator: ApiClient;
let otherOperator: ApiClient;

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
  operator = (await stack.login('demo-operator-1')).client;
  otherOperator = (await stack.login('demo-operator-2')).client;
});
test.after.always(() => stack?.stop());

/** A slot service on the test database with its own clock, so cut-offs do not depend on when the suite runs. */
function slotsAt(isoNow: string) {
  const stationsOf = async (community_id: string): Promise<Station[]> =>
    (await stack.client.call(routes.listStations, { params: { community_id }, query: { limit: 100 } })).items;
  return createSlotService({ models: deliveryModels(stack.api.conn), stationsOf, now: () => new Date(isoNow) });
}

/** A community of its own per test, so templates do not mix. */
async function freshCommunity(): Promise<string> {
  const admin = (await stack.login('demo-admin-1')).client;
  const c = await admin.call(routes.createCommunity, {
    body: {
      code: `slots-${randomUUID().slice(0, 8)}`,
      name: '测试社区',
      kind: 'community',
      city: '杭州市',
      district: '西湖区',
      address: '测试路 1 号',
      location: { lat: 30.28, lng: 120.12 },
      hotline: '0571-96345',
    },
  });
  return c.id;
}

test('weekly windows in Shanghai time; a closed holiday and a market day with its own windows', async (t) => {
  const community_id = seed.communities.wenxin;
  await operator.call(routes.createSlotTemplate, {
    params: { community_id },
    body: { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '11:00', capacity: 30, cutoff_minutes: 120 },
  });
  await operator.call(routes.createSlotTemplate, {
    params: { community_id },
    body: { weekdays: [6, 7], start: '16:00', end: '18:00', capacity: 20, cutoff_minutes: 60 },
  });
  // 2027-03-01 is a Monday, 2027-03-06 a Saturday.
  const week = await stack.client.call(routes.listSlots, { params: { community_id }, query: { from: '2027-03-01', days: 7 } });
  const monday = week.items.filter((s) => s.date === '2027-03-01');
  t.true(monday.some((s) => s.start === '09:00' && s.end === '11:00' && s.capacity >= 30));
  const nine = monday.find((s) => s.start === '09:00');
  t.is(nine?.starts_at, '2027-03-01T01:00:00.000Z', '09:00 in Shanghai is 01:00 UTC');
  t.is(nine?.cutoff_at, '2027-02-28T23:00:00.000Z', 'two hours before');
  t.is(nine?.slot_key, '2027-03-01/09:00-11:00');
  t.false(
    week.items.some((s) => s.date === '2027-03-06' && s.start === '09:00'),
    'weekday template not on Saturday',
  );
  t.true(week.items.some((s) => s.date === '2027-03-06' && s.start === '16:00'));

  await operator.call(routes.setSlotException, {
    params: { community_id, date: '2027-03-02' },
    body: { kind: 'closed', reason: '社区活动停送' },
  });
  await operator.call(routes.setSlotException, {
    params: { community_id, date: '2027-03-03' },
    body: { kind: 'windows', reason: '集市日', windows: [{ start: '07:00', end: '09:00', capacity: 80, cutoff_minutes: 30 }] },
  });
  const after = await stack.client.call(routes.listSlots, { params: { community_id }, query: { from: '2027-03-01', days: 3 } });
  t.deepEqual(
    after.items.filter((s) => s.date !== '2027-03-01').map((s) => `${s.date} ${s.start}-${s.end} ×${s.capacity}`),
    ['2027-03-03 07:00-09:00 ×80'],
  );
  await operator.call(routes.deleteSlotException, { params: { community_id, date: '2027-03-02' } });
  const back = await stack.client.call(routes.listSlots, { params: { community_id }, query: { from: '2027-03-02', days: 1 } });
  t.true(back.items.some((s) => s.start === '09:00'));
});

test('200 checkouts race for a window of 20 seats: exactly 20 get one, the rest are told it is full', async (t) => {
  const community_id = await freshCommunity();
  const admin = (await stack.login('demo-admin-1')).client;
  await admin.call(routes.createSlotTemplate, {
    params: { community_id },
    body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '20:00', capacity: 20, cutoff_minutes: 60 },
  });
  const slots = slotsAt('2027-03-01T00:00:00Z');
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      slots.book(community_id, '2027-03-02/18:00-20:00', `ord_race_${i}`).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      ),
    ),
  );
  t.is(results.filter((r) => r === 'ok').length, 20);
  t.is(results.filter((r) => r === 'slot_full').length, 180);
  const listed = await slots.listSlots(community_id, { from: '2027-03-02', days: 1 });
  t.like(listed.items[0], { remaining: 0, unavailable: 'full' });
  const held = await stack.api.conn.collection('delivery_slot_bookings').countDocuments({ community_id, status: 'held' });
  t.is(held, 20);

  // Three orders cancelled: exactly three seats come back, however many try.
  const winners = results.flatMap((r, i) => (r === 'ok' ? [`ord_race_${i}`] : []));
  await Promise.all(winners.slice(0, 3).flatMap((h) => [slots.release(h), slots.release(h)]));
  const second = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      slots.book(community_id, '2027-03-02/18:00-20:00', `ord_second_${i}`).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      ),
    ),
  );
  t.is(second.filter((r) => r === 'ok').length, 3);
  t.is(await stack.api.conn.collection('delivery_slot_bookings').countDocuments({ community_id, status: 'held' }), 20);
});

test('one order holds one seat however often its checkout is replayed; a raised capacity applies at once', async (t) => {
  const community_id = await freshCommunity();
  const admin = (await stack.login('demo-admin-1')).client;
  const tpl = await admin.call(routes.createSlotTemplate, {
    params: { community_id },
    body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '10:00', end: '12:00', capacity: 2, cutoff_minutes: 0 },
  });
  const slots = slotsAt('2027-03-01T00:00:00Z');
  await Promise.all(Array.from({ length: 10 }, () => slots.book(community_id, '2027-03-05/10:00-12:00', 'ord_same')));
  const listed = await slots.listSlots(community_id, { from: '2027-03-05', days: 1 });
  t.is(listed.items[0]?.remaining, 1);
  await slots.book(community_id, '2027-03-05/10:00-12:00', 'ord_other');
  t.is(await failureOf(slots.book(community_id, '2027-03-05/10:00-12:00', 'ord_third')), '409 slot_full');
  await admin.call(routes.updateSlotTemplate, { params: { template_id: tpl.id }, body: { capacity: 3 } });
  await slots.book(community_id, '2027-03-05/10:00-12:00', 'ord_third');
  t.is(await failureOf(slots.book(community_id, '2027-03-05/10:00-12:00', 'ord_fourth')), '409 slot_full');
});

test('cut-off, unknown windows and closed days are refused', async (t) => {
  const community_id = await freshCommunity();
  const admin = (await stack.login('demo-admin-1')).client;
  await admin.call(routes.createSlotTemplate, {
    params: { community_id },
    body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '11:00', capacity: 5, cutoff_minutes: 120 },
  });
  // 06:59 Shanghai on 2027-03-01: the 09:00 window closed at 07:00 — one minute left.
  const justBefore = slotsAt(fromShanghai('2027-03-01', '06:59').toISOString());
  await justBefore.book(community_id, '2027-03-01/09:00-11:00', 'ord_in_time');
  const justAfter = slotsAt(fromShanghai('2027-03-01', '07:00').toISOString());
  t.is(await failureOf(justAfter.book(community_id, '2027-03-01/09:00-11:00', 'ord_late')), '409 slot_cut_off');
  t.like((await justAfter.listSlots(community_id, { from: '2027-03-01', days: 1 })).items[0], { unavailable: 'cut_off' });
  t.is(await failureOf(justAfter.book(community_id, '2027-03-02/08:00-09:00', 'ord_x')), '400 slot_unknown');
  await admin.call(routes.setSlotException, { params: { community_id, date: '2027-03-03' }, body: { kind: 'closed', reason: '停送' } });
  t.is(await failureOf(justAfter.book(community_id, '2027-03-03/09:00-11:00', 'ord_y')), '400 slot_unknown');
});

test('pickup: only a station of the community, on a day it opens, not after it closed', async (t) => {
  const slots = slotsAt(fromShanghai('2026-12-07', '18:00').toISOString());
  const jingshan = seed.communities.jingshan;
  const station = (await stack.client.call(routes.listStations, { params: { community_id: jingshan }, query: {} })).items[0];
  if (!station) throw new Error('seed has a station in 径山村');
  // 2026-12-12 is a Saturday (open 08:30–17:30), 2026-12-13 a Sunday (closed).
  t.like(await slots.checkPickup(jingshan, station.id, '2026-12-12'), { open: '08:30', close: '17:30', name: station.name });
  t.is(await failureOf(slots.checkPickup(jingshan, station.id, '2026-12-13')), '409 pickup_closed');
  t.is(await failureOf(slots.checkPickup(jingshan, station.id, '2026-12-07')), '409 pickup_closed', 'closed at 17:30, it is 18:00');
  t.is(await failureOf(slots.checkPickup(seed.communities.wenxin, station.id, '2026-12-12')), '400 pickup_station_unknown');
  const windows = await slots.listPickupWindows(jingshan, { from: '2026-12-12', days: 2 });
  t.deepEqual(
    windows.items.filter((w) => w.station_id === station.id).map((w) => w.date),
    ['2026-12-12'],
  );
});

test('only the community’s operators change slots; bad windows are refused and nothing is written', async (t) => {
  const community_id = seed.communities.wenxin;
  const body = { weekdays: [1], start: '12:00', end: '13:00', capacity: 5, cutoff_minutes: 30 };
  t.is(await failureOf(otherOperator.call(routes.createSlotTemplate, { params: { community_id }, body })), '403 forbidden_scope');
  const resident = (await stack.login('demo-resident-1')).client;
  t.is(await failureOf(resident.call(routes.createSlotTemplate, { params: { community_id }, body })), '403 forbidden_role');
  const before = await stack.api.conn.collection('delivery_slot_templates').countDocuments({ community_id });
  const bad = await fetch(`${stack.apiUrl}/api/v1/communities/${community_id}/slot-templates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${(await stack.login('demo-operator-1')).token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, start: '13:00', end: '12:00' }),
  });
  t.is(bad.status, 400);
  const exception = await fetch(`${stack.apiUrl}/api/v1/communities/${community_id}/slot-exceptions/2027-02-30`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${(await stack.login('demo-operator-1')).token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'closed', reason: '不存在的日期' }),
  });
  t.is(exception.status, 400);
  t.is(await stack.api.conn.collection('delivery_slot_templates').countDocuments({ community_id }), before);
});

test('the demo seed gives 益乐社区 two daily windows and the villages their market-run days, once however often it runs', async (t) => {
  // Its own stack: the other tests count this database's templates.
  const own = await startStack();
  try {
    const modules = { identity: own.api.identity, wallet: own.api.wallet, delivery: own.api.delivery };
    const first = await seedDemo(modules);
    await seedDemo(modules);
    const count = (community_id: string) => own.api.conn.collection('delivery_slot_templates').countDocuments({ community_id });
    t.is(await count(first.communities.wenxin), 2);
    t.is(await count(first.communities.jingshan), 1);
    t.is(await count(first.communities.baisha), 1);
    // 2027-03-02 is a Tuesday: the village run is on, and orders for it close the day before.
    const run = await own.client.call(routes.listSlots, {
      params: { community_id: first.communities.jingshan },
      query: { from: '2027-03-02', days: 1 },
    });
    t.like(run.items[0], { start: '14:00', end: '17:00', capacity: 20, cutoff_at: '2027-03-01T06:00:00.000Z' });
  } finally {
    await own.stop();
  }
});
