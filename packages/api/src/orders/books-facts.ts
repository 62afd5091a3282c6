import type { CheckoutDoc, OrderDoc, OrderModels } from './models';

/** An order whose money came in, as the books check sees it. */
export interface PaidOrderFact {
  order_id: string;
  checkout_id: string;
  status: OrderDoc['status'];
  total_fen: number;
  method: 'wallet' | 'wechatpay';
  payment_transfer_id: string | null;
  settled: boolean;
  /** The refund of this order: a ledger transfer (wallet) or a WeChat refund record (rfd_…). */
  refund_id: string | null;
}

/**
 * Read-only facts the books check (books/check.ts) needs from the orders module: every paid order (streamed, so the
 * check's memory does not grow with the number of orders) and the surplus refunds recorded on checkouts.
 */
export function orderBooksFacts(models: OrderModels) {
  return {
    async *paidOrders(): AsyncGenerator<PaidOrderFact> {
      for await (const o of models.Order.find({ payment: { $ne: null } })
        .lean<OrderDoc[]>()
        .cursor()) {
        const payment = o.payment as NonNullable<OrderDoc['payment']>;
        yield {
          order_id: o._id,
          checkout_id: o.checkout_id,
          status: o.status,
          total_fen: o.total_fen,
          method: payment.method,
          payment_transfer_id: payment.transfer_id,
          settled: o.settled,
          refund_id: o.refund?.refund_id ?? o.refund?.transfer_id ?? null,
        };
      }
    },

    async *surplusRefunds(): AsyncGenerator<{ checkout_id: string; transfer_id: string; amount_fen: number; refund_id: string }> {
      const cursor = models.Checkout.find({ 'surplus_refunds.0': { $exists: true } })
        .lean<CheckoutDoc[]>()
        .cursor();
      for await (const c of cursor) for (const r of c.surplus_refunds ?? []) yield { checkout_id: c._id, ...r };
    },

    checkoutExists: async (checkout_id: string) => Boolean(await models.Checkout.exists({ _id: checkout_id })),
  };
}
export type OrderBooksFacts = ReturnType<typeof orderBooksFacts>;
