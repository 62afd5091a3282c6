import { z } from 'zod';
import { CommunityId, IsoDateTime, PageQuery, StationId, TransferId, UserId, idOf, pageOf, text } from './common';
import { AddressId } from './identity';
import { MerchantId, ProductId } from './catalog';
import { CalendarDate, SlotKey } from './delivery';
import { NoContent, defineRoute } from './route';
import { JsapiPayParams } from './wallet';

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
  dispatch: { from: ['ready'], to: 'out_for_delivery', by: ['seller', 'operator'] },
  deliver: { from: ['out_for_delivery'], to: 'delivered', by: ['seller', 'operator'] },
  /** Pickup orders are handed over at the station. */
  pick_up: { from: ['ready'], to: 'delivered', by: ['seller', 'operator'] },
  confirm: { from: ['delivered'], to: 'completed', by: ['buyer', 'system'] },
  request_refund: { from: ['paid', 'preparing', 'ready', 'out_for_delivery', 'delivered'], to: 'refunding', by: ['buyer'] },
  /** After the seller refused: the buyer takes it to the community's service station (an operator decides). */
  dispute: { from: ['paid', 'preparing', 'ready', 'out_for_delivery', 'delivered'], to: 'refunding', by: ['buyer'] },
  /** The money went back: refunding → refunded. */
  refund: { from: ['refunding'], to: 'refunded', by: ['seller', 'operator'] },
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

export const Order = z.object({
  id: OrderId,
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
      /** The money went back through this ledger transfer. */
      transfer_id: TransferId.nullable(),
    })
    .nullable(),
  history: z.array(OrderHistoryEntry),
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
    title: text(2, 40),
    price_fen: z.number().int().min(1).max(1_000_000),
    quantity_total: z.number().int().min(1).max(100_000),
    per_user_limit: z.number().int().min(1).max(99),
    starts_at: IsoDateTime,
    ends_at: IsoDateTime,
  })
  .refine((b) => Date.parse(b.starts_at) < Date.parse(b.ends_at), { message: '结束时间须晚于开始时间', path: ['ends_at'] });

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
  text: text(0, 500),
  photo_ids: z.array(idOf('upl')).max(3).optional(),
});

export const CheckoutBody = z.strictObject({
  delivery: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('slot'), slot_key: SlotKey, address_id: AddressId }),
    z.strictObject({ kind: z.literal('pickup'), station_id: StationId, date: CalendarDate }),
  ]),
  /** What the buyer saw. When the prices changed meanwhile the checkout is refused (409 price_changed), never silently charged. */
  expected_total_fen: z.number().int().min(0).max(100_000_000).optional(),
  note: text(0, 200).optional(),
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

const ReasonBody = z.strictObject({ reason: text(2, 200) });
const OptionalReasonBody = z.strictObject({ reason: text(2, 200).optional() }).optional();

// ---------- routes ----------

const tag = 'orders';
const EmptyQuery = z.strictObject({});
const OrderParams = z.strictObject({ order_id: OrderId });
const orderAction = (id: string, action: string, summary: string, body: z.ZodType = OptionalReasonBody) =>
  defineRoute({
    id,
    method: 'POST',
    path: `/api/v1/orders/:order_id/${action}`,
    summary,
    tag,
    access: { kind: 'user', roles: 'any' },
    params: OrderParams,
    body,
    response: Order,
  });

export const orderRoutes = {
  getCart: defineRoute({
    id: 'getCart',
    method: 'GET',
    path: '/api/v1/cart',
    summary: '购物车（价格和库存按当前商品计算）',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: EmptyQuery,
    response: Cart,
  }),
  setCartLine: defineRoute({
    id: 'setCartLine',
    method: 'PUT',
    path: '/api/v1/cart/lines/:product_id',
    summary: '把商品放进购物车或改数量（0 为移除）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ product_id: ProductId }),
    body: z.strictObject({ quantity: z.number().int().min(0).max(QUANTITY_MAX), offer_id: OfferId.optional() }),
    response: Cart,
  }),
  clearCart: defineRoute({
    id: 'clearCart',
    method: 'DELETE',
    path: '/api/v1/cart',
    summary: '清空购物车',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: EmptyQuery,
    response: NoContent,
    status: 204,
  }),
  checkout: defineRoute({
    id: 'checkout',
    method: 'POST',
    path: '/api/v1/checkout',
    summary: '结算购物车：按商户拆单，锁定库存和配送时段（价格以服务端为准）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: CheckoutBody,
    response: CheckoutResult,
    status: 201,
    idempotent: true,
  }),
  payCheckout: defineRoute({
    id: 'payCheckout',
    method: 'POST',
    path: '/api/v1/checkouts/:checkout_id/pay',
    summary: '支付一次结算的全部订单：市民卡钱包（超过免密额度需输入密码）或微信支付',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ checkout_id: CheckoutId }),
    body: PayCheckoutBody,
    response: PayCheckoutResult,
    idempotent: true,
  }),
  getCheckout: defineRoute({
    id: 'getCheckout',
    method: 'GET',
    path: '/api/v1/checkouts/:checkout_id',
    summary: '一次结算的订单和付款状态（微信支付未到账时向微信查询）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ checkout_id: CheckoutId }),
    query: EmptyQuery,
    response: CheckoutResult,
  }),
  listMyOrders: defineRoute({
    id: 'listMyOrders',
    method: 'GET',
    path: '/api/v1/orders',
    summary: '我的订单（新的在前）',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: z.strictObject({ ...PageQuery, status: OrderStatus.optional() }),
    response: pageOf(Order),
  }),
  getOrder: defineRoute({
    id: 'getOrder',
    method: 'GET',
    path: '/api/v1/orders/:order_id',
    summary: '订单详情和状态记录（买家、卖家、本社区运营人员）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: OrderParams,
    query: EmptyQuery,
    response: Order,
  }),
  listMerchantOrders: defineRoute({
    id: 'listMerchantOrders',
    method: 'GET',
    path: '/api/v1/merchants/:merchant_id/orders',
    summary: '店铺收到的订单（店主）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ merchant_id: MerchantId }),
    query: z.strictObject({ ...PageQuery, status: OrderStatus.optional() }),
    response: pageOf(Order),
  }),
  listCommunityOrders: defineRoute({
    id: 'listCommunityOrders',
    method: 'GET',
    path: '/api/v1/communities/:community_id/orders',
    summary: '本社区的订单（运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    query: z.strictObject({ ...PageQuery, status: OrderStatus.optional() }),
    response: pageOf(Order),
  }),
  cancelOrder: orderAction('cancelOrder', 'cancel', '取消未付款的订单（释放库存和配送时段）'),
  prepareOrder: orderAction('prepareOrder', 'prepare', '卖家开始备货'),
  readyOrder: orderAction('readyOrder', 'ready', '卖家备货完成'),
  dispatchOrder: orderAction('dispatchOrder', 'dispatch', '开始配送'),
  deliverOrder: orderAction('deliverOrder', 'deliver', '已送达'),
  pickUpOrder: orderAction('pickUpOrder', 'pick-up', '自提点交付'),
  confirmOrder: orderAction('confirmOrder', 'confirm', '买家确认收货'),
  requestOrderRefund: orderAction('requestOrderRefund', 'refund-request', '申请退款（写明原因）', ReasonBody),
  acceptOrderRefund: orderAction('acceptOrderRefund', 'refund-accept', '同意退款：货款原路退回（卖家；有争议时由运营人员决定）'),
  refuseOrderRefund: orderAction('refuseOrderRefund', 'refund-refuse', '拒绝退款（写明原因；有争议时由运营人员决定）', ReasonBody),
  disputeOrderRefund: orderAction('disputeOrderRefund', 'refund-dispute', '卖家拒绝后申请服务站介入（写明原因）', ReasonBody),
  createOffer: defineRoute({
    id: 'createOffer',
    method: 'POST',
    path: '/api/v1/products/:product_id/offers',
    summary: '为商品设置限时限量活动（店主；价格低于原价，每人限购）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ product_id: ProductId }),
    body: CreateOfferBody,
    response: Offer,
    status: 201,
  }),
  listOffers: defineRoute({
    id: 'listOffers',
    method: 'GET',
    path: '/api/v1/communities/:community_id/offers',
    summary: '本社区正在进行和即将开始的限时限量活动',
    tag,
    access: { kind: 'public' },
    params: z.strictObject({ community_id: CommunityId }),
    query: EmptyQuery,
    response: z.object({ items: z.array(Offer) }),
  }),
  getOffer: defineRoute({
    id: 'getOffer',
    method: 'GET',
    path: '/api/v1/offers/:offer_id',
    summary: '活动详情（剩余数量）',
    tag,
    access: { kind: 'public' },
    params: z.strictObject({ offer_id: OfferId }),
    query: EmptyQuery,
    response: Offer,
  }),
  reviewOrder: defineRoute({
    id: 'reviewOrder',
    method: 'POST',
    path: '/api/v1/orders/:order_id/review',
    summary: '评价已完成的订单（1–5 星、文字、可附照片；每单一次）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: OrderParams,
    body: CreateReviewBody,
    response: Review,
    status: 201,
  }),
  listMerchantReviews: defineRoute({
    id: 'listMerchantReviews',
    method: 'GET',
    path: '/api/v1/merchants/:merchant_id/reviews',
    summary: '店铺评价（新的在前）和平均分',
    tag,
    access: { kind: 'public' },
    params: z.strictObject({ merchant_id: MerchantId }),
    query: z.strictObject(PageQuery),
    response: pageOf(Review).extend({ rating_average: z.number().nullable(), rating_count: z.number().int() }),
  }),
  listRefundDisputes: defineRoute({
    id: 'listRefundDisputes',
    method: 'GET',
    path: '/api/v1/communities/:community_id/refund-disputes',
    summary: '等待服务站裁决的退款争议（运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    query: z.strictObject(PageQuery),
    response: pageOf(Order),
  }),
};
