import type { BodyOf, KioskCheckout, routes } from '@cc/shared';
import type { CardActor } from '../../platform/actor';
import { notFound } from '../../platform/problem';
import type { CheckoutService } from '../checkout/index';
import type { CheckoutDoc, OrderDoc, OrderModels } from '../models';
import type { KioskShopPorts } from './ports';
import { deliveryDocWords } from './words';

type ReorderBody = BodyOf<typeof routes.kioskReorder>;
type LinesBody = BodyOf<typeof routes.kioskShopCheckout>;
type PayBody = BodyOf<typeof routes.kioskShopPay>;

export interface BuyDeps {
  models: OrderModels;
  checkout: CheckoutService;
  ports: KioskShopPorts;
}

const buyerOf = (card: CardActor) => ({ user_id: card.user_id, community_id: card.community_id });
const checkoutNotFound = () => notFound('checkout_not_found', '订单不存在');

/** Above the PIN-free limit, or past what is left of today's PIN-free total: the PIN pad at once. */
const needsPin = (limits: Awaited<ReturnType<KioskShopPorts['wallet']>>['limits'], total_fen: number) =>
  total_fen > limits.pin_free_limit_fen || limits.pin_free_spent_today_fen + total_fen > limits.pin_free_daily_fen;

/** The checkout as the kiosk shows it: lines, total, delivery in words, paid or not, and the wallet now. */
async function present(deps: BuyDeps, card: CardActor, checkout_id: string): Promise<KioskCheckout> {
  const c = await deps.models.Checkout.findById(checkout_id).lean<CheckoutDoc>();
  if (!c || c.buyer_id !== card.user_id) throw checkoutNotFound();
  const orders = await deps.models.Order.find({ checkout_id }).sort({ _id: 1 }).lean<OrderDoc[]>();
  const wallet = await deps.ports.wallet(card.user_id);
  const paid = orders.some((o) => o.payment !== null);
  const unpaid = orders.some((o) => o.status === 'pending_payment');
  return {
    checkout_id,
    numbers: orders.map((o) => o.number),
    lines: orders.flatMap((o) => o.lines.map((l) => ({ name: l.name, quantity: l.quantity, unit: l.unit, subtotal_fen: l.subtotal_fen }))),
    total_fen: c.total_fen,
    delivery_words: orders[0] ? deliveryDocWords(orders[0].delivery) : '',
    state: paid ? 'paid' : unpaid ? 'unpaid' : 'cancelled',
    pay_by: c.pay_by.toISOString(),
    pin_required: needsPin(wallet.limits, c.total_fen),
    balance_fen: wallet.balance_fen,
  };
}

/**
 * “再买一次”: the lines of one of the card holder's own orders, bought again at today's prices (what cannot be bought
 * now is left out by the checkout's plan). Anyone else's order is 404 before anything is written.
 */
async function reorder(deps: BuyDeps, card: CardActor, body: ReorderBody, key: string): Promise<KioskCheckout> {
  const o = await deps.models.Order.findById(body.order_id).lean<OrderDoc>();
  if (!o || o.buyer_id !== card.user_id) throw notFound('order_not_found', '订单不存在');
  const lines = o.lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity }));
  const checkoutBody = { delivery: body.delivery, expected_total_fen: body.expected_total_fen };
  const req = { lines, skip_unavailable: true, body: checkoutBody, request: { kiosk_reorder: body } };
  const placed = await deps.checkout.checkoutLines(buyerOf(card), req, key);
  return present(deps, card, placed.checkout_id);
}

/** 常买的: the chosen items and quantities, in one checkout (the person's mini-program cart is left alone). */
async function buyLines(deps: BuyDeps, card: CardActor, body: LinesBody, key: string): Promise<KioskCheckout> {
  const checkoutBody = { delivery: body.delivery, expected_total_fen: body.expected_total_fen };
  const req = { lines: body.lines, skip_unavailable: false, body: checkoutBody, request: { kiosk_lines: body } };
  const placed = await deps.checkout.checkoutLines(buyerOf(card), req, key);
  return present(deps, card, placed.checkout_id);
}

/**
 * Pays a kiosk checkout from the card's wallet through the orders' pay command (keyed by the terminal's
 * Idempotency-Key): PIN-free up to the wallet's limit, the PIN above it, the daily cap always. Another person's
 * checkout is 404 before anything is written.
 */
async function pay(deps: BuyDeps, card: CardActor, checkout_id: string, body: PayBody, key: string): Promise<KioskCheckout> {
  const c = await deps.models.Checkout.findById(checkout_id, { buyer_id: 1 }).lean<Pick<CheckoutDoc, 'buyer_id'>>();
  if (!c || c.buyer_id !== card.user_id) throw checkoutNotFound();
  await deps.checkout.pay(buyerOf(card), checkout_id, { method: 'wallet', ...(body.pin ? { pin: body.pin } : {}) }, key);
  return present(deps, card, checkout_id);
}

export function kioskBuying(deps: BuyDeps) {
  return {
    reorder: (card: CardActor, body: ReorderBody, key: string) => reorder(deps, card, body, key),
    buyLines: (card: CardActor, body: LinesBody, key: string) => buyLines(deps, card, body, key),
    pay: (card: CardActor, checkout_id: string, body: PayBody, key: string) => pay(deps, card, checkout_id, body, key),
    state: (card: CardActor, checkout_id: string) => present(deps, card, checkout_id),
  };
}
