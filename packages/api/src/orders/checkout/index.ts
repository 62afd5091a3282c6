import type { BodyOf, CheckoutResult, routes } from '@cc/shared';
import type { UserActor } from '../../platform/actor';
import type { Commands } from '../../platform/commands';
import type { DelayedJobs } from '../../platform/jobs';
import { conflict, notFound } from '../../platform/problem';
import type { CartService } from '../cart';
import type { Lifecycle } from '../lifecycle';
import type { CheckoutDoc, OrderDoc, OrderModels } from '../models';
import type { OfferService } from '../offers';
import type { OrderPorts } from '../ports';
import type { Numbers } from '../../platform/numbers';
import type { OrderPresenter } from '../present';
import { createPaymentBook } from './book';
import { createExpiry } from './expire';
import { payCommand, type PayResult } from './pay';
import { placeCommand } from './place';
import type { CartLine, CheckoutBody } from './plan';

/** Who buys: a signed-in person, or a card holder at a kiosk (in the kiosk's community). */
type Buyer = Pick<UserActor, 'user_id' | 'community_id'>;
/** Lines bought instead of the cart; `request` is what the idempotency check compares (the caller's own body). */
type LinesRequest = { lines: CartLine[]; skip_unavailable: boolean; body: CheckoutBody; request: unknown };

type PayBody = BodyOf<typeof routes.payCheckout>;
/** A checkout placed for someone else: the buyer, the lines chosen for them, how long they have to pay. */
type ForBuyer = {
  buyer: { user_id: string; community_id: string | null };
  lines: { product_id: string; quantity: number }[];
  pay_within_ms: number;
};

/**
 * Checkout and payment: two commands on the kernel (platform/commands.ts) — placing a checkout (a saga over offers,
 * stock and delivery seats) and paying it — plus the checkout's pay-by job and the WeChat Pay listener. See
 * docs/architecture.md, "checkout → pay → delivery".
 */
export function createCheckoutService(deps: {
  models: OrderModels;
  ports: OrderPorts;
  cart: CartService;
  offers: OfferService;
  lifecycle: Lifecycle;
  commands: Commands;
  expiry: DelayedJobs<{ checkout_id: string }>;
  numbers: Numbers;
  present: OrderPresenter;
  payWithinMs: number;
}) {
  const { Order, Checkout } = deps.models;

  async function result(checkout_id: string): Promise<CheckoutResult> {
    const c = (await Checkout.findById(checkout_id).lean<CheckoutDoc>()) as CheckoutDoc;
    const orders = await Order.find({ checkout_id }).sort({ _id: 1 }).lean<OrderDoc[]>();
    return { checkout_id, orders: await deps.present.many(orders), total_fen: c.total_fen, pay_by: c.pay_by.toISOString() };
  }

  const book = createPaymentBook({ models: deps.models, ports: deps.ports, lifecycle: deps.lifecycle });
  const place = deps.commands.define(placeCommand({ ...deps, result }));
  const pay = deps.commands.define(payCommand({ models: deps.models, ports: deps.ports, book, result }));
  const expiry = createExpiry({ models: deps.models, ports: deps.ports, lifecycle: deps.lifecycle, expiry: deps.expiry, book });

  return {
    expire: expiry.expire,

    checkout(actor: UserActor, body: CheckoutBody, idempotencyKey: string): Promise<CheckoutResult> {
      const input = { user_id: actor.user_id, community_id: actor.community_id, body };
      return place.execute({ key: `${actor.user_id}:${idempotencyKey}`, input, request: body });
    },

    /** A checkout of the given lines instead of the cart (the kiosk's re-order and 常买的); the cart is left alone. */
    checkoutLines(buyer: Buyer, req: LinesRequest, idempotencyKey: string): Promise<CheckoutResult> {
      const input = { user_id: buyer.user_id, community_id: buyer.community_id, ...req };
      return place.execute({ key: `${buyer.user_id}:${idempotencyKey}`, input, request: req.request });
    },

    /** Pays every unpaid order of a checkout, once. The PIN is checked by the wallet and never stored. */
    pay(actor: Buyer, checkout_id: string, body: PayBody, idempotencyKey: string): Promise<PayResult> {
      const input = { user_id: actor.user_id, checkout_id, method: body.method };
      const pin = body.method === 'wallet' ? body.pin : undefined;
      return pay.execute({ key: `${actor.user_id}:${idempotencyKey}`, input, transient: { pin } });
    },

    /**
     * A checkout of lines someone chose for `buyer` (为家人下单): the elder's community and address book, the elder
     * as the buyer who pays — within `pay_within_ms`, the time the elder has to approve.
     */
    checkoutFor(req: ForBuyer, body: CheckoutBody, key: string): Promise<CheckoutResult> {
      const input = { ...req.buyer, body, lines: req.lines, pay_within_ms: req.pay_within_ms };
      return place.execute({ key, input, request: { body, buyer: req.buyer.user_id } });
    },

    /** The buyer's wallet payment of a checkout placed for them, under a key the caller derived (a kiosk approval). */
    payAs(user_id: string, checkout_id: string, pin: string | undefined, key: string): Promise<PayResult> {
      return pay.execute({ key, input: { user_id, checkout_id, method: 'wallet' }, transient: { pin } });
    },

    /** The checkout and its orders, for another module that keeps the checkout's id (the proxy orders). */
    view: (checkout_id: string) => result(checkout_id),

    /** The checkout as it stands; a WeChat Pay payment whose notify is late is looked up first. */
    async get(actor: UserActor, checkout_id: string): Promise<CheckoutResult> {
      const c = await Checkout.findById(checkout_id).lean<CheckoutDoc>();
      if (!c || c.buyer_id !== actor.user_id) throw notFound('checkout_not_found', '订单不存在');
      if (c.payment.wechat) await deps.ports.wallet.wechat.refresh(c.payment.wechat.out_trade_no);
      return result(c._id);
    },

    /** WeChat Pay reported a payment (through the wallet, which booked it once). Idempotent: notifies repeat. */
    async onWechatPaid(paid: { reference_id: string; transfer_id: string; amount_fen: number; out_trade_no: string }): Promise<void> {
      const c = await Checkout.findById(paid.reference_id).lean<CheckoutDoc>();
      if (!c) return;
      await book.paid(c, { transfer_id: paid.transfer_id, amount_fen: paid.amount_fen, method: 'wechatpay' });
    },

    /** Cancelling an unpaid order: an open WeChat Pay order of its checkout is closed first, so it cannot be paid after. */
    async cancel(actor: UserActor, order_id: string, reason: string | null) {
      const o = await deps.lifecycle.load(order_id);
      const c = await Checkout.findById(o.checkout_id).lean<CheckoutDoc>();
      if (o.status === 'pending_payment' && c?.payment.wechat) {
        const outcome = await deps.ports.wallet.wechat.settleOrClose(c.payment.wechat.out_trade_no);
        if (outcome === 'paid') throw conflict('illegal_transition', '订单已付款，不能取消；如需退款请申请退款');
        await Checkout.updateOne({ _id: c._id }, { $set: { 'payment.wechat': null } });
      }
      return deps.lifecycle.act(actor, order_id, 'cancel', reason);
    },
  };
}
export type CheckoutService = ReturnType<typeof createCheckoutService>;
