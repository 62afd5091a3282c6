import type { BodyOf, DeliveryTrip, routes } from '@cc/shared';
import { communitiesWithRole, hasCommunityRole, type UserActor } from '../../platform/actor';
import { conflict, forbidden, notFound } from '../../platform/problem';
import { newId } from '../../platform/ids';
import type { TaskCtx } from './context';
import { requireOnDuty } from './duty';
import type { CourierDutyDoc, DeliveryTaskDoc, TripDoc } from './models';
import { dropTaskAtStation, photoOf } from './proof';
import { applyStep, loadTask } from './transition';

const missing = () => notFound('delivery_trip_not_found', '配送车次不存在');
const taken = () => conflict('trip_taken', '手慢了，这一车已被别人接走');

export function toTrip(t: TripDoc): DeliveryTrip {
  return {
    id: t._id,
    community_id: t.community_id,
    station_id: t.station_id,
    station_name: t.station_name,
    slot_key: t.slot_key,
    slot_starts_at: t.slot_starts_at.toISOString(),
    status: t.status,
    courier_id: t.courier_id,
    task_ids: t.task_ids,
    fee_fen: t.fee_fen,
    created_at: t.created_at.toISOString(),
  };
}

/**
 * Groups a new task whose drop is a station into that station's open trip of its slot (村级配送车次), made
 * automatically — a village station runs one trip per market-run slot, so nobody has to group by hand. A trip holds at
 * most the courier maximum of parcels (any idle courier can take it whole); a full or claimed trip starts the next one
 * (seq + 1, unique per station and slot, so two tasks racing to open it make one). Each join is one guarded update on
 * an open trip: a task joins either before a claim (and is claimed with it) or after (the next trip).
 */
export async function joinTrip(C: TaskCtx, t: DeliveryTaskDoc): Promise<void> {
  const station_id = t.drop.station_id;
  if (!station_id || t.trip_id || t.status !== 'open') return;
  const { Trip, Task } = C.models;
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = new Date();
    const already = await Trip.findOne({ task_ids: t._id }).lean<TripDoc>();
    const joined =
      already ??
      (await Trip.findOneAndUpdate(
        { station_id, slot_key: t.slot_key, status: 'open', task_count: { $lt: C.config.maxTasksPerCourier } },
        { $push: { task_ids: t._id }, $inc: { task_count: 1, fee_fen: t.fee_fen }, $set: { updated_at: now } },
        { new: true, sort: { seq: -1 } },
      ).lean<TripDoc>());
    if (joined) {
      await Task.updateOne({ _id: t._id }, { $set: { trip_id: joined._id } });
      return;
    }
    const seq = (await Trip.countDocuments({ station_id, slot_key: t.slot_key })) + 1;
    const doc: TripDoc = {
      _id: newId('trp'),
      community_id: t.community_id,
      station_id,
      station_name: t.drop.label,
      slot_key: t.slot_key,
      slot_starts_at: t.slot_starts_at,
      seq,
      status: 'open',
      courier_id: null,
      task_ids: [t._id],
      task_count: 1,
      fee_fen: t.fee_fen,
      created_at: now,
      updated_at: now,
    };
    try {
      await Trip.create(doc);
      await Task.updateOne({ _id: t._id }, { $set: { trip_id: doc._id } });
      return;
    } catch (err) {
      // Another task opened trip `seq` first: join it (or the one after) on the next round.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
}

/** Open trips of the courier's communities, earliest slot first. */
export async function listOpenTrips(C: TaskCtx, actor: UserActor) {
  await requireOnDuty(C, actor.user_id);
  const communities = communitiesWithRole(actor, ['courier']);
  const rows = await C.models.Trip.find({ status: 'open', ...(communities ? { community_id: { $in: communities } } : {}) })
    .sort({ slot_starts_at: 1 })
    .limit(50)
    .lean<TripDoc[]>();
  return { items: rows.map(toTrip) };
}

async function courierTrip(C: TaskCtx, actor: UserActor, trip_id: string): Promise<TripDoc> {
  const trip = await C.models.Trip.findById(trip_id).lean<TripDoc>();
  if (!trip || (trip.courier_id !== actor.user_id && !hasCommunityRole(actor, trip.community_id, ['courier']))) throw missing();
  return trip;
}

/**
 * Takes `n` units of the courier's capacity at once: one guarded $inc whose filter holds "on duty and at most
 * max − n held", so a trip's parcels count like single tasks and no race passes the maximum.
 */
async function takeUnits(C: TaskCtx, courier_id: string, n: number): Promise<void> {
  const filter = { _id: courier_id, on_duty: true, active_tasks: { $lte: C.config.maxTasksPerCourier - n } };
  const taken = await C.models.Duty.findOneAndUpdate(filter, { $inc: { active_tasks: n } }, { new: true }).lean<CourierDutyDoc>();
  if (taken) return;
  await requireOnDuty(C, courier_id);
  throw conflict('courier_at_capacity', `这一车有 ${n} 个包裹，超出您还能接的数量`);
}
const giveUnits = (C: TaskCtx, courier_id: string, n: number) =>
  C.models.Duty.updateOne({ _id: courier_id, active_tasks: { $gte: n } }, { $inc: { active_tasks: -n } });

/**
 * 整车接单: the courier's units for every parcel first, then the trip's guarded update (`status: 'open'` and the
 * task count the units were taken for) — exactly one of any number of racers wins; the others give their units back
 * (409 trip_taken). Then each task is claimed for the winner; a retry by the winner finishes that.
 */
export async function claimTrip(C: TaskCtx, actor: UserActor, trip_id: string): Promise<DeliveryTrip> {
  const read = () => courierTrip(C, actor, trip_id);
  return toTrip(await takeTrip(C, read, actor.user_id, { role: 'courier', user_id: actor.user_id }));
}

/**
 * 派单 of a whole trip at its deadline (dispatch.ts): the same guarded units-then-trip update as a claim, for the
 * courier the job chose, recorded as the system's `dispatch`. Null when the trip is no longer open.
 */
export async function dispatchTrip(C: TaskCtx, trip_id: string, courier_id: string): Promise<TripDoc | null> {
  const read = async () => (await C.models.Trip.findById(trip_id).lean<TripDoc>()) ?? Promise.reject(missing());
  return (await read()).status === 'open' ? takeTrip(C, read, courier_id, { role: 'system', user_id: null }) : null;
}

type TripWho = { role: 'courier'; user_id: string } | { role: 'system'; user_id: null };

async function takeTrip(C: TaskCtx, read: () => Promise<TripDoc>, me: string, who: TripWho): Promise<TripDoc> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const trip = await read();
    if (trip.courier_id === me) return claimTasks(C, trip, me, who, true);
    if (trip.status !== 'open') throw taken();
    await requireOnDuty(C, me);
    await takeUnits(C, me, trip.task_count);
    const won = await C.models.Trip.findOneAndUpdate(
      { _id: trip._id, status: 'open', task_count: trip.task_count },
      { $set: { status: 'claimed', courier_id: me, updated_at: new Date() } },
      { new: true },
    ).lean<TripDoc>();
    if (won) return claimTasks(C, won, me, who, false);
    await giveUnits(C, me, trip.task_count);
    // Lost to another courier, or a task joined meanwhile (count again).
  }
  throw taken();
}

/** Claims the trip's tasks for its courier; a task someone else got meanwhile gives its unit back (first run only). */
async function claimTasks(C: TaskCtx, trip: TripDoc, me: string, who: TripWho, retry: boolean): Promise<TripDoc> {
  const action = who.role === 'system' ? 'dispatch' : 'claim';
  for (const task_id of trip.task_ids) {
    const t = await loadTask(C, task_id).catch(() => null);
    if (t?.courier_id === me) continue;
    try {
      if (!t || t.status !== 'open') throw taken();
      await applyStep(C, t, action, who, { set: { courier_id: me }, guard: { courier_id: null } });
    } catch {
      // Another run for the same courier (a second deadline job of the trip, a retry) may have claimed it first:
      // the unit is then used, not lost. Given back only when someone else has the task.
      const now = await loadTask(C, task_id).catch(() => null);
      if (!retry && now?.courier_id !== me) await giveUnits(C, me, 1);
    }
  }
  return trip;
}

/** 整车放到服务站: one photo for the trip; every parcel of it this courier has picked up is left at the station. */
export async function dropTrip(C: TaskCtx, actor: UserActor, trip_id: string, body: BodyOf<typeof routes.dropDeliveryTripAtStation>) {
  const trip = await courierTrip(C, actor, trip_id);
  if (trip.courier_id !== actor.user_id) throw forbidden('not_your_task', '这不是您接的车次');
  const photo = await photoOf(C, actor.user_id, body.photo_upload_id);
  let dropped = 0;
  for (const task_id of trip.task_ids) {
    const t = await loadTask(C, task_id);
    if (t.courier_id !== actor.user_id || t.status !== 'picked_up') continue;
    await dropTaskAtStation(C, actor.user_id, t, photo, body.position ?? null);
    dropped++;
  }
  return { trip: toTrip(trip), dropped };
}
