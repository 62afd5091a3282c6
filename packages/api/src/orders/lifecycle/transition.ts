import { ORDER_STATUS_WORDS, ORDER_TRANSITIONS, type OrderAction, type OrderActorRole, type OrderStatus } from '@cc/shared';
import { hasCommunityRole, type UserActor } from '../../platform/actor';
import type { Commands } from '../../platform/commands';
import type { DelayedJobs } from '../../platform/jobs';
import { conflict, forbidden, notFound } from '../../platform/problem';
import type { OrderDoc, OrderHistoryDoc, OrderModels } from '../models';
import type { OfferService } from '../offers';
import type { OrderPorts } from '../ports';
import type { Extra } from '../refund-rules';
import { tellBuyer } from './tell';

const ACTION_NAMES: Record<OrderAction, string> = {
  pay: '付款',
  cancel: '取消',
  prepare: '备货',
  ready: '备货完成',
  dispatch: '配送',
  deliver: '送达',
  pick_up: '自提交付',
  confirm: '确认收货',
  request_refund: '申请退款',
  dispute: '申请服务站介入',
  refund: '同意退款',
  refund_completed: '退款到账',
  refuse_refund: '拒绝退款',
};

export type Who = { role: OrderActorRole; user_id: string | null };

export type LifecycleDeps = {
  models: OrderModels;
  ports: OrderPorts;
  offers: OfferService;
  commands: Commands;
  autoConfirm: DelayedJobs<{ order_id: string }>;
  settle: DelayedJobs<{ order_id: string }>;
  refundMoney: DelayedJobs<{ order_id: string }>;
  autoConfirmAfterMs: number;
};
/** What every lifecycle step works on: the module's parts, plus sending an accepted refund's money (refund-money.ts). */
export type Ctx = LifecycleDeps & { sendRefund: (order_id: string) => Promise<void> };

export const forbiddenAction = (action: OrderAction) => forbidden('forbidden_action', `您不能对此订单「${ACTION_NAMES[action]}」`);

export async function load(L: Ctx, order_id: string): Promise<OrderDoc> {
  const o = await L.models.Order.findById(order_id).lean<OrderDoc>();
  if (!o) throw notFound('order_not_found', '订单不存在');
  return o;
}

/** The parts this person plays on this order; none → the order is not theirs to see (404). */
async function rolesOf(L: Ctx, actor: UserActor, o: OrderDoc): Promise<OrderActorRole[]> {
  const roles: OrderActorRole[] = [];
  if (o.buyer_id === actor.user_id) roles.push('buyer');
  if (await L.ports.catalog.ownsMerchant(actor.user_id, o.merchant_id)) roles.push('seller');
  if (hasCommunityRole(actor, o.community_id, ['operator'])) roles.push('operator');
  return roles;
}

export async function visible(L: Ctx, actor: UserActor, order_id: string): Promise<{ order: OrderDoc; roles: OrderActorRole[] }> {
  const order = await load(L, order_id);
  const roles = await rolesOf(L, actor, order);
  if (roles.length === 0) throw notFound('order_not_found', '订单不存在');
  return { order, roles };
}

/**
 * Applies `action` as `who`; `extra` sets more fields in the same atomic update. Returns the updated order, or
 * throws 403 (not theirs to do) / 409 illegal_transition (not from this status).
 */
export async function apply(
  L: Ctx,
  o: OrderDoc,
  action: OrderAction,
  who: Who,
  reason: string | null,
  extra: Extra = {},
): Promise<OrderDoc> {
  const rule = ORDER_TRANSITIONS[action];
  if (!(rule.by as readonly string[]).includes(who.role)) throw forbiddenAction(action);
  const illegal = (status: OrderStatus) =>
    conflict('illegal_transition', `订单${ORDER_STATUS_WORDS[status].word}，不能${ACTION_NAMES[action]}`);
  if (!(rule.from as readonly string[]).includes(o.status)) throw illegal(o.status);
  const to: OrderStatus = rule.to ?? (o.refund_from as OrderStatus);
  const now = new Date();
  const entry: OrderHistoryDoc = { at: now, actor_id: who.user_id, actor_role: who.role, action, from: o.status, to, reason };
  const updated = await L.models.Order.findOneAndUpdate(
    { _id: o._id, status: o.status, ...extra.guard },
    { $set: { status: to, updated_at: now, ...extra.set }, $push: { history: entry } },
    { new: true },
  ).lean<OrderDoc>();
  if (!updated) throw illegal((await load(L, o._id)).status);
  await L.ports.publish([updated.buyer_id], { type: 'order.updated', order_id: updated._id, status: updated.status, action });
  await tellBuyer(L, updated, action);
  return updated;
}
