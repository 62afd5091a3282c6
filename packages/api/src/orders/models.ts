import type { OrderStatus } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';

export interface CartDoc {
  /** The buyer's user id: one cart per person. */
  _id: string;
  lines: { product_id: string; quantity: number; offer_id?: string | null; added_at: Date }[];
  updated_at: Date;
}

export interface OrderLineDoc {
  product_id: string;
  sku: string;
  name: string;
  spec: string;
  unit: string;
  price_fen: number;
  quantity: number;
  subtotal_fen: number;
  origin_village: string | null;
  offer_id: string | null;
  /** The product's first photo at checkout (upload id and its path); absent on orders placed before photos were kept. */
  image_id?: string | null;
  image_url?: string | null;
}

export type DeliveryDoc =
  | { kind: 'slot'; slot_key: string; starts_at: Date; ends_at: Date; recipient: string; phone: string; address: string }
  | { kind: 'pickup'; station_id: string; station_name: string; station_address: string; date: string; open: string; close: string };

export interface OrderHistoryDoc {
  at: Date;
  actor_id: string | null;
  actor_role: 'buyer' | 'seller' | 'operator' | 'system';
  action: string;
  from: OrderStatus | null;
  to: OrderStatus | null;
  reason: string | null;
}

export interface OrderDoc {
  _id: string;
  /** The short number people read out (2412-0387, platform/numbers.ts); unique. */
  number: string;
  checkout_id: string;
  buyer_id: string;
  community_id: string;
  merchant_id: string;
  merchant_name: string;
  /** Where the money goes once the order completes (the merchant's ledger account). */
  merchant_account_id: string;
  lines: OrderLineDoc[];
  total_fen: number;
  delivery: DeliveryDoc;
  note: string | null;
  status: OrderStatus;
  pay_by: Date;
  payment: { method: 'wallet' | 'wechatpay'; transfer_id: string | null; paid_at: Date } | null;
  /** The status a refund was requested from (a refused refund goes back to it). */
  refund_from: OrderStatus | null;
  refund: {
    reason: string;
    requested_at: Date;
    refused_reason: string | null;
    disputed: boolean;
    dispute_reason: string | null;
    /** Set when accepted (each acceptance: a failed refund may be accepted again, as attempt n + 1). */
    accepted_at?: Date | null;
    attempt?: number;
    /** The wallet's idempotency key of this attempt's refund; outcomes of other attempts are ignored. */
    refund_key?: string | null;
    money?: 'processing' | 'succeeded' | 'failed' | null;
    refund_id?: string | null;
    failure_code?: string | null;
    transfer_id: string | null;
    refunded_at?: Date | null;
  } | null;
  auto_confirm_at: Date | null;
  /** The seller's money moved from clearing to the merchant account (after completion). */
  settled: boolean;
  history: OrderHistoryDoc[];
  created_at: Date;
  updated_at: Date;
}

/**
 * One checkout: the saga record (DESIGN §2) that turns a cart into orders. `reserving` while stock and slots are
 * taken; `placed` once the orders exist; `failed` with the reason after compensation. Its pay_by job finishes or
 * undoes whatever a crash left behind.
 */
export interface CheckoutDoc {
  _id: string;
  /** The id of the command that placed it (the kernel keeps the Idempotency-Key); unique, named so for existing indexes. */
  idempotency_key: string;
  buyer_id: string;
  community_id: string;
  status: 'reserving' | 'placed' | 'failed';
  /** What is (or was being) reserved, so compensation knows exactly what to give back. */
  plan: { order_id: string; lines: { product_id: string; quantity: number; offer_id: string | null }[]; slot_key: string | null }[];
  failure: { status: number; code: string; title: string } | null;
  total_fen: number;
  pay_by: Date;
  payment: {
    /** Ledger idempotency keys are `checkout:<id>:pay:<attempt>`; a new attempt only after the last surely moved nothing. */
    attempt: number;
    /** A payment request is moving money until this time (a lease); the expiry job waits for it. */
    in_progress_until: Date | null;
    /** The pay command holding that lease (its resumption after a crash may go on under it). */
    lease_holder?: string | null;
    /** The open WeChat Pay order, if the buyer chose WeChat Pay (`<checkout>-<n>`, a new n when the amount changes). */
    wechat?: { out_trade_no: string; amount_fen: number } | null;
  };
  /** Payments (or parts) that paid no order — late, or for an order cancelled meanwhile — and their refunds. */
  surplus_refunds?: { transfer_id: string; amount_fen: number; refund_id: string; at: Date }[];
  created_at: Date;
}

const cartSchema = new Schema<CartDoc>(
  {
    _id: String,
    lines: {
      type: [{ _id: false, product_id: String, quantity: Number, offer_id: { type: String, default: null }, added_at: Date }],
      default: [],
    },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false },
);

const lineSchema = new Schema<OrderLineDoc>(
  {
    product_id: String,
    sku: String,
    name: String,
    spec: String,
    unit: String,
    price_fen: Number,
    quantity: Number,
    subtotal_fen: Number,
    origin_village: { type: String, default: null },
    offer_id: { type: String, default: null },
    image_id: { type: String, default: undefined },
    image_url: { type: String, default: undefined },
  },
  { _id: false },
);
const historySchema = new Schema<OrderHistoryDoc>(
  {
    at: Date,
    actor_id: { type: String, default: null },
    actor_role: String,
    action: String,
    from: { type: String, default: null },
    to: { type: String, default: null },
    reason: { type: String, default: null },
  },
  { _id: false },
);
const planSchema = new Schema<CheckoutDoc['plan'][number]>(
  {
    order_id: String,
    lines: { type: [{ _id: false, product_id: String, quantity: Number, offer_id: { type: String, default: null } }], default: [] },
    slot_key: { type: String, default: null },
  },
  { _id: false },
);

const orderSchema = new Schema<OrderDoc>(
  {
    _id: String,
    number: { type: String },
    checkout_id: { type: String, required: true, index: true },
    buyer_id: { type: String, required: true },
    community_id: { type: String, required: true },
    merchant_id: { type: String, required: true },
    merchant_name: { type: String, required: true },
    merchant_account_id: { type: String, required: true },
    lines: { type: [lineSchema], required: true },
    total_fen: { type: Number, required: true },
    delivery: { type: Schema.Types.Mixed, required: true },
    note: { type: String, default: null },
    status: { type: String, required: true },
    pay_by: { type: Date, required: true },
    payment: { type: Schema.Types.Mixed, default: null },
    refund_from: { type: String, default: null },
    refund: { type: Schema.Types.Mixed, default: null },
    auto_confirm_at: { type: Date, default: null },
    settled: { type: Boolean, default: false },
    history: { type: [historySchema], default: [] },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
orderSchema.index({ buyer_id: 1, _id: -1 });
orderSchema.index({ merchant_id: 1, _id: -1 });
orderSchema.index({ community_id: 1, _id: -1 });
// Sparse: documents older than the numbers have none until `pnpm backfill:numbers` gives them one.
orderSchema.index({ number: 1 }, { unique: true, sparse: true });

const checkoutSchema = new Schema<CheckoutDoc>(
  {
    _id: String,
    idempotency_key: { type: String, required: true, unique: true },
    buyer_id: { type: String, required: true },
    community_id: { type: String, required: true },
    status: { type: String, required: true },
    plan: { type: [planSchema], required: true },
    failure: { type: Schema.Types.Mixed, default: null },
    total_fen: { type: Number, required: true },
    pay_by: { type: Date, required: true },
    payment: { type: Schema.Types.Mixed, required: true },
    surplus_refunds: { type: [Schema.Types.Mixed], default: [] },
    created_at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export function orderModels(conn: Connection) {
  return {
    Cart: modelOn(conn, 'Cart', cartSchema, 'carts'),
    Order: modelOn(conn, 'Order', orderSchema, 'orders'),
    Checkout: modelOn(conn, 'Checkout', checkoutSchema, 'checkouts'),
  };
}
export type OrderModels = ReturnType<typeof orderModels>;
