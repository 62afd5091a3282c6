import type { DeliveryTask } from '@cc/shared';
import { assertCommunityRole, type UserActor } from '../../platform/actor';
import { checkCode } from './codes';
import type { TaskCtx } from './context';
import { heldTask } from './claim';
import { giveUnit } from './duty';
import type { DeliveryTaskDoc, LatLngDoc, TaskHistoryDoc } from './models';
import { toTask } from './present';
import { applyStep, assertFrom, loadTask, type TaskWho } from './transition';

/** How long after a delivery the fee job checks that the fee command ran (the request runs it at once). */
const FEE_SAFETY_NET_MS = 30_000;

type Said = { code: string; position?: LatLngDoc };

/**
 * 取件: the seller's code, then the order dispatched through the orders service, then the task picked up. A retry
 * after a crash between the two finds the order already dispatched and finishes the task.
 */
export async function pickUp(C: TaskCtx, actor: UserActor, task_id: string, body: Said): Promise<DeliveryTask> {
  const t = await heldTask(C, actor, task_id, 'pick_up');
  assertFrom(t, 'pick_up');
  await checkCode(C, t, 'pickup', body.code);
  await C.ports.orders.courierStep(t.order_id, 'dispatch', actor.user_id);
  const who: TaskWho = { role: 'courier', user_id: actor.user_id };
  const updated = await applyStep(C, t, 'pick_up', who, { position: body.position ?? null, guard: { courier_id: actor.user_id } });
  return toTask(updated, actor.user_id);
}

/**
 * 送达: the buyer's code, the order delivered through the orders service, the task delivered, the courier's unit
 * back, then the fee (earnings.ts). The fee job is scheduled before the task moves, so a crash after the step still
 * pays the fee, once (the command is keyed per task).
 */
export async function deliver(C: TaskCtx, actor: UserActor, task_id: string, body: Said): Promise<DeliveryTask> {
  const t = await heldTask(C, actor, task_id, 'deliver');
  assertFrom(t, 'deliver');
  await checkCode(C, t, 'delivery', body.code);
  await C.ports.orders.courierStep(t.order_id, 'deliver', actor.user_id);
  await C.feeJob.schedule(`fee-${t._id}`, { task_id: t._id }, new Date(Date.now() + FEE_SAFETY_NET_MS));
  const who: TaskWho = { role: 'courier', user_id: actor.user_id };
  const proof = { kind: 'code', at: new Date() };
  await applyStep(C, t, 'deliver', who, { position: body.position ?? null, set: { proof }, guard: { courier_id: actor.user_id } });
  await giveUnit(C, actor.user_id);
  await C.payFee(t._id);
  return toTask(await loadTask(C, t._id), actor.user_id);
}

/** 配送失败 with a reason: the courier's unit comes back; the order stays out for delivery for the station to decide. */
export async function fail(C: TaskCtx, actor: UserActor, task_id: string, reason: string, position: LatLngDoc | null) {
  const t = await heldTask(C, actor, task_id, 'fail');
  const who: TaskWho = { role: 'courier', user_id: actor.user_id };
  const updated = await applyStep(C, t, 'fail', who, { reason, position, guard: { courier_id: actor.user_id } });
  await giveUnit(C, actor.user_id);
  return toTask(updated, actor.user_id);
}

/** An operator of the task's community unlocks a code locked by wrong attempts (recorded in the history). */
export async function unlockCode(C: TaskCtx, actor: UserActor, task_id: string, kind: 'pickup' | 'delivery'): Promise<DeliveryTask> {
  const t = await loadTask(C, task_id);
  assertCommunityRole(actor, t.community_id, ['operator']);
  const entry: TaskHistoryDoc = {
    at: new Date(),
    action: 'unlock_code',
    from: t.status,
    to: t.status,
    actor_id: actor.user_id,
    actor_role: 'operator',
    position: null,
    reason: kind,
  };
  const updated = await C.models.Task.findOneAndUpdate(
    { _id: task_id },
    { $set: { [`codes.${kind}.wrong_attempts`]: 0, updated_at: entry.at }, $push: { history: entry } },
    { new: true },
  ).lean<DeliveryTaskDoc>();
  return toTask(updated as DeliveryTaskDoc, actor.user_id);
}
