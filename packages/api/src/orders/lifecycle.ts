import { ORDER_STATUS_WORDS, ORDER_TRANSITIONS, type OrderAction, type OrderActorRole, type OrderStatus } from '@cc/shared';
import { hasCommunityRole, type UserActor } from '../platform/actor';
import type { Commands } from '../platform/commands';
import type { DelayedJobs } from '../platform/jobs';
import { conflict, forbidden, notFound } from '../platform/problem';
import type { OrderDoc, OrderHistoryDoc, OrderModels } from './models';
import type { OfferService } from './offers';
import type { OrderPorts } from './ports';
import { createRefundMoney } from './refund-money';
import { refundStep, type Extra } from './refund-rules';
import { createSettleMoney } from './settle-money';

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

type LifecycleDeps = {
  models: OrderModels;
  ports: OrderPorts;
  offers: OfferService;
  commands: Commands;
  autoConfirm: DelayedJobs<{ order_id: string }>;
  settle: DelayedJobs<{ order_id: string }>;
  refundMoney: DelayedJobs<{ order_id: string }>;
  autoConfirmAfterMs: number;
};
type Ctx = LifecycleDeps & { sendRefund: (order_id: string) => Promise<void> };

async function load(L: Ctx, order_id: string): Promise<OrderDoc> {
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

async function visible(L: Ctx, actor: UserActor, order_id: string): Promise<{ order: OrderDoc; roles: OrderActorRole[] }> {
  const order = await load(L, order_id);
  const roles = await rolesOf(L, actor, order);
  if (roles.length === 0) throw notFound('order_not_found', '订单不存在');
  return { order, roles };
}

/**
 * Applies `action` as `who`; `extra` sets more fields in the same atomic update. Returns the updated order, or
 * throws 403 (not theirs to do) / 409 illegal_transition (not from this status).
 */
async function apply(
  L: Ctx,
  o: OrderDoc,
  action: OrderAction,
  who: Who,
  reason: string | null,
  extra: { set?: Record<string, unknown>; guard?: Record<string, unknown> } = {},
): Promise<OrderDoc> {
  const rule = ORDER_TRANSITIONS[action];
  if (!(rule.by as readonly string[]).includes(who.role)) throw forbidden('forbidden_action', `您不能对此订单「${ACTION_NAMES[action]}」`);
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
  return updated;
}

/** What follows a transition outside the order document (saga steps, each idempotent and retried by its job). */
async function after(L: Ctx, o: OrderDoc, action: OrderAction): Promise<void> {
  if (action === 'cancel') await releaseHolds(L, o);
  if (action === 'refund') {
    // Goods not on their way yet: the delivery seat is not needed any more.
    if (o.delivery.kind === 'slot' && ['paid', 'preparing', 'ready'].includes(o.refund_from ?? '')) await L.ports.slots.release(o._id);
    // Retried by its job when the wallet cannot be reached now (the command replays, so nothing is sent twice).
    const job = `refund-${o._id}-${o.refund?.attempt ?? 1}`;
    await L.sendRefund(o._id).catch(() => L.refundMoney.schedule(job, { order_id: o._id }, new Date()));
  }
  if (action === 'refuse_refund' && o.status === 'delivered') {
    const at = o.auto_confirm_at && o.auto_confirm_at.getTime() > Date.now() ? o.auto_confirm_at : new Date();
    await L.autoConfirm.schedule(`confirm-${o._id}-${Date.now()}`, { order_id: o._id }, at);
  }
  if (action === 'deliver' || action === 'pick_up') {
    await L.autoConfirm.schedule(`confirm-${o._id}`, { order_id: o._id }, o.auto_confirm_at ?? new Date());
  }
  if (action === 'confirm') await L.settle.schedule(`settle-${o._id}`, { order_id: o._id }, new Date());
  if (action === 'ready' && o.delivery.kind === 'slot' && L.ports.onReadyForDelivery) {
    await L.ports.onReadyForDelivery({
      order_id: o._id,
      community_id: o.community_id,
      slot_key: o.delivery.slot_key,
      address: o.delivery.address,
    });
  }
}

/** Gives back the order's stock and delivery seat. Idempotent (keyed releases), so retries and races are safe. */
async function releaseHolds(L: Ctx, o: OrderDoc): Promise<void> {
  for (const l of o.lines) {
    await L.ports.catalog.release(l.product_id, `${o._id}:${l.product_id}`);
    if (l.offer_id) await L.offers.release(o._id, l.offer_id);
  }
  if (o.delivery.kind === 'slot') await L.ports.slots.release(o._id);
}

/** A person's action through the API: their role on the order decides whether it is allowed. */
async function act(L: Ctx, actor: UserActor, order_id: string, action: OrderAction, reason: string | null): Promise<OrderDoc> {
  const { order, roles } = await visible(L, actor, order_id);
  const allowed = ORDER_TRANSITIONS[action].by as readonly OrderActorRole[];
  const role = roles.find((r) => allowed.includes(r));
  if (!role) throw forbidden('forbidden_action', `您不能对此订单「${ACTION_NAMES[action]}」`);
  if (action === 'pick_up' && order.delivery.kind !== 'pickup')
    throw conflict('illegal_transition', '这是配送订单，请用「配送」和「送达」');
  if ((action === 'dispatch' || action === 'deliver') && order.delivery.kind !== 'slot')
    throw conflict('illegal_transition', '这是自提订单，请在自提点交付');
  const step = refundStep(order, action, role, reason);
  const set: Record<string, unknown> = { ...step.set };
  if (action === 'deliver' || action === 'pick_up') set.auto_confirm_at = new Date(Date.now() + L.autoConfirmAfterMs);
  // Before the refund is accepted, its money job is due shortly: a crash between acceptance and sending the money
  // leaves the job to send it (it does nothing if the acceptance did not happen or the money is already out).
  if (action === 'refund') await L.refundMoney.schedule(`refund-net-${order_id}-${Date.now()}`, { order_id }, new Date(Date.now() + 5000));
  const updated = await apply(L, order, action, { role, user_id: actor.user_id }, reason, { set, guard: step.guard });
  await after(L, updated, action);
  // An accepted refund whose money went back within the request (a wallet payment) answers `refunded`.
  return action === 'refund' ? load(L, order_id) : updated;
}

/** Auto-confirm job: receipt confirmed by the system if the buyer has not done it. */
async function autoConfirmDue(L: Ctx, order_id: string): Promise<void> {
  const o = await L.models.Order.findById(order_id).lean<OrderDoc>();
  if (!o || o.status !== 'delivered') return;
  if (o.auto_confirm_at && o.auto_confirm_at.getTime() > Date.now()) {
    await L.autoConfirm.schedule(`confirm-${o._id}-later`, { order_id }, o.auto_confirm_at);
    return;
  }
  const updated = await apply(L, o, 'confirm', { role: 'system', user_id: null }, '超过确认期限，系统自动确认收货').catch(
    (err: { code?: string }) => {
      if (err.code === 'illegal_transition') return null; // the buyer confirmed meanwhile
      throw err;
    },
  );
  if (updated) await after(L, updated, 'confirm');
}

/**
 * The order state machine (ORDER_TRANSITIONS in the contract) applied with guarded single-document updates: the
 * filter holds the status the action starts from, so of two racing actions exactly one applies and the other gets
 * 409 illegal_transition. Every applied action is appended to the history with who, when and why.
 */
export function createLifecycle(deps: LifecycleDeps) {
  // The money of an accepted refund, on the command kernel (refund-money.ts); apply is bound below, before any use.
  const money = createRefundMoney({ ...deps, apply: (...args) => apply(L, ...args) });
  const settlement = createSettleMoney({ models: deps.models, ports: deps.ports, commands: deps.commands });
  const L: Ctx = { ...deps, sendRefund: (order_id) => money.send(order_id) };
  return {
    load: (order_id: string) => load(L, order_id),
    visible: (actor: UserActor, order_id: string) => visible(L, actor, order_id),
    apply: (o: OrderDoc, action: OrderAction, who: Who, reason: string | null, extra?: Extra) => apply(L, o, action, who, reason, extra),
    after: (o: OrderDoc, action: OrderAction) => after(L, o, action),
    releaseHolds: (o: OrderDoc) => releaseHolds(L, o),
    sendRefund: L.sendRefund,
    /** The wallet's refund listener (modules.ts): a WeChat Pay refund of an order is over. */
    refundSettled: money.settled,
    /** A person's action through the API: their role on the order decides whether it is allowed. */
    act: (actor: UserActor, order_id: string, action: OrderAction, reason: string | null) => act(L, actor, order_id, action, reason),
    /** Auto-confirm job: receipt confirmed by the system if the buyer has not done it. */
    autoConfirmDue: (order_id: string) => autoConfirmDue(L, order_id),
    /** Settle job: the completed order's money moves from clearing to the merchant, once (settle-money.ts). */
    settleDue: (order_id: string) => settlement.settle(order_id),
  };
}
export type Lifecycle = ReturnType<typeof createLifecycle>;
