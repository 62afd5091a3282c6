import type { DelayedJobs } from '../../platform/jobs';
import type { Lifecycle } from '../lifecycle';
import type { CheckoutDoc, OrderDoc, OrderModels } from '../models';
import type { OrderPorts } from '../ports';
import type { PaymentBook } from './book';

/** How long after pay_by to look again at a checkout the kernel is still placing (its recovery finishes or undoes it). */
const PLACING_RECHECK_MS = 60_000;

/**
 * The checkout's pay-by job: a payment that moved money before a crash is finished; an open WeChat Pay order is
 * closed (or found paid); unpaid orders are cancelled and give back their stock and seats. A checkout still being
 * placed belongs to the command kernel, whose recovery finishes or compensates it; the job looks again later.
 */
export function createExpiry(deps: {
  models: OrderModels;
  ports: OrderPorts;
  lifecycle: Lifecycle;
  expiry: DelayedJobs<{ checkout_id: string }>;
  book: PaymentBook;
}) {
  const { Checkout, Order } = deps.models;
  const later = (c: CheckoutDoc, at_ms: number) => deps.expiry.schedule(`${c._id}-after-${at_ms}`, { checkout_id: c._id }, new Date(at_ms));

  async function cancelUnpaid(unpaid: OrderDoc[], reason: string): Promise<void> {
    for (const o of unpaid) {
      const cancelled = await deps.lifecycle
        .apply(o, 'cancel', { role: 'system', user_id: null }, reason)
        .catch((err: { code?: string }) => (err.code === 'illegal_transition' ? null : Promise.reject(err)));
      if (cancelled) await deps.lifecycle.after(cancelled, 'cancel');
    }
  }

  return {
    /** Due at pay_by; also run early, with its own reason, when a proxy order is declined or its approval expires. */
    async expire(checkout_id: string, reason = '超时未支付，已自动取消'): Promise<void> {
      const c = await Checkout.findById(checkout_id).lean<CheckoutDoc>();
      if (!c || c.status === 'failed') return;
      if (c.status === 'reserving') return later(c, Date.now() + PLACING_RECHECK_MS);
      const until = c.payment.in_progress_until;
      if (until && until.getTime() > Date.now()) return later(c, until.getTime() + 1000);
      if (c.payment.wechat && (await deps.ports.wallet.wechat.settleOrClose(c.payment.wechat.out_trade_no)) === 'paid') return;
      const unpaid = await Order.find({ checkout_id, status: 'pending_payment' }).lean<OrderDoc[]>();
      if (unpaid.length === 0) return;
      const moved = await deps.ports.wallet.transferByKey(`checkout:${checkout_id}:pay:${c.payment.attempt}`);
      if (moved?.status === 'posted') return deps.book.paid(c, { transfer_id: moved._id, amount_fen: moved.amount_fen, method: 'wallet' });
      if (moved?.status === 'pending') throw new Error('payment still settling; retried by the job');
      await cancelUnpaid(unpaid, reason);
    },
  };
}
