import { z } from 'zod';
import { CHECKOUT_ERRORS, COMMAND_ERRORS, SCOPE_ERRORS, WALLET_PAY_ERRORS, errorsOf } from './errors';
import { CommunityId, IsoDateTime, ReadableNumber, humanText, idOf } from './common';
import { AddressId, MobilePhone } from './identity';
import { ProductId } from './catalog';
import { CART_LINES_MAX, CheckoutBody, QUANTITY_MAX } from './orders';
import { defineRoute, type RouteErrors } from './route';
import { JsapiPayParams, Pin } from './wallet';

// ---------- family links (亲情账号) ----------

export const FamilyLinkId = idOf('fml');
/** revoked: ended after it was approved, by the elder (kiosk, PIN) or the family member; it gives no rights any more. */
export const FAMILY_LINK_STATUSES = ['pending', 'approved', 'declined', 'revoked'] as const;
export const FamilyLinkStatus = z.enum(FAMILY_LINK_STATUSES);
export type FamilyLinkStatus = z.infer<typeof FamilyLinkStatus>;

/**
 * A family member asks to be linked to an elder by the elder's full mobile number and name as registered — both
 * must match one resident. The answer to a mismatch is the same whichever of the two was wrong, so the request
 * cannot be used to learn whose number it is; a link does nothing until the elder approves it at a kiosk (card + PIN)
 * or an operator of the elder's community approves it at the station.
 */
export const RequestFamilyLinkBody = z.strictObject({
  phone: MobilePhone,
  name: humanText({ min: 1, max: 20 }),
  /** 儿子、女儿、孙女 … how the family member is related to the elder. */
  relation: humanText({ min: 1, max: 10 }),
});

/** A link as the family member sees it: the elder's delivery details only once approved. */
export const FamilyLink = z.object({
  id: FamilyLinkId,
  status: FamilyLinkStatus,
  relation: z.string(),
  elder_name: z.string(),
  requested_at: IsoDateTime,
  decided_at: IsoDateTime.nullable(),
  /** Where orders for the elder go (approved links only): the elder's community and address book. */
  elder: z
    .object({
      community_id: CommunityId.nullable(),
      addresses: z.array(z.object({ id: AddressId, label: z.string(), detail: z.string() })),
    })
    .nullable(),
});
export type FamilyLink = z.infer<typeof FamilyLink>;

/** A link request as the elder (at the kiosk) or the operator sees it. */
export const FamilyLinkRequest = z.object({
  id: FamilyLinkId,
  status: FamilyLinkStatus,
  family_name: z.string(),
  relation: z.string(),
  family_phone_masked: z.string().nullable(),
  elder_name: z.string(),
  requested_at: IsoDateTime,
});
export type FamilyLinkRequest = z.infer<typeof FamilyLinkRequest>;

// ---------- proxy orders (为家人下单) ----------

export const ProxyOrderId = idOf('pxo');
export const PROXY_ORDER_STATUSES = ['waiting', 'approving', 'approved', 'declined', 'expired'] as const;
export const ProxyOrderStatus = z.enum(PROXY_ORDER_STATUSES);
export type ProxyOrderStatus = z.infer<typeof ProxyOrderStatus>;
/** The words for a proxy order's status, the same on every screen. */
export const PROXY_ORDER_STATUS_WORDS: Record<ProxyOrderStatus, { word: string; tone: 'info' | 'success' | 'warning' | 'neutral' }> = {
  waiting: { word: '等待家人确认', tone: 'warning' },
  approving: { word: '正在付款', tone: 'info' },
  approved: { word: '家人已同意', tone: 'success' },
  declined: { word: '家人没有同意', tone: 'neutral' },
  expired: { word: '超时已取消', tone: 'neutral' },
};

/**
 * Who pays a proxy order: the elder's card wallet when approving (PIN at the kiosk), or the family member at once
 * through WeChat Pay (the elder's approval then only accepts the goods; on a no or expiry the money goes back).
 */
export const PROXY_PAYMENTS = ['elder_card', 'family_wechat'] as const;
export const ProxyPayment = z.enum(PROXY_PAYMENTS);
export type ProxyPayment = z.infer<typeof ProxyPayment>;
/**
 * Where the family member's own WeChat payment stands: unpaid → paid (kept when approved) → refunding (a no, expiry or
 * an ended link: the WeChat Pay refund was started, once) → refunded (WeChat Pay says the money is back) or
 * refund_failed (WeChat Pay refused or closed it: the money is back on the platform, for the station to send again);
 * not_paid: the order ended before it was paid.
 */
export const FAMILY_PAYMENT_STATES = ['unpaid', 'paid', 'refunding', 'refunded', 'refund_failed', 'not_paid'] as const;
export const FamilyPaymentState = z.enum(FAMILY_PAYMENT_STATES);
export type FamilyPaymentState = z.infer<typeof FamilyPaymentState>;
export const FAMILY_PAYMENT_WORDS: Record<FamilyPaymentState, { word: string; tone: 'info' | 'success' | 'warning' | 'neutral' }> = {
  unpaid: { word: '待您付款', tone: 'warning' },
  paid: { word: '已由您付款', tone: 'success' },
  refunding: { word: '原路退款中', tone: 'info' },
  refunded: { word: '已退款', tone: 'neutral' },
  refund_failed: { word: '退款未成功', tone: 'warning' },
  not_paid: { word: '未付款', tone: 'neutral' },
};

/**
 * What the family member chose for the elder: the lines themselves (not their own cart, which is checked against
 * their own community — they may live in another city), delivered like any checkout to the elder's address or station.
 */
export const PlaceProxyOrderBody = CheckoutBody.extend({
  /** 老人卡内余额支付 (the default, today's flow) or 我来付 (WeChat Pay, at once). */
  payment: ProxyPayment.default('elder_card'),
  lines: z
    .array(z.strictObject({ product_id: ProductId, quantity: z.number().int().min(1).max(QUANTITY_MAX) }))
    .min(1)
    .max(CART_LINES_MAX)
    .refine((lines) => new Set(lines.map((l) => l.product_id)).size === lines.length, { message: '同一商品请只写一行' }),
});

export const ProxyOrder = z.object({
  id: ProxyOrderId,
  link_id: FamilyLinkId,
  status: ProxyOrderStatus,
  family_name: z.string(),
  relation: z.string(),
  elder_name: z.string(),
  total_fen: z.number().int(),
  items: z.array(z.object({ name: z.string(), quantity: z.number().int(), unit: z.string(), subtotal_fen: z.number().int() })),
  order_numbers: z.array(ReadableNumber),
  /** 送到家 … or 到服务站自提 …: where the goods go, in words. */
  delivery_words: z.string(),
  payment: ProxyPayment,
  /** family_wechat only: where the family member's own payment stands. */
  family_payment: FamilyPaymentState.nullable(),
  /** 我来付 refunded: when WeChat Pay said the money was back with the family member. */
  refunded_at: IsoDateTime.nullable(),
  /** Declined because the family link was ended (not by the elder's no at the kiosk). */
  link_revoked: z.boolean(),
  expires_at: IsoDateTime,
  decided_at: IsoDateTime.nullable(),
  created_at: IsoDateTime,
});
export type ProxyOrder = z.infer<typeof ProxyOrder>;

/** A proxy order with the WeChat Pay parameters to pay it (我来付, while unpaid); null when nothing is to be paid. */
export const ProxyOrderToPay = ProxyOrder.extend({
  wechat_pay: z.object({ out_trade_no: z.string(), pay_params: JsapiPayParams }).nullable(),
});
export type ProxyOrderToPay = z.infer<typeof ProxyOrderToPay>;

// ---------- routes ----------

const tag = 'family';
const anyone = { kind: 'user', roles: 'any' } as const;
const card = { kind: 'card' } as const;
const LinkParams = z.strictObject({ link_id: FamilyLinkId });
const ProxyParams = z.strictObject({ proxy_order_id: ProxyOrderId });
const LINK_ERRORS: RouteErrors = { 404: ['family_link_not_found'], 409: ['family_link_decided'] };
const PROXY_ERRORS: RouteErrors = { 404: ['proxy_order_not_found'], 409: ['proxy_order_decided', 'proxy_order_in_progress'] };
const REVOKE_ERRORS: RouteErrors = { 404: ['family_link_not_found'], 409: ['family_link_not_active'] };

export const familyLinkRoutes = {
  requestFamilyLink: defineRoute({
    id: 'requestFamilyLink',
    errors: { 400: ['family_link_self'], 404: ['elder_not_found'], 409: ['family_link_exists', 'too_many_link_requests'] },
    method: 'POST',
    path: '/api/v1/family-links',
    summary: '申请关联家人（填写家人的手机号和姓名；家人在社区终端刷卡确认或服务站工作人员确认后生效）',
    tag,
    access: anyone,
    body: RequestFamilyLinkBody,
    response: FamilyLink,
    status: 201,
    rateLimit: 'login',
  }),
  listMyFamilyLinks: defineRoute({
    id: 'listMyFamilyLinks',
    method: 'GET',
    path: '/api/v1/family-links',
    summary: '我关联的家人（申请中、已生效、未同意）',
    tag,
    access: anyone,
    query: z.strictObject({}),
    response: z.object({ items: z.array(FamilyLink) }),
  }),
  kioskListFamilyLinks: defineRoute({
    id: 'kioskListFamilyLinks',
    method: 'GET',
    path: '/api/v1/kiosk/family-links',
    summary: '终端：等您确认的家人关联申请（刷卡登录后）',
    tag: 'kiosk',
    access: card,
    query: z.strictObject({}),
    response: z.object({ items: z.array(FamilyLinkRequest) }),
  }),
  kioskApproveFamilyLink: defineRoute({
    id: 'kioskApproveFamilyLink',
    errors: errorsOf(LINK_ERRORS, WALLET_PAY_ERRORS),
    method: 'POST',
    path: '/api/v1/kiosk/family-links/:link_id/approve',
    summary: '终端：同意家人关联（再次输入市民卡密码）',
    tag: 'kiosk',
    access: card,
    params: LinkParams,
    body: z.strictObject({ pin: Pin }),
    response: FamilyLinkRequest,
  }),
  kioskDeclineFamilyLink: defineRoute({
    id: 'kioskDeclineFamilyLink',
    errors: LINK_ERRORS,
    method: 'POST',
    path: '/api/v1/kiosk/family-links/:link_id/decline',
    summary: '终端：不同意家人关联',
    tag: 'kiosk',
    access: card,
    params: LinkParams,
    body: z.strictObject({}),
    response: FamilyLinkRequest,
  }),
  listCommunityFamilyLinks: defineRoute({
    id: 'listCommunityFamilyLinks',
    errors: SCOPE_ERRORS,
    method: 'GET',
    path: '/api/v1/communities/:community_id/family-links',
    summary: '服务站：本社区居民等待确认的家人关联申请',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    query: z.strictObject({}),
    response: z.object({ items: z.array(FamilyLinkRequest) }),
  }),
  decideFamilyLink: defineRoute({
    id: 'decideFamilyLink',
    errors: errorsOf(LINK_ERRORS, SCOPE_ERRORS),
    method: 'POST',
    path: '/api/v1/family-links/:link_id/decide',
    summary: '服务站：代老人确认或拒绝家人关联（老人在场时）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: LinkParams,
    body: z.strictObject({ decision: z.enum(['approve', 'decline']) }),
    response: FamilyLinkRequest,
  }),
  placeProxyOrder: defineRoute({
    id: 'placeProxyOrder',
    errors: errorsOf(COMMAND_ERRORS, CHECKOUT_ERRORS, { 403: ['family_link_not_approved'], 404: ['family_link_not_found'] }),
    method: 'POST',
    path: '/api/v1/family-links/:link_id/orders',
    summary: '为家人下单：选好的商品送到家人的地址或服务站，等家人在社区终端确认并付款（库存保留到确认期限）',
    tag,
    access: anyone,
    params: LinkParams,
    body: PlaceProxyOrderBody,
    response: ProxyOrderToPay,
    status: 201,
    idempotent: true,
  }),
  listMyProxyOrders: defineRoute({
    id: 'listMyProxyOrders',
    method: 'GET',
    path: '/api/v1/proxy-orders',
    summary: '我为家人下的单（最近 50 笔）',
    tag,
    access: anyone,
    query: z.strictObject({}),
    response: z.object({ items: z.array(ProxyOrder) }),
  }),
  kioskListProxyOrders: defineRoute({
    id: 'kioskListProxyOrders',
    method: 'GET',
    path: '/api/v1/kiosk/proxy-orders',
    summary: '终端：家人为您下的、等您确认的订单（刷卡登录后）',
    tag: 'kiosk',
    access: card,
    query: z.strictObject({}),
    response: z.object({ items: z.array(ProxyOrder) }),
  }),
  kioskApproveProxyOrder: defineRoute({
    id: 'kioskApproveProxyOrder',
    errors: errorsOf(PROXY_ERRORS, WALLET_PAY_ERRORS, COMMAND_ERRORS, {
      403: ['family_link_not_approved'],
      409: ['proxy_order_unpaid', 'checkout_not_placed', 'not_payable', 'payment_expired', 'payment_in_progress', 'illegal_transition'],
    }),
    method: 'POST',
    path: '/api/v1/kiosk/proxy-orders/:proxy_order_id/approve',
    summary: '终端：同意家人代下的单，输入密码从市民卡付款（只扣一次）',
    tag: 'kiosk',
    access: card,
    params: ProxyParams,
    /** The PIN pays from the card (elder_card); an order the family member paid is only accepted: no PIN. */
    body: z.strictObject({ pin: Pin.optional() }),
    response: ProxyOrder,
    idempotent: true,
  }),
  kioskDeclineProxyOrder: defineRoute({
    id: 'kioskDeclineProxyOrder',
    errors: PROXY_ERRORS,
    method: 'POST',
    path: '/api/v1/kiosk/proxy-orders/:proxy_order_id/decline',
    summary: '终端：不同意家人代下的单（订单取消，库存放回）',
    tag: 'kiosk',
    access: card,
    params: ProxyParams,
    body: z.strictObject({}),
    response: ProxyOrder,
  }),
  payProxyOrder: defineRoute({
    id: 'payProxyOrder',
    errors: errorsOf(PROXY_ERRORS, { 409: ['proxy_order_not_family_paid', 'payment_closed'] }),
    method: 'POST',
    path: '/api/v1/proxy-orders/:proxy_order_id/pay',
    summary: '我来付：再次取得微信支付参数（同一笔支付单，不会重复扣款）',
    tag,
    access: anyone,
    params: ProxyParams,
    body: z.strictObject({}),
    response: ProxyOrderToPay,
  }),
  revokeFamilyLink: defineRoute({
    id: 'revokeFamilyLink',
    errors: REVOKE_ERRORS,
    method: 'POST',
    path: '/api/v1/family-links/:link_id/revoke',
    summary: '解除与家人的关联（等待确认的代下单随之取消，您付的款退回微信）',
    tag,
    access: anyone,
    params: LinkParams,
    body: z.strictObject({}),
    response: FamilyLink,
  }),
  kioskListLinkedFamily: defineRoute({
    id: 'kioskListLinkedFamily',
    method: 'GET',
    path: '/api/v1/kiosk/family-links/linked',
    summary: '终端：已关联、可为您代买的家人',
    tag: 'kiosk',
    access: card,
    query: z.strictObject({}),
    response: z.object({ items: z.array(FamilyLinkRequest) }),
  }),
  kioskRevokeFamilyLink: defineRoute({
    id: 'kioskRevokeFamilyLink',
    errors: errorsOf(REVOKE_ERRORS, WALLET_PAY_ERRORS),
    method: 'POST',
    path: '/api/v1/kiosk/family-links/:link_id/revoke',
    summary: '终端：解除家人关联（输入市民卡密码；等待确认的代下单随之取消）',
    tag: 'kiosk',
    access: card,
    params: LinkParams,
    body: z.strictObject({ pin: Pin }),
    response: FamilyLinkRequest,
  }),
};
