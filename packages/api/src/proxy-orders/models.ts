import type { ProxyOrderStatus, ProxyPayment } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';

/**
 * A proxy order (为家人下单): a checkout a family member placed for an elder, waiting for the elder's approval at a
 * kiosk. The checkout and its orders are the orders module's; this record says who asked, what the elder was shown,
 * and where the approval stands (waiting → approving → approved; waiting → declined | expired).
 */
export interface ProxyOrderDoc {
  _id: string;
  link_id: string;
  elder_user_id: string;
  family_user_id: string;
  family_name: string;
  relation: string;
  elder_name: string;
  /** One proxy record per checkout: a retried placement finds it. */
  checkout_id: string;
  status: ProxyOrderStatus;
  total_fen: number;
  items: { name: string; quantity: number; unit: string; subtotal_fen: number }[];
  order_numbers: string[];
  delivery_words: string;
  /** Who pays: the elder's card when approving, or the family member at once through WeChat Pay. */
  payment?: ProxyPayment;
  /**
   * family_wechat: the family member's WeChat Pay order (one per proxy order, `<pxo>-1`, reference: the checkout) and
   * its booked transfer once paid; `refunding` once the money was sent back (the checkout's surplus refund, once);
   * then the refund's outcome as WeChat Pay told it (family-pay.ts `onRefundSettled`): `refunded_at` when the money
   * is back, or `refund_failure` (the platform's code) when it was refused or closed and the money stayed with us.
   */
  family_pay?: {
    out_trade_no: string;
    transfer_id: string | null;
    refunding: boolean;
    refund_id?: string | null;
    refunded_at?: Date | null;
    refund_failure?: string | null;
  } | null;
  /** Declined because the family link was ended. */
  link_revoked?: boolean;
  /** The checkout's pay_by: after it the orders cannot be paid and their stock goes back. */
  expires_at: Date;
  /** The approval command holding `approving` (only it may finish or undo it). */
  approval_holder: string | null;
  decided_at: Date | null;
  /** Where the elder approved or declined: the kiosk and the card session. */
  decided_at_kiosk: { kiosk_id: string; session_id: string } | null;
  created_at: Date;
}

const proxySchema = new Schema<ProxyOrderDoc>(
  {
    _id: String,
    link_id: { type: String, required: true },
    elder_user_id: { type: String, required: true },
    family_user_id: { type: String, required: true, index: true },
    family_name: String,
    relation: String,
    elder_name: String,
    checkout_id: { type: String, required: true, unique: true },
    status: { type: String, required: true },
    total_fen: { type: Number, required: true },
    items: [{ _id: false, name: String, quantity: Number, unit: String, subtotal_fen: Number }],
    order_numbers: [String],
    delivery_words: String,
    payment: { type: String, default: 'elder_card' },
    family_pay: { type: Schema.Types.Mixed, default: null },
    link_revoked: { type: Boolean, default: false },
    expires_at: { type: Date, required: true },
    approval_holder: { type: String, default: null },
    decided_at: { type: Date, default: null },
    decided_at_kiosk: { type: Schema.Types.Mixed, default: null },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);
proxySchema.index({ elder_user_id: 1, status: 1 });
// Revoking a link ends its waiting orders.
proxySchema.index({ link_id: 1, status: 1 });

export function proxyOrderModels(conn: Connection) {
  return { ProxyOrder: modelOn<ProxyOrderDoc>(conn, 'ProxyOrder', proxySchema, 'proxy_orders') };
}
export type ProxyOrderModels = ReturnType<typeof proxyOrderModels>;
