/**
 * GET /couriers/me/route (issue 13 §5): the courier's held tasks as an ordered list of stops — each pickup before its
 * drop, expected arrivals in order — planned from the live position, and planned again after every claim and pickup.
 */
import test from 'ava';
import { routes, type CourierRoute } from '@cc/shared';
import { courier, readyOrder } from '../support/delivery';
import { buyer, key, stack, useOrdersStack } from '../support/orders-stack';
import { failureOf } from '../support/outcome';
import { raw } from '../support/stack';

useOrdersStack({ env: { DELIVERY_MAX_TASKS_PER_COURIER: '20' } });

/** Each task's pickup comes before its drop, and every expected arrival is no earlier than the one before. */
function inOrder(r: CourierRoute): boolean {
  const picked = new Set<string>();
  for (const [k, s] of r.stops.entries()) {
    if (s.seq !== k + 1) return false;
    if (k > 0 && Date.parse(s.expected_arrival_at) < Date.parse(r.stops[k - 1]!.expected_departure_at)) return false;
    if (s.kind === 'pickup') picked.add(s.task_id);
    else if (r.stops.some((x) => x.kind === 'pickup' && x.task_id === s.task_id) && !picked.has(s.task_id)) return false;
  }
  return true;
}

test.serial('a courier holding three tasks gets six stops in a valid order from the live position; a pickup replans', async (t) => {
  const c = await courier();
  const empty = await c.client.call(routes.getMyRoute, { query: {} });
  t.like(empty, { stops: [], feasible: true, vehicle: 'ebike' });

  const made = [await readyOrder(), await readyOrder(), await readyOrder()];
  for (const m of made) await c.client.call(routes.claimDeliveryTask, { params: { task_id: m.task.id }, body: {}, idempotencyKey: key() });
  const here = { lat: 30.2801, lng: 120.1302 };
  await c.client.call(routes.reportMyPosition, { body: here });

  const route = await c.client.call(routes.getMyRoute, { query: { vehicle: 'tricycle' } });
  t.is(route.vehicle, 'tricycle');
  t.like(route.start, { from: 'last_position', location: here });
  t.is(route.stops.length, 6);
  t.true(inOrder(route), JSON.stringify(route.stops.map((s) => [s.kind, s.task_id])));
  // Travel, waiting and service are reported apart; each is rounded on its own, so the sum may be off by a minute or two.
  const parts = route.travel_minutes + route.waiting_minutes + route.service_minutes;
  t.true(Math.abs(route.total_minutes - parts) <= 2, JSON.stringify(route));
  t.is(route.service_minutes, 3 * 3 + 3 * 2, 'three pickups of 3 min and three drops of 2 min');
  const sorted = (xs: string[]) => [...new Set(xs)].sort();
  t.deepEqual(sorted(route.stops.map((s) => s.task_id)), sorted(made.map((m) => m.task.id)));
  t.deepEqual(sorted(route.stops.map((s) => s.order_id)), sorted(made.map((m) => m.order.id)));
  t.true(route.stops.every((s) => s.window.latest !== null && s.late_minutes >= 0));

  const first = made[0]!;
  await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: first.task.id }, body: { code: first.codes.pickup } });
  const after = await c.client.call(routes.getMyRoute, { query: {} });
  t.is(after.stops.length, 5, 'the picked-up task keeps only its drop');
  t.deepEqual(
    after.stops.filter((s) => s.task_id === first.task.id).map((s) => s.kind),
    ['drop'],
  );
  t.true(inOrder(after));

  await c.client.call(routes.releaseDeliveryTask, { params: { task_id: made[2]!.task.id }, body: { reason: '车坏了' } });
  t.is((await c.client.call(routes.getMyRoute, { query: {} })).stops.length, 3, 'a released task leaves the route');
});

test.serial('only couriers have a route; a bad vehicle is a 400 problem', async (t) => {
  const resident = await buyer();
  t.is(await failureOf(resident.client.call(routes.getMyRoute, { query: {} })), '403 forbidden_role');
  const c = await courier();
  const res = await raw(`${stack.apiUrl}/api/v1/couriers/me/route?vehicle=rocket`, { headers: { authorization: `Bearer ${c.token}` } });
  t.is(res.status, 400);
  t.is(res.body?.code, 'validation_failed');
  t.regex(res.headers.get('content-type') ?? '', /application\/problem\+json/);
});
