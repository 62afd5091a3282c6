import type { CheckoutResult } from '@cc/shared';
import type { CommandSpec, Saga } from '../../platform/commands';
import type { DelayedJobs } from '../../platform/jobs';
import { isNumberClash, type Numbers } from '../../platform/numbers';
import type { CartService } from '../cart';
import type { CheckoutDoc, DeliveryDoc, OrderDoc, OrderModels } from '../models';
import type { OfferService } from '../offers';
import type { OrderPorts } from '../ports';
import { holdKey, planCheckout, type CartLine, type CheckoutBody, type CheckoutPlan } from './plan';

export interface PlaceInput {
  user_id: string;
  community_id: string | null;
  body: CheckoutBody;
  /** Lines to buy instead of the cart's (the kiosk's re-order and 常买的). */
  lines?: CartLine[];
  /** With `lines`: leave out what cannot be bought now instead of refusing (a re-order). */
  skip_unavailable?: boolean;
  /** How long the orders wait for payment when not the usual time (a family order waits for the elder's approval). */
  pay_within_ms?: number;
}

export interface PlaceDeps {
  models: OrderModels;
  ports: OrderPorts;
  cart: CartService;
  offers: OfferService;
  expiry: DelayedJobs<{ checkout_id: string }>;
  numbers: Numbers;
  payWithinMs: number;
  result(checkout_id: string): Promise<CheckoutResult>;
}

const ignoreDuplicate = (err: { code?: number }) => {
  if (err.code !== 11000) throw err;
};

type NewOrder = Omit<OrderDoc, 'number'>;

/** Each order gets its readable number as it goes in; a step run again skips the orders already in. */
async function insertNumbered(deps: PlaceDeps, doc: NewOrder): Promise<void> {
  const { Order } = deps.models;
  if (await Order.exists({ _id: doc._id })) return;
  await deps.numbers.withNumber('order', doc.created_at, async (number) => {
    await Order.insertMany([{ ...doc, number }]).catch((err: { code?: number }) => {
      // A clash on the number draws another (withNumber); a duplicate id is another runner's insert of this order.
      if (isNumberClash(err)) throw err;
      ignoreDuplicate(err);
    });
  });
}

function orderDoc(
  plan: CheckoutPlan,
  o: CheckoutPlan['orders'][number],
  input: PlaceInput,
  c: CheckoutDoc,
  delivery: DeliveryDoc,
): NewOrder {
  const now = c.created_at;
  return {
    _id: o.order_id,
    checkout_id: plan.checkout_id,
    buyer_id: input.user_id,
    community_id: c.community_id,
    merchant_id: o.merchant_id,
    merchant_name: o.merchant_name,
    merchant_account_id: o.merchant_account_id,
    lines: o.lines,
    total_fen: o.total_fen,
    delivery,
    note: input.body.note ?? null,
    status: 'pending_payment',
    pay_by: c.pay_by,
    payment: null,
    refund_from: null,
    refund: null,
    auto_confirm_at: null,
    settled: false,
    history: [{ at: now, actor_id: input.user_id, actor_role: 'buyer', action: 'place', from: null, to: 'pending_payment', reason: null }],
    created_at: now,
    updated_at: now,
  };
}

/** A pickup's station, or this order's own seat in the delivery window (a step: the seat is taken). */
async function deliveryOf(
  deps: PlaceDeps,
  saga: Saga,
  plan: CheckoutPlan,
  o: CheckoutPlan['orders'][number],
  c: CheckoutDoc,
): Promise<DeliveryDoc> {
  if (o.pickup) return o.pickup;
  const slot = plan.slot as NonNullable<CheckoutPlan['slot']>;
  const book = { community_id: c.community_id, slot_key: slot.slot_key, order_id: o.order_id };
  const seat = await saga.step('slots.book', book, (a) => deps.ports.slots.book(a.community_id, a.slot_key, a.order_id));
  return {
    kind: 'slot',
    slot_key: slot.slot_key,
    starts_at: new Date(seat.starts_at),
    ends_at: new Date(seat.ends_at),
    recipient: slot.recipient,
    phone: slot.phone,
    address: slot.address,
  };
}

/**
 * Placing a checkout (DESIGN §2 saga, on the command kernel): the plan is decided once; the checkout record and its
 * pay-by job come before anything is taken; then offer units, stock and delivery seats, each a step that the kernel
 * gives back in reverse order if a later one is refused; last the orders themselves.
 */
export function placeCommand(deps: PlaceDeps): CommandSpec<PlaceInput, CheckoutResult> {
  const { Checkout, Order } = deps.models;
  return {
    name: 'orders.checkout',
    inProgress: { code: 'checkout_in_progress', title: '正在提交订单，请稍候' },
    replay: (result) => deps.result(result.checkout_id),
    async run(input, saga) {
      const plan = await saga.step('orders.plan', { user_id: input.user_id }, () => planCheckout(deps, input));
      const c = await saga.step('orders.open_checkout', { checkout_id: plan.checkout_id }, async () => {
        const now = new Date();
        const doc: CheckoutDoc = {
          _id: plan.checkout_id,
          idempotency_key: saga.command_id,
          buyer_id: input.user_id,
          community_id: input.community_id as string,
          status: 'reserving',
          plan: plan.orders.map((o) => ({
            order_id: o.order_id,
            lines: o.lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity, offer_id: l.offer_id })),
            slot_key: plan.slot?.slot_key ?? null,
          })),
          failure: null,
          total_fen: plan.total_fen,
          pay_by: new Date(now.getTime() + (input.pay_within_ms ?? deps.payWithinMs)),
          payment: { attempt: 0, in_progress_until: null },
          created_at: now,
        };
        await Checkout.create(doc).catch(ignoreDuplicate);
        // Scheduled before anything is taken: unpaid orders are cancelled at pay_by whatever happens here.
        await deps.expiry.schedule(doc._id, { checkout_id: doc._id }, doc.pay_by);
        return doc;
      });
      const docs: NewOrder[] = [];
      for (const o of plan.orders) {
        for (const l of o.lines) {
          // The scarce thing first: an offer's units (and the person's allowance), then the product's stock.
          if (l.offer_id) {
            const claim = { order_id: o.order_id, offer_id: l.offer_id, user_id: input.user_id, quantity: l.quantity };
            await saga.step('offers.claim', claim, (a) => deps.offers.claim(a.order_id, a.offer_id, a.user_id, a.quantity));
          }
          const hold = { product_id: l.product_id, quantity: l.quantity, key: holdKey(o.order_id, l.product_id) };
          await saga.step('catalog.reserve', hold, (a) => deps.ports.catalog.reserve(a));
        }
        docs.push(orderDoc(plan, o, input, c, await deliveryOf(deps, saga, plan, o, c)));
      }
      await saga.step('orders.insert', { checkout_id: c._id }, async () => {
        for (const doc of docs) await insertNumbered(deps, doc);
      });
      await saga.step('orders.placed', { checkout_id: c._id }, async () => {
        await Checkout.updateOne({ _id: c._id, status: 'reserving' }, { $set: { status: 'placed' } });
        await deps.cart.removeBought(input.user_id, plan.cart_product_ids);
      });
      return deps.result(c._id);
    },
    undo: {
      'offers.claim': (a: { order_id: string; offer_id: string }) => deps.offers.release(a.order_id, a.offer_id).then(() => undefined),
      'catalog.reserve': (a: { product_id: string; key: string }) => deps.ports.catalog.release(a.product_id, a.key).then(() => undefined),
      'slots.book': (a: { order_id: string }) => deps.ports.slots.release(a.order_id).then(() => undefined),
      // Orders never acknowledged to the buyer: removed, not cancelled (nobody saw them).
      'orders.insert': (a: { checkout_id: string }) =>
        Order.deleteMany({ checkout_id: a.checkout_id, status: 'pending_payment' }).then(() => undefined),
      'orders.open_checkout': (a: { checkout_id: string }) =>
        Checkout.updateOne(
          { _id: a.checkout_id, status: 'reserving' },
          { $set: { status: 'failed', failure: { status: 409, code: 'checkout_failed', title: '下单未完成，已释放库存' } } },
        ).then(() => undefined),
    },
  };
}
