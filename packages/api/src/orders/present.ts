import type { Order, OrderReview } from '@cc/shared';
import type { OrderDoc } from './models';

const maskPhone = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****');

/** An order as people see it; `review` is the buyer's review of it, if any (see createOrderPresenter). */
export function toOrder(o: OrderDoc, review: OrderReview | null): Order {
  const d = o.delivery;
  return {
    id: o._id,
    number: o.number,
    checkout_id: o.checkout_id,
    buyer_id: o.buyer_id,
    community_id: o.community_id,
    merchant_id: o.merchant_id,
    merchant_name: o.merchant_name,
    lines: o.lines.map((l) => ({ ...l, offer_id: l.offer_id ?? null })),
    total_fen: o.total_fen,
    delivery:
      d.kind === 'slot'
        ? {
            kind: 'slot',
            slot_key: d.slot_key,
            starts_at: new Date(d.starts_at).toISOString(),
            ends_at: new Date(d.ends_at).toISOString(),
            recipient: d.recipient,
            phone_masked: maskPhone(d.phone),
            address: d.address,
          }
        : d,
    note: o.note,
    status: o.status,
    pay_by: o.pay_by.toISOString(),
    payment: o.payment
      ? { method: o.payment.method, transfer_id: o.payment.transfer_id, paid_at: new Date(o.payment.paid_at).toISOString() }
      : null,
    auto_confirm_at: o.auto_confirm_at ? o.auto_confirm_at.toISOString() : null,
    refund: o.refund
      ? {
          reason: o.refund.reason,
          requested_at: new Date(o.refund.requested_at).toISOString(),
          refused_reason: o.refund.refused_reason,
          disputed: o.refund.disputed,
          dispute_reason: o.refund.dispute_reason,
          accepted_at: o.refund.accepted_at ? new Date(o.refund.accepted_at).toISOString() : null,
          money: o.refund.money ?? null,
          refund_id: o.refund.refund_id ?? null,
          transfer_id: o.refund.transfer_id,
          refunded_at: o.refund.refunded_at ? new Date(o.refund.refunded_at).toISOString() : null,
        }
      : null,
    history: o.history.map((h) => ({
      at: new Date(h.at).toISOString(),
      actor_id: h.actor_id,
      actor_role: h.actor_role,
      action: h.action,
      from: h.from,
      to: h.to,
      reason: h.reason,
    })),
    review,
    created_at: o.created_at.toISOString(),
  };
}

/** Orders with their reviews, looked up in one query per page (reviews are kept apart, one per order). */
export function createOrderPresenter(reviewsOf: (order_ids: string[]) => Promise<Map<string, OrderReview>>) {
  const many = async (docs: OrderDoc[]): Promise<Order[]> => {
    const reviews = docs.length ? await reviewsOf(docs.map((o) => o._id)) : new Map<string, OrderReview>();
    return docs.map((o) => toOrder(o, reviews.get(o._id) ?? null));
  };
  return { many, one: async (doc: OrderDoc): Promise<Order> => (await many([doc]))[0] as Order };
}
export type OrderPresenter = ReturnType<typeof createOrderPresenter>;
