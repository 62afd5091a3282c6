import type { DeliveryTask, DeliveryTaskAction } from '@cc/shared';
import { communitiesWithRole, hasCommunityRole, type UserActor } from '../../platform/actor';
import { conflict, forbidden, notFound } from '../../platform/problem';
import type { TaskCtx } from './context';
import { dispatchAt } from './create';
import { giveUnit, HELD, requireOnDuty, takeUnit } from './duty';
import { boxAround, haversineM } from './geo';
import type { DeliveryTaskDoc, LatLngDoc } from './models';
import { toTask } from './present';
import { applyStep, illegal, loadTask, type TaskWho } from './transition';

const taken = () => conflict('task_taken', '手慢了，任务已被别人接走');

/** A task as a courier may reach it: a courier of its community (or admin); anyone else is told it does not exist. */
export async function courierTask(C: TaskCtx, actor: UserActor, task_id: string): Promise<DeliveryTaskDoc> {
  const t = await loadTask(C, task_id);
  if (t.courier_id === actor.user_id || hasCommunityRole(actor, t.community_id, ['courier'])) return t;
  throw notFound('delivery_task_not_found', '配送任务不存在');
}

/**
 * The task held by this courier for `action`: a task nobody holds (open) cannot take it (409 illegal_transition);
 * another courier's is not theirs (403 not_your_task).
 */
export async function heldTask(C: TaskCtx, actor: UserActor, task_id: string, action: DeliveryTaskAction): Promise<DeliveryTaskDoc> {
  const t = await courierTask(C, actor, task_id);
  if (!t.courier_id) throw illegal(t.status, action);
  if (t.courier_id !== actor.user_id) throw forbidden('not_your_task', '这不是您接的任务');
  return t;
}

/**
 * Gives an open task to `courier_id` (a claim, or the dispatch job): first a unit of the courier's capacity (guarded
 * counter), then the task's own guarded update `status: 'open'` → claimed — exactly one of any number of racers
 * wins it; the others give their unit back and get 409 task_taken.
 */
export async function assign(C: TaskCtx, t: DeliveryTaskDoc, courier_id: string, who: TaskWho): Promise<DeliveryTaskDoc> {
  const action = who.role === 'system' ? 'dispatch' : 'claim';
  if (t.status !== 'open') throw t.courier_id && t.courier_id !== courier_id ? taken() : illegal(t.status, action);
  // A village trip's parcels go together (trips.ts): claimed with their trip only.
  if (t.trip_id) throw conflict('task_in_trip', '这个包裹属于村级配送车次，请整车接单');
  await takeUnit(C, courier_id);
  try {
    return await applyStep(C, t, action, who, { set: { courier_id }, guard: { courier_id: null } });
  } catch (err) {
    await giveUnit(C, courier_id);
    const now = await loadTask(C, t._id);
    if (now.courier_id && now.courier_id !== courier_id) throw taken();
    throw err;
  }
}

/** 抢单. Claiming a task one already holds answers it again (a retried request), taking nothing more. */
export async function claim(C: TaskCtx, actor: UserActor, task_id: string): Promise<DeliveryTask> {
  const t = await courierTask(C, actor, task_id);
  if (t.courier_id === actor.user_id && HELD.includes(t.status)) return toTask(t, actor.user_id);
  await requireOnDuty(C, actor.user_id);
  return toTask(await assign(C, t, actor.user_id, { role: 'courier', user_id: actor.user_id }), actor.user_id);
}

/** Before pickup, with a reason: the task is open again for others (and for its deadline job), the unit comes back. */
export async function release(C: TaskCtx, actor: UserActor, task_id: string, reason: string, position: LatLngDoc | null) {
  const t = await heldTask(C, actor, task_id, 'release');
  const who: TaskWho = { role: 'courier', user_id: actor.user_id };
  const updated = await applyStep(C, t, 'release', who, {
    reason,
    position,
    set: { courier_id: null },
    guard: { courier_id: actor.user_id },
  });
  await giveUnit(C, actor.user_id);
  // Open again: its deadline is armed again (a new job id, since the first deadline job may have run already).
  await C.dispatchJob.schedule(`dispatch-${t._id}-${Date.now()}`, { task_id: t._id }, dispatchAt(C, updated));
  return toTask(updated, actor.user_id);
}

const OPEN_LIST_MAX = 50;

/** The task hall: open tasks of the courier's communities within `radius_m`, nearest first, then earliest slot. */
export async function listOpen(C: TaskCtx, actor: UserActor, q: { lat?: number; lng?: number; radius_m: number }) {
  const duty = await requireOnDuty(C, actor.user_id);
  const at: LatLngDoc | null = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : duty.home;
  if (!at) return { items: [] };
  const box = boxAround(at, q.radius_m);
  const communities = communitiesWithRole(actor, ['courier']);
  const rows = await C.models.Task.find({
    status: 'open',
    trip_id: null,
    'pickup.location.lat': { $gte: box.lat[0], $lte: box.lat[1] },
    'pickup.location.lng': { $gte: box.lng[0], $lte: box.lng[1] },
    ...(communities ? { community_id: { $in: communities } } : {}),
  })
    .limit(1000)
    .lean<DeliveryTaskDoc[]>();
  const items = rows
    .map((t) => ({ t, d: Math.round(haversineM(at, t.pickup.location)) }))
    .filter((x) => x.d <= q.radius_m)
    .sort((a, b) => a.d - b.d || a.t.slot_starts_at.getTime() - b.t.slot_starts_at.getTime())
    .slice(0, OPEN_LIST_MAX)
    .map((x) => ({ ...toTask(x.t, actor.user_id), distance_from_me_m: x.d }));
  return { items };
}

/** The courier's tasks: held ones first, then the latest finished. */
export async function listMine(C: TaskCtx, actor: UserActor) {
  const rows = await C.models.Task.find({ courier_id: actor.user_id }).sort({ updated_at: -1 }).limit(100).lean<DeliveryTaskDoc[]>();
  const held = rows.filter((t) => HELD.includes(t.status));
  const done = rows.filter((t) => !HELD.includes(t.status));
  return { items: [...held, ...done].map((t) => toTask(t, actor.user_id)) };
}
