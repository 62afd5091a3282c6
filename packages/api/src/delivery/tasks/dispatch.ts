import type { TaskCtx } from './context';
import { assign } from './claim';
import { haversineM } from './geo';
import { dispatchCostM } from './ratings';
import type { CourierDutyDoc, DeliveryTaskDoc, TripDoc } from './models';
import { dispatchTrip } from './trips';
import { loadTask } from './transition';

/** While nobody can take a task, the job looks again this often until the slot starts. */
const RETRY_MS = 60_000;
const CANDIDATES_MAX = 20;

/**
 * The deadline job (派单): a task still open at its deadline goes to the on-duty courier of its community with the
 * fewest tasks, then the nearest (home station) to the pickup with better-rated couriers counted nearer (ratings.ts),
 * through the same guarded assignment as a claim — so a courier claiming at that moment and the job cannot both get
 * it, and no courier passes the maximum. When no courier can take it, it looks again a minute later until the slot
 * starts.
 */
export async function dispatchDue(C: TaskCtx, task_id: string): Promise<{ courier_id: string | null }> {
  const t = await loadTask(C, task_id).catch(() => null);
  if (!t || t.status !== 'open') return { courier_id: t?.courier_id ?? null };
  // A village trip's parcels go with their trip (trips.ts), never one by one: the first parcel's job sends the whole.
  const trip = t.trip_id ? await C.models.Trip.findById(t.trip_id).lean<TripDoc>() : null;
  if (trip && trip.status !== 'open') return { courier_id: trip.courier_id };
  for (const courier_id of await candidates(C, t, trip?.task_count ?? 1)) {
    try {
      if (trip) await dispatchTrip(C, trip._id, courier_id);
      else await assign(C, t, courier_id, { role: 'system', user_id: null });
      return { courier_id };
    } catch (err) {
      if (['task_taken', 'trip_taken'].includes((err as { code?: string }).code ?? '')) return { courier_id: null };
      // This courier filled up or went off duty meanwhile: try the next.
      if (['courier_at_capacity', 'courier_off_duty'].includes((err as { code?: string }).code ?? '')) continue;
      throw err;
    }
  }
  if (Date.now() + RETRY_MS < t.slot_starts_at.getTime())
    await C.dispatchJob.schedule(`dispatch-${t._id}-${Date.now()}`, { task_id: t._id }, new Date(Date.now() + RETRY_MS));
  return { courier_id: null };
}

/** On-duty couriers of the task's community with room for `units` more (a trip's parcels count one each). */
async function candidates(C: TaskCtx, t: DeliveryTaskDoc, units: number): Promise<string[]> {
  const duties = await C.models.Duty.find({
    community_id: t.community_id,
    on_duty: true,
    active_tasks: { $lte: C.config.maxTasksPerCourier - units },
  })
    .sort({ active_tasks: 1 })
    .limit(CANDIDATES_MAX)
    .lean<CourierDutyDoc[]>();
  const far = (d: CourierDutyDoc) => (d.home ? haversineM(d.home, t.pickup.location) : Number.MAX_SAFE_INTEGER);
  // Fewest tasks first; among equals, distance with the rating counted as distance (ratings.ts, dispatchCostM).
  const cost = (d: CourierDutyDoc) => dispatchCostM(far(d), d);
  return duties.sort((a, b) => a.active_tasks - b.active_tasks || cost(a) - cost(b)).map((d) => d._id);
}
