import type { DeliveryTask } from '@cc/shared';
import { assertCommunityRole, hasCommunityRole, type UserActor } from '../../platform/actor';
import { badRequest, notFound } from '../../platform/problem';
import type { TaskCtx } from './context';
import { dispatchAt, newCode } from './create';
import { toTask } from './present';
import { applyStep, assertFrom, loadTask, type TaskWho } from './transition';

/**
 * After 配送失败 (the courier's unit already came back with the failure). The order stays out_for_delivery on both
 * paths, which is what the orders module expects of goods that left the seller:
 * - re-delivery: the next courier's pickup calls the orders service's `dispatch` again, a no-op on an order already
 *   out for delivery (orders/lifecycle/courier.ts), and the delivery step then delivers it as usual;
 * - return to a station: the goods wait there; the station's operator hands them over with the orders' own
 *   operator `deliver` (out_for_delivery → delivered), or the buyer asks for a refund (allowed from out_for_delivery).
 * So no new order step is needed: the orders table already has both ends.
 */

/** Who may ask for a re-delivery: the buyer, or an operator of the task's community; anyone else is told it is not there. */
function redeliverer(actor: UserActor, t: { buyer_id: string; community_id: string }): TaskWho {
  if (hasCommunityRole(actor, t.community_id, ['operator'])) return { role: 'operator', user_id: actor.user_id };
  if (actor.user_id === t.buyer_id) return { role: 'buyer', user_id: actor.user_id };
  throw notFound('delivery_task_not_found', '配送任务不存在');
}

/**
 * 重新配送 in a new slot: the task is open again for couriers, nobody holds it, its deadline is armed for the new slot.
 * Codes: the pickup code is renewed — it was said aloud to the courier who failed, and the next handover is a new
 * proof; the delivery code is kept — it was never said (nobody took the parcel), and the resident may have noted it.
 * Both attempt counters start again. No seat is booked in the new slot: the order's seat was spent on the first run.
 */
export async function redeliver(
  C: TaskCtx,
  actor: UserActor,
  task_id: string,
  body: { slot_key: string; reason?: string | undefined },
): Promise<DeliveryTask> {
  const t = await loadTask(C, task_id);
  const who = redeliverer(actor, t);
  assertFrom(t, 'redeliver');
  const starts = await C.ports.aftercare.slotStartsAt(t.community_id, body.slot_key);
  if (!starts || starts.getTime() <= Date.now())
    throw badRequest('slot_unknown', '请选择本社区今后的配送时段', [
      { path: 'body.slot_key', message: '不是本社区今后的配送时段', code: 'slot_unknown' },
    ]);
  const updated = await applyStep(C, t, 'redeliver', who, {
    reason: body.reason ?? `改约 ${body.slot_key}`,
    set: {
      courier_id: null,
      slot_key: body.slot_key,
      slot_starts_at: starts,
      'codes.pickup': { value: newCode(), wrong_attempts: 0 },
      'codes.delivery.wrong_attempts': 0,
    },
  });
  await C.dispatchJob.schedule(`dispatch-${t._id}-${Date.now()}`, { task_id: t._id }, dispatchAt(C, updated));
  return toTask(updated, actor.user_id);
}

/** 退回站点: an operator of the community sends the failed task's goods to one of its stations; the task ends returned. */
export async function returnToStation(
  C: TaskCtx,
  actor: UserActor,
  task_id: string,
  body: { station_id: string; reason: string },
): Promise<DeliveryTask> {
  const t = await loadTask(C, task_id);
  assertCommunityRole(actor, t.community_id, ['operator']);
  assertFrom(t, 'return');
  const station = await C.ports.station(t.community_id, body.station_id);
  if (!station)
    throw badRequest('station_unknown', '该站点不在本社区', [
      { path: 'body.station_id', message: '该站点不在本社区', code: 'station_unknown' },
    ]);
  const who: TaskWho = { role: 'operator', user_id: actor.user_id };
  const updated = await applyStep(C, t, 'return', who, { reason: body.reason, set: { returned_to: station } });
  return toTask(updated, actor.user_id);
}
