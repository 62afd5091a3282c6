import type { CheckoutDoc, OrderDoc, OrderModels } from '../models';
import type { Lifecycle } from '../lifecycle';
import type { OrderPorts } from '../ports';
import { holdKey } from './plan';

export interface LandedPayment {
  transfer_id: string;
  amount_fen: number;
  method: 'wallet' | 'wechatpay';
}

/**
 * Where a checkout's money lands: the one place that turns a payment into paid orders. A payment pays the orders of
 * its checkout that are still unpaid (each order by exactly one payment: the status guard decides a race); whatever
 * part of it paid nothing — an order cancelled meanwhile, or paid by another method first (a WeChat Pay notify after
 * a wallet payment) — goes back where it came from, once, and is recorded on the checkout.
 */
export function createPaymentBook(deps: { models: OrderModels; ports: OrderPorts; lifecycle: Lifecycle }) {
  const { Order, Checkout } = deps.models;

  async function markOne(c: CheckoutDoc, o: OrderDoc, p: LandedPayment): Promise<void> {
    const payment = { method: p.method, transfer_id: p.transfer_id, paid_at: new Date() };
    const updated = await deps.lifecycle
      .apply(o, 'pay', { role: 'buyer', user_id: c.buyer_id }, null, { set: { payment } })
      .catch((err: { code?: string }) => (err.code === 'illegal_transition' ? null : Promise.reject(err)));
    if (!updated) return;
    for (const l of o.lines) await deps.ports.catalog.commit(l.product_id, holdKey(o._id, l.product_id));
  }

  /** The part of a payment that paid no order is refunded to its origin (keyed by the payment: once). */
  async function refundSurplus(c: CheckoutDoc, p: LandedPayment): Promise<void> {
    const orders = await Order.find({ checkout_id: c._id }).lean<OrderDoc[]>();
    const applied_fen = orders.filter((o) => o.payment?.transfer_id === p.transfer_id).reduce((sum, o) => sum + o.total_fen, 0);
    // Orders paid by this payment can still be waiting to be marked (a crash): the pay-by job and replays finish them.
    if (orders.some((o) => o.status === 'pending_payment')) return;
    const surplus_fen = p.amount_fen - applied_fen;
    if (surplus_fen <= 0) return;
    const memo = applied_fen === 0 ? '订单已付款或已取消，退回重复的付款' : '部分订单已取消，退回多付的款项';
    // Back where it came from: the card wallet at once, or WeChat Pay through its refund API (finished by the wallet).
    const refund = await deps.ports.wallet.refundToOrigin({
      idempotency_key: `checkout:${c._id}:surplus:${p.transfer_id}`,
      original_transfer_id: p.transfer_id,
      amount_fen: surplus_fen,
      memo,
      reason: memo,
      reference_id: c._id,
    });
    await Checkout.updateOne(
      { _id: c._id, 'surplus_refunds.transfer_id': { $ne: p.transfer_id } },
      { $push: { surplus_refunds: { transfer_id: p.transfer_id, amount_fen: surplus_fen, refund_id: refund.refund_id, at: new Date() } } },
    );
  }

  return {
    async paid(c: CheckoutDoc, p: LandedPayment): Promise<void> {
      const unpaid = await Order.find({ checkout_id: c._id, status: 'pending_payment' }).lean<OrderDoc[]>();
      for (const o of unpaid) await markOne(c, o, p);
      await refundSurplus(c, p);
    },
  };
}
export type PaymentBook = ReturnType<typeof createPaymentBook>;
