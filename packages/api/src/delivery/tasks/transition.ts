import { DELIVERY_TASK_TRANSITIONS, type DeliveryTaskAction, type DeliveryTaskActorRole, type DeliveryTaskStatus } from '@cc/shared';
import { conflict, forbidden, notFound } from '../../platform/problem';
import type { TaskCtx } from './context';
import type { DeliveryTaskDoc, LatLngDoc, TaskHistoryDoc } from './models';

const ACTION_NAMES: Record<DeliveryTaskAction, string> = {
  claim: '抢单',
  dispatch: '派单',
  release: '退回',
  withdraw: '撤回（商家自送）',
  reassign: '改派',
  pick_up: '取件',
  deliver: '送达',
  fail: '配送失败',
  no_answer: '登记无人应答',
  redeliver: '重新配送',
  return: '退回站点',
  drop_at_station: '放到服务站',
  collect: '取件签收',
};
const STATUS_NAMES: Record<DeliveryTaskStatus, string> = {
  open: '待接单',
  claimed: '已接单',
  picked_up: '配送中',
  delivered: '已送达',
  failed: '配送失败',
  returned: '已退回站点',
  at_station: '已到服务站',
  withdrawn: '已撤回（商家自送）',
};

export type TaskWho = { role: DeliveryTaskActorRole; user_id: string | null };

export const illegal = (status: DeliveryTaskStatus, action: DeliveryTaskAction) =>
  conflict('illegal_transition', `任务${STATUS_NAMES[status]}，不能${ACTION_NAMES[action]}`);

export async function loadTask(C: TaskCtx, task_id: string): Promise<DeliveryTaskDoc> {
  const t = await C.models.Task.findById(task_id).lean<DeliveryTaskDoc>();
  if (!t) throw notFound('delivery_task_not_found', '配送任务不存在');
  return t;
}

/** 409 unless the task may take `action` from its status now (checked before codes are tried or counters move). */
export function assertFrom(t: DeliveryTaskDoc, action: DeliveryTaskAction): void {
  if (!(DELIVERY_TASK_TRANSITIONS[action].from as readonly string[]).includes(t.status)) throw illegal(t.status, action);
}

/**
 * Applies `action` (DELIVERY_TASK_TRANSITIONS) as `who` with one guarded update: the filter holds the status it
 * starts from (and `guard`, e.g. the courier holding it), so of two racing steps exactly one applies; the other gets
 * 409 illegal_transition. Every step is appended to the history with actor, time and position.
 */
export async function applyStep(
  C: TaskCtx,
  t: DeliveryTaskDoc,
  action: DeliveryTaskAction,
  who: TaskWho,
  opts: { position?: LatLngDoc | null; reason?: string | null; set?: Record<string, unknown>; guard?: Record<string, unknown> } = {},
): Promise<DeliveryTaskDoc> {
  const rule = DELIVERY_TASK_TRANSITIONS[action];
  if (!(rule.by as readonly string[]).includes(who.role)) throw forbidden('forbidden_action', `您不能对此任务「${ACTION_NAMES[action]}」`);
  assertFrom(t, action);
  const now = new Date();
  const entry: TaskHistoryDoc = {
    at: now,
    action,
    from: t.status,
    to: rule.to,
    actor_id: who.user_id,
    actor_role: who.role,
    position: opts.position ?? null,
    reason: opts.reason ?? null,
  };
  const updated = await C.models.Task.findOneAndUpdate(
    { _id: t._id, status: t.status, ...opts.guard },
    { $set: { status: rule.to, updated_at: now, ...opts.set }, $push: { history: entry } },
    { new: true },
  ).lean<DeliveryTaskDoc>();
  if (!updated) throw illegal((await loadTask(C, t._id)).status, action);
  await C.afterStep?.(t, updated);
  const to = [updated.buyer_id, updated.seller_id, ...(updated.courier_id ? [updated.courier_id] : [])];
  await C.ports.publish(to, { type: 'delivery.updated', task_id: updated._id, order_id: updated.order_id, status: updated.status });
  return updated;
}
