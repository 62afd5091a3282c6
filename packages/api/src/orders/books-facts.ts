import type { Connection } from 'mongoose';
import { orderModels, type CheckoutDoc, type OrderDoc, type OrderModels } from './models';

/** An order as the books check sees it: where its money came from, and where its refund (if any) stands. */
export interface OrderFact {
  order_id: string;
  checkout_id: string;
  status: OrderDoc['status'];
  total_fen: number;
  method: 'wallet' | 'wechatpay' | null;
  payment_transfer_id: string | null;
  settled: boolean;
  /** The ledger transfer that gave the money back to a wallet (or, before WeChat refunds, to the WeChat Pay account). */
  refund_transfer_id: string | null;
  /** The WeChat Pay refund record (`rfd_…`) of a refund sent through the refund API. */
  refund_id: string | null;
}

export interface SurplusFact {
  checkout_id: string;
  transfer_id: string;
  amount_fen: number;
  refund_id: string;
}

type RefundFields = { transfer_id?: string | null; refund_id?: string | null } | null;

const ORDER_FIELDS = { checkout_id: 1, status: 1, total_fen: 1, payment: 1, settled: 1, refund: 1 };

/**
 * Read-only facts the books check (books/check.ts) needs from the orders module: every order that is not simply
 * waiting or cancelled unpaid (streamed, so memory does not grow with the orders), the surplus refunds recorded on
 * checkouts, and which checkouts exist. Full scans read once; lookups by `_id` only.
 */
export function orderBooksFacts(models: OrderModels) {
  return {
    async *moneyOrders(): AsyncGenerator<OrderFact> {
      for await (const o of models.Order.find({}, ORDER_FIELDS).lean<OrderDoc[]>().cursor()) {
        if (!o.payment && (o.status === 'pending_payment' || o.status === 'cancelled')) continue;
        const refund = o.refund as RefundFields;
        yield {
          order_id: o._id,
          checkout_id: o.checkout_id,
          status: o.status,
          total_fen: o.total_fen,
          method: o.payment?.method ?? null,
          payment_transfer_id: o.payment?.transfer_id ?? null,
          settled: o.settled,
          refund_transfer_id: refund?.transfer_id ?? null,
          refund_id: refund?.refund_id ?? null,
        };
      }
    },

    async *surplusRefunds(): AsyncGenerator<SurplusFact> {
      const cursor = models.Checkout.find({ 'surplus_refunds.0': { $exists: true } }, { surplus_refunds: 1 })
        .lean<CheckoutDoc[]>()
        .cursor();
      for await (const c of cursor)
        for (const r of c.surplus_refunds ?? [])
          yield { checkout_id: c._id, transfer_id: r.transfer_id, amount_fen: r.amount_fen, refund_id: r.refund_id };
    },

    async existingCheckouts(ids: readonly string[]): Promise<Set<string>> {
      const found = await models.Checkout.find({ _id: { $in: [...new Set(ids)] } }, { _id: 1 }).lean<{ _id: string }[]>();
      return new Set(found.map((c) => c._id));
    },
  };
}
export type OrderBooksFacts = ReturnType<typeof orderBooksFacts>;

/** The orders module's books facts on a database connection alone (the CLI needs only MONGODB_URI). */
export const orderBooksFactsOn = (conn: Connection) => orderBooksFacts(orderModels(conn));
