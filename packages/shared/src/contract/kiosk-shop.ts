import { z } from 'zod';
import { IsoDateTime, ReadableNumber, UserId } from './common';
import { COMMAND_ERRORS, WALLET_PAY_ERRORS, errorsOf } from './errors';
import { ProductId } from './catalog';
import { CheckoutBody, CheckoutId, OrderId } from './orders';
import { defineRoute } from './route';

/**
 * 买菜 at the kiosk (issue 15 items 1–2): the card holder's recent orders as “再买一次” cards, up to 12 “常买的”
 * items, the person's usual delivery in words, and checkout + pay from the card's wallet — PIN-free up to the wallet's
 * limit, otherwise the PIN; the wallet's daily cap holds for every payment. Every write carries an Idempotency-Key
 * the terminal made before sending, so a retry after a network drop or a reload is charged once.
 */
export const KIOSK_SHOP_RECENT_MAX = 3;
export const KIOSK_SHOP_FREQUENT_MAX = 12;
export const KIOSK_SHOP_QUANTITY_MAX = 20;

/** Where the goods go: exactly what a checkout takes (a slot at home, or pickup at a station on a day). */
export const KioskDeliveryChoice = CheckoutBody.shape.delivery;
export type KioskDeliveryChoice = z.infer<typeof KioskDeliveryChoice>;

/** The person's usual delivery, and the same in words (shown and read aloud before paying). */
export const KioskDelivery = z.object({ choice: KioskDeliveryChoice, words: z.string() });
export type KioskDelivery = z.infer<typeof KioskDelivery>;

/** A product as the kiosk shows it, at today's price; `available` false when it cannot be bought now. */
export const KioskShopItem = z.object({
  product_id: ProductId,
  name: z.string(),
  spec: z.string(),
  unit: z.string(),
  photo_url: z.string().nullable(),
  price_fen: z.number().int(),
  /** In a re-order card: the quantity bought last time; in 常买的: what the person usually takes. */
  quantity: z.number().int(),
  /** How many can be bought now (stock, at most KIOSK_SHOP_QUANTITY_MAX); 0 when unavailable. */
  max_quantity: z.number().int(),
  available: z.boolean(),
});
export type KioskShopItem = z.infer<typeof KioskShopItem>;

/** “再买一次”: an earlier order, priced now; what cannot be bought now is named and left out. */
export const KioskReorderCard = z.object({
  order_id: OrderId,
  number: ReadableNumber,
  /** Shanghai date the order was placed. */
  ordered_on: z.string(),
  seller: z.string(),
  items: z.array(KioskShopItem),
  /** Today's total of the items that can be bought now: what the re-order will cost. */
  total_fen: z.number().int(),
  /** Names of the items left out (sold out, no longer sold, or not enough in stock). */
  missing: z.array(z.string()),
  reorderable: z.boolean(),
});
export type KioskReorderCard = z.infer<typeof KioskReorderCard>;

export const KioskShop = z.object({
  /** Whose shop this is: a pending payment kept by the terminal is only ever retried for the same person. */
  holder_id: UserId,
  recent: z.array(KioskReorderCard),
  frequent: z.array(KioskShopItem),
  /** null when neither a delivery slot at home nor pickup at this station is possible now. */
  delivery: KioskDelivery.nullable(),
  wallet: z.object({
    balance_fen: z.number().int(),
    /** Payments above this need the PIN. */
    pin_free_limit_fen: z.number().int(),
    /** What the daily cap still allows today. */
    daily_left_fen: z.number().int(),
  }),
});
export type KioskShop = z.infer<typeof KioskShop>;

/** A kiosk checkout: what will be (or was) paid, where it goes, and the wallet before or after. */
export const KioskCheckout = z.object({
  checkout_id: CheckoutId,
  /** The orders' readable numbers (one per seller). */
  numbers: z.array(ReadableNumber),
  lines: z.array(z.object({ name: z.string(), quantity: z.number().int(), unit: z.string(), subtotal_fen: z.number().int() })),
  total_fen: z.number().int(),
  delivery_words: z.string(),
  /** unpaid: waiting for payment; paid: the money moved once; cancelled: not paid in time (nothing was charged). */
  state: z.enum(['unpaid', 'paid', 'cancelled']),
  pay_by: IsoDateTime,
  pin_required: z.boolean(),
  /** The wallet's balance now (after the payment once paid). */
  balance_fen: z.number().int(),
});
export type KioskCheckout = z.infer<typeof KioskCheckout>;

export const KioskReorderBody = z.strictObject({
  order_id: OrderId,
  delivery: KioskDeliveryChoice,
  /** The total the card showed; a different total now is refused (409 price_changed), never silently charged. */
  expected_total_fen: z.number().int().min(0).max(100_000_000),
});

export const KioskShopCheckoutBody = z.strictObject({
  lines: z
    .array(z.strictObject({ product_id: ProductId, quantity: z.number().int().min(1).max(KIOSK_SHOP_QUANTITY_MAX) }))
    .min(1)
    .max(KIOSK_SHOP_FREQUENT_MAX)
    .refine((ls) => new Set(ls.map((l) => l.product_id)).size === ls.length, { message: '同一商品只能出现一次' }),
  delivery: KioskDeliveryChoice,
  expected_total_fen: z.number().int().min(0).max(100_000_000),
});

export const KioskShopPayBody = z.strictObject({
  /** Six digits, needed above the PIN-free limit. */
  pin: z
    .string()
    .regex(/^\d{6}$/, { message: '密码为 6 位数字' })
    .optional(),
});

const PLACE_ERRORS = errorsOf(COMMAND_ERRORS, {
  400: ['address_unknown', 'community_required', 'slot_unknown', 'pickup_station_unknown'],
  409: [
    'checkout_in_progress',
    'insufficient_stock',
    'merchant_not_ready',
    'price_changed',
    'product_not_served',
    'product_unavailable',
    'reservation_conflict',
    'slot_full',
    'slot_cut_off',
    'pickup_closed',
    'slot_booking_in_progress',
    'slot_holder_taken',
  ],
});
const CheckoutParams = z.strictObject({ checkout_id: CheckoutId });
const tag = 'kiosk';
const access = { kind: 'card' } as const;

export const kioskShopRoutes = {
  kioskShop: defineRoute({
    id: 'kioskShop',
    errors: { 404: ['card_not_found'] },
    method: 'GET',
    path: '/api/v1/kiosk/shop',
    summary: '终端买菜：最近的订单（再买一次）、常买的 12 样、平时的送货方式和钱包',
    tag,
    access,
    query: z.strictObject({}),
    response: KioskShop,
  }),
  kioskReorder: defineRoute({
    id: 'kioskReorder',
    errors: errorsOf(PLACE_ERRORS, { 404: ['order_not_found'], 409: ['nothing_to_reorder'] }),
    method: 'POST',
    path: '/api/v1/kiosk/shop/reorders',
    summary: '再买一次：按现在的价格和库存把以前的一单再下一次（缺货的不买），送到平时的地方',
    tag,
    access,
    body: KioskReorderBody,
    response: KioskCheckout,
    status: 201,
    idempotent: true,
  }),
  kioskShopCheckout: defineRoute({
    id: 'kioskShopCheckout',
    errors: PLACE_ERRORS,
    method: 'POST',
    path: '/api/v1/kiosk/shop/checkouts',
    summary: '常买的：选好的商品下单（不动手机上的购物车）',
    tag,
    access,
    body: KioskShopCheckoutBody,
    response: KioskCheckout,
    status: 201,
    idempotent: true,
  }),
  kioskShopPay: defineRoute({
    id: 'kioskShopPay',
    errors: errorsOf(WALLET_PAY_ERRORS, COMMAND_ERRORS, {
      404: ['checkout_not_found'],
      409: ['checkout_not_placed', 'not_payable', 'payment_expired', 'payment_in_progress', 'illegal_transition'],
    }),
    method: 'POST',
    path: '/api/v1/kiosk/shop/checkouts/:checkout_id/pay',
    summary: '用市民卡钱包付款（免密额度以内不用密码，超过要输入密码；每日限额）',
    tag,
    access,
    params: CheckoutParams,
    body: KioskShopPayBody,
    response: KioskCheckout,
    idempotent: true,
  }),
  kioskShopCheckoutState: defineRoute({
    id: 'kioskShopCheckoutState',
    errors: { 404: ['checkout_not_found'] },
    method: 'GET',
    path: '/api/v1/kiosk/shop/checkouts/:checkout_id',
    summary: '这一单付了没有（网络断了以后终端来确认）',
    tag,
    access,
    params: CheckoutParams,
    query: z.strictObject({}),
    response: KioskCheckout,
  }),
};
