import { fromShanghai, type CourierRoute, type DeliveryVehicle } from '@cc/shared';
import type { CourierDutyDoc, DeliveryTaskDoc, LatLngDoc, TaskModels } from '../tasks/models';
import { planRoute, type PlannedStop } from './solve';
import { ROAD_FACTOR, VEHICLES } from './vehicles';

/** Minutes at a stop: handing over goods and reading the code (pickup), finding the door and the code (drop). */
const PICKUP_SERVICE_MS = 3 * 60_000;
const DROP_SERVICE_MS = 2 * 60_000;
const HELD_STATUSES = ['claimed', 'picked_up'];

/** The slot "2026-12-05/17:00-19:00" as its Shanghai start and end instants. */
function slotWindow(slot_key: string): { start_ms: number; end_ms: number } {
  const [date, range] = slot_key.split('/') as [string, string];
  const [from, to] = range.split('-') as [string, string];
  return { start_ms: fromShanghai(date, from).getTime(), end_ms: fromShanghai(date, to).getTime() };
}

/** The courier's latest position recorded on a step of a task they hold (a pickup, say), when no live one is known. */
function lastPosition(tasks: DeliveryTaskDoc[], courier_id: string): LatLngDoc | null {
  let best: { at: number; position: LatLngDoc } | null = null;
  for (const t of tasks)
    for (const h of t.history)
      if (h.actor_id === courier_id && h.position && (!best || h.at.getTime() > best.at))
        best = { at: h.at.getTime(), position: h.position };
  return best?.position ?? null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const minutes = (ms: number) => Math.round(ms / 60_000);
const NO_MINUTES = { travel_minutes: 0, waiting_minutes: 0, service_minutes: 0, total_minutes: 0 };

/**
 * The courier's planned route: the stops of the tasks they hold — pickup and drop of a claimed task, only the drop of
 * one picked up — in the solver's order, with the expected arrival at each, from where the courier is now.
 *
 * Computed on every read rather than stored: the plan is a pure function of the held tasks, the start and the
 * clock, so "recomputed on every claim, release and pickup" holds by construction — the next read after any of them
 * sees the new set of tasks — and no stored plan can go stale. It is cheap: a courier holds a handful of tasks (the
 * per-courier maximum), which the solver plans exactly in well under a millisecond to a few milliseconds.
 */
export async function courierRoute(
  models: TaskModels,
  courier_id: string,
  q: { vehicle: DeliveryVehicle },
  /** The live position the courier last reported (tracking.ts, Redis), which beats any older one. */
  live: LatLngDoc | null,
  now = new Date(),
): Promise<CourierRoute> {
  const tasks = await models.Task.find({ courier_id, status: { $in: HELD_STATUSES } })
    .sort({ _id: 1 })
    .lean<DeliveryTaskDoc[]>();
  const duty = await models.Duty.findById(courier_id).lean<CourierDutyDoc>();
  const last = live ? { lat: live.lat, lng: live.lng } : lastPosition(tasks, courier_id);
  const from = last ? 'last_position' : duty?.home ? 'home' : 'first_stop';
  const first = tasks[0] ? (tasks[0].status === 'claimed' ? tasks[0].pickup : tasks[0].drop).location : null;
  const location = last ?? duty?.home ?? first;
  const start = { location, at: now.toISOString(), from } as const;
  if (!location) return { vehicle: q.vehicle, start, stops: [], ...NO_MINUTES, feasible: true };
  const plan = planRoute({
    start: { location, at_ms: now.getTime() },
    vehicle: VEHICLES[q.vehicle],
    road_factor: ROAD_FACTOR,
    tasks: tasks.map((t) => {
      const w = slotWindow(t.slot_key);
      const pickup = { location: t.pickup.location, latest_ms: w.end_ms, service_ms: PICKUP_SERVICE_MS };
      const drop = { location: t.drop.location, earliest_ms: w.start_ms, latest_ms: w.end_ms, service_ms: DROP_SERVICE_MS };
      return { id: t._id, pickup: t.status === 'claimed' ? pickup : null, drop };
    }),
  });
  const byId = new Map(tasks.map((t) => [t._id, t]));
  const stops = plan.stops.map((s, k) => toStop(s, k, byId.get(s.task_id)!));
  const totals = {
    travel_minutes: minutes(plan.travel_ms),
    waiting_minutes: minutes(plan.waiting_ms),
    service_minutes: minutes(plan.service_ms),
    total_minutes: minutes(plan.total_duration_ms),
  };
  return { vehicle: q.vehicle, start, stops, ...totals, feasible: plan.feasible };
}

function toStop(s: PlannedStop, k: number, t: DeliveryTaskDoc): CourierRoute['stops'][number] {
  const place = s.kind === 'pickup' ? t.pickup : t.drop;
  return {
    seq: k + 1,
    task_id: t._id,
    order_id: t.order_id,
    kind: s.kind,
    label: place.label,
    address: place.address,
    location: place.location,
    window: { earliest: iso(s.earliest_ms), latest: iso(s.latest_ms) },
    expected_arrival_at: new Date(s.arrival_ms).toISOString(),
    expected_departure_at: new Date(s.departure_ms).toISOString(),
    late_minutes: Math.ceil(s.late_ms / 60_000),
  };
}
