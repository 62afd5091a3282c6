import { z } from 'zod';
import { CommunityId, IsoDateTime, ReadableNumber, StationId, TransferId, UserId, idOf, humanText } from './common';
import { AddressId } from './identity';
import { MerchantId, ProductId } from './catalog';
import { CalendarDate, SlotKey } from './delivery';
import { JsapiPayParams, RefundState } from './wallet';

// ---------- ids and bounds ----------

export const OrderId = idOf('ord');
export const CheckoutId = idOf('chk');
export const OfferId = idOf('ofr');
export const ReviewId = idOf('rev');
/** Units of one product in one cart or order. */
export const QUANTITY_MAX = 999;
export const CART_LINES_MAX = 50;

// ---------- the order state machine ----------

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'preparing',
  'ready',
  'out_for_delivery',
  'delivered',
  'completed',
  'cancelled',
  'refunding',
  'refunded',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** Who may do what, from which statuses, to which status: the whole lifecycle in one table (the service enforces it). */
export const ORDER_TRANSITIONS = {
  pay: { from: ['pending_payment'], to: 'paid', by: ['buyer'] },
  cancel: { from: ['pending_payment'], to: 'cancelled', by: ['buyer', 'operator', 'system'] },
  prepare: { from: ['paid'], to: 'preparing', by: ['seller'] },
  ready: { from: ['preparing'], to: 'ready', by: ['seller'] },
  /** A courier's pickup of a delivery task dispatches the order as the system (delivery/tasks). */
  dispatch: { from: ['ready'], to: 'out_for_delivery', by: ['seller', 'operator', 'system'] },
  deliver: { from: ['out_for_delivery'], to: 'delivered', by: ['seller', 'operator', 'system'] },
  /** Pickup orders are handed over at the station. */
  pick_up: { from: ['ready'], to: 'delivered', by: ['seller', 'operator'] },
  confirm: { from: ['delivered'], to: 'completed', by: ['buyer', 'system'] },
  request_refund: { from: ['paid', 'preparing', 'ready', 'out_for_delivery', 'delivered'], to: 'refunding', by: ['buyer'] },
  /** After the seller refused: the buyer takes it to the community's service station (an operator decides). */
  dispute: { from: ['paid', 'preparing', 'ready', 'out_for_delivery', 'delivered'], to: 'refunding', by: ['buyer'] },
  /**
   * Accepted (同意退款): the money is sent back to where it came from. The order stays refunding, with the money's
   * state in `refund.money`, until the wallet says the money is back (a wallet refund: at once; WeChat Pay: its notify).
   * After a refund that failed (`money: 'failed'`) an operator or the seller may accept again.
   */
  refund: { from: ['refunding'], to: 'refunding', by: ['seller', 'operator'] },
  /** The money is back with the buyer (the wallet reported the refund succeeded): refunding → refunded. */
  refund_completed: { from: ['refunding'], to: 'refunded', by: ['system'] },
  /** Refused refund: back to the status it was requested from (resolved by the service). */
  refuse_refund: { from: ['refunding'], to: null, by: ['seller', 'operator'] },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus | null; by: readonly OrderActorRole[] }>;
export type OrderAction = keyof typeof ORDER_TRANSITIONS;
export type OrderActorRole = 'buyer' | 'seller' | 'operator' | 'system';

// ---------- schemas ----------

export const CartLine = z.object({
  product_id: ProductId,
  quantity: z.number().int(),
  name: z.string(),
  spec: z.string(),
  unit: z.string(),
  price_fen: z.number().int(),
  subtotal_fen: z.number().int(),
  merchant_id: MerchantId,
  merchant_name: z.string(),
  origin_village: z.string().nullable(),
  image_url: z.string().nullable(),
  /** Bought under a limited offer: its price applies while the offer runs. */
  offer_id: OfferId.nullable(),
  /** null when it can be bought now; otherwise why not (sold out, off sale, not delivered to this community). */
  unavailable: z.enum(['off_sale', 'insufficient_stock', 'not_served']).nullable(),
  stock: z.number().int(),
});
export const Cart = z.object({
  community_id: CommunityId.nullable(),
  lines: z.array(CartLine),
  /** Of the lines that can be bought now. */
  total_fen: z.number().int(),
});
export type Cart = z.infer<typeof Cart>;

export const OrderLine = z.object({
  product_id: ProductId,
  sku: z.string(),
  name: z.string(),
  spec: z.string(),
  unit: z.string(),
  /** The price when the order was placed. */
  price_fen: z.number().int(),
  quantity: z.number().int(),
  subtotal_fen: z.number().int(),
  origin_village: z.string().nullable(),
  offer_id: OfferId.nullable(),
  /** The product's photo at checkout (its upload id and file path); absent on older orders, null when it had none. */
  image_id: z.string().nullable().optional(),
  image_url: z.string().nullable().optional(),
});

export const OrderDelivery = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('slot'),
    slot_key: z.string(),
    starts_at: IsoDateTime,
    ends_at: IsoDateTime,
    recipient: z.string(),
    phone_masked: z.string(),
    address: z.string(),
  }),
  z.object({
    kind: z.literal('pickup'),
    station_id: StationId,
    station_name: z.string(),
    station_address: z.string(),
    date: z.string(),
    open: z.string(),
    close: z.string(),
  }),
]);

export const OrderHistoryEntry = z.object({
  at: IsoDateTime,
  actor_id: UserId.nullable(),
  actor_role: z.enum(['buyer', 'seller', 'operator', 'system']),
  action: z.string(),
  from: OrderStatus.nullable(),
  to: OrderStatus.nullable(),
  reason: z.string().nullable(),
});

/** How the buyer reviewed an order (the review itself is public on the seller's page). */
export const OrderReview = z.object({
  id: ReviewId,
  rating: z.number().int(),
  /** With words on the blocked list masked. */
  text: z.string(),
  photos: z.array(z.object({ id: z.string(), url: z.string() })),
  created_at: IsoDateTime,
});
export type OrderReview = z.infer<typeof OrderReview>;

export const Order = z.object({
  id: OrderId,
  /** What people see and read out (2412-0387); the id stays internal. */
  number: ReadableNumber,
  checkout_id: CheckoutId,
  buyer_id: UserId,
  community_id: CommunityId,
  merchant_id: MerchantId,
  merchant_name: z.string(),
  lines: z.array(OrderLine),
  total_fen: z.number().int(),
  delivery: OrderDelivery,
  note: z.string().nullable(),
  status: OrderStatus,
  /** Unpaid orders are cancelled at this time. */
  pay_by: IsoDateTime,
  payment: z.object({ method: z.enum(['wallet', 'wechatpay']), transfer_id: TransferId.nullable(), paid_at: IsoDateTime }).nullable(),
  /** Receipt is confirmed automatically at this time once delivered. */
  auto_confirm_at: IsoDateTime.nullable(),
  /** The refund story: asked with a reason, accepted or refused with a reason, possibly decided by an operator. */
  refund: z
    .object({
      reason: z.string(),
      requested_at: IsoDateTime,
      refused_reason: z.string().nullable(),
      disputed: z.boolean(),
      dispute_reason: z.string().nullable(),
      /** When the seller (or the service station) accepted the refund; the history says who. */
      accepted_at: IsoDateTime.nullable(),
      /**
       * Where the money stands once accepted: on its way back, back with the buyer, or failed (the platform refused
       * or closed the refund; the money is back in the platform's clearing account and an operator must act).
       */
      money: RefundState.nullable(),
      /** The refund: a ledger transfer (wallet) or a WeChat Pay refund (rfd_…, its out_refund_no). */
      refund_id: z.string().nullable(),
      /** The money went back through this ledger transfer (wallet payments). */
      transfer_id: TransferId.nullable(),
      /** When the money was back with the buyer. */
      refunded_at: IsoDateTime.nullable(),
    })
    .nullable(),
  history: z.array(OrderHistoryEntry),
  /** The buyer's review of this order; null while it has none. */
  review: OrderReview.nullable(),
  created_at: IsoDateTime,
});
export type Order = z.infer<typeof Order>;

export const CheckoutResult = z.object({
  checkout_id: CheckoutId,
  orders: z.array(Order),
  total_fen: z.number().int(),
  pay_by: IsoDateTime,
});
export type CheckoutResult = z.infer<typeof CheckoutResult>;

/** A limited-quantity offer (限时限量: flash sale or group buy) on one product, with a per-person limit. */
export const Offer = z.object({
  id: OfferId,
  product_id: ProductId,
  merchant_id: MerchantId,
  kind: z.enum(['flash_sale', 'group_buy']),
  title: z.string(),
  price_fen: z.number().int(),
  /** The product's normal price, for showing the saving. */
  regular_price_fen: z.number().int(),
  quantity_total: z.number().int(),
  quantity_left: z.number().int(),
  per_user_limit: z.number().int(),
  starts_at: IsoDateTime,
  ends_at: IsoDateTime,
  state: z.enum(['upcoming', 'running', 'sold_out', 'ended']),
});
export type Offer = z.infer<typeof Offer>;
export const CreateOfferBody = z
  .strictObject({
    kind: z.enum(['flash_sale', 'group_buy']),
    title: humanText({ min: 2, max: 40 }),
    price_fen: z.number().int().min(1).max(1_000_000),
    quantity_total: z.number().int().min(1).max(100_000),
    per_user_limit: z.number().int().min(1).max(99),
    starts_at: IsoDateTime,
    ends_at: IsoDateTime,
  })
  .refine((b) => Date.parse(b.starts_at) < Date.parse(b.ends_at), { message: '结束时间须晚于开始时间', path: ['ends_at'] })
  .meta({ 'x-rules': ['ends_at > starts_at'] });

export const Review = z.object({
  id: ReviewId,
  order_id: OrderId,
  merchant_id: MerchantId,
  buyer_nickname: z.string(),
  rating: z.number().int(),
  /** With words on the blocked list masked. */
  text: z.string(),
  photos: z.array(z.object({ id: z.string(), url: z.string() })),
  created_at: IsoDateTime,
});
export type Review = z.infer<typeof Review>;
export const CreateReviewBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  text: humanText({ min: 0, max: 500 }),
  photo_ids: z.array(idOf('upl')).max(3).optional(),
});

export const CheckoutBody = z.strictObject({
  delivery: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('slot'), slot_key: SlotKey, address_id: AddressId }),
    z.strictObject({ kind: z.literal('pickup'), station_id: StationId, date: CalendarDate }),
  ]),
  /** What the buyer saw. When the prices changed meanwhile the checkout is refused (409 price_changed), never silently charged. */
  expected_total_fen: z.number().int().min(0).max(100_000_000).optional(),
  note: humanText({ min: 0, max: 200 }).optional(),
});

export const PayCheckoutBody = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('wallet'),
    /** Six digits, needed above the PIN-free limit. */
    pin: z
      .string()
      .regex(/^\d{6}$/, { message: '密码为 6 位数字' })
      .optional(),
  }),
  /** Answers with the parameters for wx.requestPayment; the orders become paid when WeChat Pay reports the payment. */
  z.strictObject({ method: z.literal('wechatpay') }),
]);
export const PayCheckoutResult = CheckoutResult.extend({
  wechat_pay: z.object({ out_trade_no: z.string(), pay_params: JsapiPayParams }).nullable(),
});
