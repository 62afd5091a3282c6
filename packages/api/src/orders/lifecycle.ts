import { ORDER_TRANSITIONS, type OrderAction, type OrderActorRole, type OrderStatus } from '@cc/shared';
import { hasCommunityRole, type UserActor } from '../platform/actor';
import type { Commands } from '../platform/commands';
import type { DelayedJobs } from '../platform/jobs';
import { conflict, forbidden, notFound } from '../platform/problem';
import type { OrderDoc, OrderHistoryDoc, OrderModels } from './models';
import type { OfferService } from './offers';
import type { OrderPorts } from './ports';
import { createRefundMoney, refundKeyOf } from './refund-money';
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

export const STATUS_NAMES: Record<OrderStatus, string> = {
  pending_payment: '待付款',
  paid: '已付款',
  preparing: '备货中',
  ready: '待配送',
  out_for_delivery: '配送中',
  delivered: '已送达',
  completed: '已完成',
  cancelled: '已取消',
  refunding: '退款中',
  refunded: '已退款',
};

export type Who = { role: OrderActorRole; user_id: string | null };
type Extra = { set?: Record<string, unknown>; guard?: Record<string, unknown> };

/**
 * The order state machine (ORDER_TRANSITIONS in the contract) applied with guarded single-document updates: the
 * filter holds the status the action starts from, so of two racing actions exactly one applies and the other gets
 * 409 illegal_transition. Every applied action is appended to the history with who, when and why.
 */
export function createLifecycle(deps: {
  models: OrderModels;
  ports: OrderPorts;
  offers: OfferService;
  commands: Commands;
  autoConfirm: DelayedJobs<{ order_id: string }>;
  settle: DelayedJobs<{ order_id: string }>;
  refundMoney: DelayedJobs<{ order_id: string }>;
  autoConfirmAfterMs: number;
}) {
  const { Order } = deps.models;

  async function load(order_id: string): Promise<OrderDoc> {
    const o = await Order.findById(order_id).lean<OrderDoc>();
    if (!o) throw notFound('order_not_found', '订单不存在');
    return o;
  }

  /** The parts this person plays on this order; none → the order is not theirs to see (404). */
  async function rolesOf(actor: UserActor, o: OrderDoc): Promise<OrderActorRole[]> {
    const roles: OrderActorRole[] = [];
    if (o.buyer_id === actor.user_id) roles.push('buyer');
    if (await deps.ports.catalog.ownsMerchant(actor.user_id, o.merchant_id)) roles.push('seller');
    if (hasCommunityRole(actor, o.community_id, ['operator'])) roles.push('operator');
    return roles;
  }

  async function visible(actor: UserActor, order_id: string): Promise<{ order: OrderDoc; roles: OrderActorRole[] }> {
    const order = await load(order_id);
    const roles = await rolesOf(actor, order);
    if (roles.length === 0) throw notFound('order_not_found', '订单不存在');
    return { order, roles };
  }

  /**
   * Applies `action` as `who`; `extra` sets more fields in the same atomic update. Returns the updated order, or
   * throws 403 (not theirs to do) / 409 illegal_transition (not from this status).
   */
  async function apply(
    o: OrderDoc,
    action: OrderAction,
    who: Who,
    reason: string | null,
    extra: { set?: Record<string, unknown>; guard?: Record<string, unknown> } = {},
  ): Promise<OrderDoc> {
    const rule = ORDER_TRANSITIONS[action];
    if (!(rule.by as readonly string[]).includes(who.role))
      throw forbidden('forbidden_action', `您不能对此订单「${ACTION_NAMES[action]}」`);
    const illegal = (status: OrderStatus) => conflict('illegal_transition', `订单${STATUS_NAMES[status]}，不能${ACTION_NAMES[action]}`);
    if (!(rule.from as readonly string[]).includes(o.status)) throw illegal(o.status);
    const to: OrderStatus = rule.to ?? (o.refund_from as OrderStatus);
    const now = new Date();
    const entry: OrderHistoryDoc = { at: now, actor_id: who.user_id, actor_role: who.role, action, from: o.status, to, reason };
    const updated = await Order.findOneAndUpdate(
      { _id: o._id, status: o.status, ...extra.guard },
      { $set: { status: to, updated_at: now, ...extra.set }, $push: { history: entry } },
      { new: true },
    ).lean<OrderDoc>();
    if (!updated) throw illegal((await load(o._id)).status);
    await deps.ports.publish([updated.buyer_id], { type: 'order.updated', order_id: updated._id, status: updated.status, action });
    return updated;
  }

  /** What follows a transition outside the order document (saga steps, each idempotent and retried by its job). */
  async function after(o: OrderDoc, action: OrderAction): Promise<void> {
    if (action === 'cancel') await releaseHolds(o);
    if (action === 'refund') {
      // Goods not on their way yet: the delivery seat is not needed any more.
      if (o.delivery.kind === 'slot' && ['paid', 'preparing', 'ready'].includes(o.refund_from ?? '')) await deps.ports.slots.release(o._id);
      // Retried by its job when the wallet cannot be reached now (the command replays, so nothing is sent twice).
      const job = `refund-${o._id}-${o.refund?.attempt ?? 1}`;
      await sendRefund(o._id).catch(() => deps.refundMoney.schedule(job, { order_id: o._id }, new Date()));
    }
    if (action === 'refuse_refund' && o.status === 'delivered') {
      const at = o.auto_confirm_at && o.auto_confirm_at.getTime() > Date.now() ? o.auto_confirm_at : new Date();
      await deps.autoConfirm.schedule(`confirm-${o._id}-${Date.now()}`, { order_id: o._id }, at);
    }
    if (action === 'deliver' || action === 'pick_up') {
      await deps.autoConfirm.schedule(`confirm-${o._id}`, { order_id: o._id }, o.auto_confirm_at ?? new Date());
    }
    if (action === 'confirm') await deps.settle.schedule(`settle-${o._id}`, { order_id: o._id }, new Date());
    if (action === 'ready' && o.delivery.kind === 'slot' && deps.ports.onReadyForDelivery) {
      await deps.ports.onReadyForDelivery({
        order_id: o._id,
        community_id: o.community_id,
        slot_key: o.delivery.slot_key,
        address: o.delivery.address,
      });
    }
  }

  // The money of an accepted refund, on the command kernel (refund-money.ts).
  const money = createRefundMoney({ models: deps.models, ports: deps.ports, commands: deps.commands, apply });
  const sendRefund = (order_id: string) => money.send(order_id);
  const settlement = createSettleMoney({ models: deps.models, ports: deps.ports, commands: deps.commands });

  /**
   * Refund rules on top of the table: one request, one dispute after a refusal, disputes are the operator's, and an
   * accepted refund can no longer be refused (only accepted again after its money failed to go back).
   */
  function refundStep(o: OrderDoc, action: OrderAction, role: OrderActorRole, reason: string | null): Extra {
    const r = o.refund;
    switch (action) {
      case 'request_refund':
        if (r?.disputed) throw conflict('refund_closed', '服务站已对退款作出决定');
        if (r) throw conflict('refund_refused', '卖家已拒绝退款，如有异议请申请服务站介入');
        return {
          set: {
            refund_from: o.status,
            refund: { reason, requested_at: new Date(), refused_reason: null, disputed: false, dispute_reason: null, transfer_id: null },
          },
        };
      case 'dispute':
        if (!r?.refused_reason) throw conflict('refund_not_refused', '请先申请退款');
        if (r.disputed) throw conflict('refund_closed', '服务站已对退款作出决定');
        return { set: { refund_from: o.status, 'refund.disputed': true, 'refund.dispute_reason': reason } };
      case 'refund':
      case 'refuse_refund':
        if (r?.disputed && role === 'seller') throw forbidden('refund_disputed', '该退款已申请服务站介入，由服务站决定');
        if (r?.accepted_at && r.money !== 'failed') throw conflict('refund_accepted', '已同意退款，款项正在原路退回');
        return action === 'refuse_refund' ? { set: { 'refund.refused_reason': reason }, guard: acceptedAs(r) } : accept(o);
      default:
        return {};
    }
  }

  /** Each acceptance is an attempt with its own refund key; the guard lets exactly one of racing acceptances through. */
  function accept(o: OrderDoc): Extra {
    const attempt = (o.refund?.attempt ?? 0) + 1;
    const set = {
      'refund.accepted_at': new Date(),
      'refund.attempt': attempt,
      'refund.refund_key': refundKeyOf(o._id, attempt),
      'refund.money': 'processing',
      'refund.refund_id': null,
      'refund.failure_code': null,
    };
    return { set, guard: acceptedAs(o.refund) };
  }

  /** The acceptance state read, so a racing acceptance (or a refusal racing one) finds it changed and gets 409. */
  const acceptedAs = (r: OrderDoc['refund']) => ({ 'refund.attempt': r?.attempt ?? null, 'refund.money': r?.money ?? null });

  /** Gives back the order's stock and delivery seat. Idempotent (keyed releases), so retries and races are safe. */
  async function releaseHolds(o: OrderDoc): Promise<void> {
    for (const l of o.lines) {
      await deps.ports.catalog.release(l.product_id, `${o._id}:${l.product_id}`);
      if (l.offer_id) await deps.offers.release(o._id, l.offer_id);
    }
    if (o.delivery.kind === 'slot') await deps.ports.slots.release(o._id);
  }

  return {
    load,
    visible,
    apply,
    after,
    releaseHolds,
    sendRefund,
    /** The wallet's refund listener (modules.ts): a WeChat Pay refund of an order is over. */
    refundSettled: money.settled,

    /** A person's action through the API: their role on the order decides whether it is allowed. */
    async act(actor: UserActor, order_id: string, action: OrderAction, reason: string | null): Promise<OrderDoc> {
      const { order, roles } = await visible(actor, order_id);
      const allowed = ORDER_TRANSITIONS[action].by as readonly OrderActorRole[];
      const role = roles.find((r) => allowed.includes(r));
      if (!role) throw forbidden('forbidden_action', `您不能对此订单「${ACTION_NAMES[action]}」`);
      if (action === 'pick_up' && order.delivery.kind !== 'pickup')
        throw conflict('illegal_transition', '这是配送订单，请用「配送」和「送达」');
      if ((action === 'dispatch' || action === 'deliver') && order.delivery.kind !== 'slot')
        throw conflict('illegal_transition', '这是自提订单，请在自提点交付');
      const step = refundStep(order, action, role, reason);
      const set: Record<string, unknown> = { ...step.set };
      if (action === 'deliver' || action === 'pick_up') set.auto_confirm_at = new Date(Date.now() + deps.autoConfirmAfterMs);
      // Before the refund is accepted, its money job is due shortly: a crash between acceptance and sending the money
      // leaves the job to send it (it does nothing if the acceptance did not happen or the money is already out).
      if (action === 'refund')
        await deps.refundMoney.schedule(`refund-net-${order_id}-${Date.now()}`, { order_id }, new Date(Date.now() + 5000));
      const updated = await apply(order, action, { role, user_id: actor.user_id }, reason, { set, guard: step.guard });
      await after(updated, action);
      // An accepted refund whose money went back within the request (a wallet payment) answers `refunded`.
      return action === 'refund' ? load(order_id) : updated;
    },

    /** Auto-confirm job: receipt confirmed by the system if the buyer has not done it. */
    async autoConfirmDue(order_id: string): Promise<void> {
      const o = await Order.findById(order_id).lean<OrderDoc>();
      if (!o || o.status !== 'delivered') return;
      if (o.auto_confirm_at && o.auto_confirm_at.getTime() > Date.now()) {
        await deps.autoConfirm.schedule(`confirm-${o._id}-later`, { order_id }, o.auto_confirm_at);
        return;
      }
      const updated = await apply(o, 'confirm', { role: 'system', user_id: null }, '超过确认期限，系统自动确认收货').catch(
        (err: { code?: string }) => {
          if (err.code === 'illegal_transition') return null; // the buyer confirmed meanwhile
          throw err;
        },
      );
      if (updated) await after(updated, 'confirm');
    },

    /** Settle job: the completed order's money moves from clearing to the merchant, once (settle-money.ts). */
    settleDue: (order_id: string) => settlement.settle(order_id),
  };
}
export type Lifecycle = ReturnType<typeof createLifecycle>;
