import { DELIVERY_TASK_TRANSITIONS, type DeliveryTaskAction, type DeliveryTaskActorRole, type DeliveryTaskStatus } from '@cc/shared';
import { conflict, forbidden, notFound } from '../../platform/problem';
import type { TaskCtx } from './context';
import type { DeliveryTaskDoc, LatLngDoc, TaskHistoryDoc } from './models';

const ACTION_NAMES: Record<DeliveryTaskAction, string> = {
  claim: '抢单',
  dispatch: '派单',
  release: '退回',
  withdraw: '撤回',
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
  withdrawn: '已撤回',
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
  await tellResident(C, updated, action);
  const to = [updated.buyer_id, updated.seller_id, ...(updated.courier_id ? [updated.courier_id] : [])];
  await C.ports.publish(to, { type: 'delivery.updated', task_id: updated._id, order_id: updated.order_id, status: updated.status });
  return updated;
}

/** The steps the resident is told about in the inbox (delivery_update), in plain words with the order's number. */
const RESIDENT_WORDS: Partial<Record<DeliveryTaskAction, { title: string; body: (n: string) => string }>> = {
  claim: { title: '骑手已接单', body: (n) => `${n} 已有骑手接单，正在去取货` },
  dispatch: { title: '骑手已接单', body: (n) => `${n} 已有骑手接单，正在去取货` },
  // The hint, never the code itself: a subscribe message shows on a locked phone.
  pick_up: { title: '配送中', body: (n) => `${n} 配送中，骑手送到时请说出收件码（在订单页查看）` },
  fail: { title: '配送失败', body: (n) => `${n} 这次没有送到，服务站会联系您重新安排` },
  drop_at_station: { title: '包裹在服务站等您', body: (n) => `${n} 已放到服务站，请带市民卡来取件` },
  deliver: { title: '包裹已送达', body: (n) => `${n} 已送达，请查收` },
};

/**
 * Tells the resident about a stored step. The event id is the task and the step's place in its history, so a replayed
 * publish of the same step adds nothing, while a second claim after a release is a new step. Never throws.
 */
async function tellResident(C: TaskCtx, t: DeliveryTaskDoc, action: DeliveryTaskAction): Promise<void> {
  const words = RESIDENT_WORDS[action];
  if (!words || !C.ports.publishInbox) return;
  // Tasks made before the number was kept say 您的订单 (never the internal id).
  const n = t.order_number ? `订单 ${t.order_number}` : '您的订单';
  await C.ports.publishInbox({
    event_id: `delivery_update:${t._id}:${t.history.length}:${action}`,
    user_id: t.buyer_id,
    kind: 'delivery_update',
    title: words.title,
    body: words.body(n),
    link: `/shop/order/index?id=${t.order_id}`,
  });
}
