import type { Connection } from 'mongoose';
import type { Commands } from '../platform/commands';
import type { JobRunner } from '../platform/jobs';
import { createNumbers } from '../platform/numbers';
import { orderBooksFacts } from './books-facts';
import { createCartService } from './cart';
import { createCheckoutService } from './checkout/index';
import { createLifecycle } from './lifecycle';
import { createOfferService } from './offers';
import { createReviewService } from './reviews';
import { orderModels } from './models';
import type { OrderPorts } from './ports';
import { createOrderPresenter } from './present';
import { createOrderQueries } from './queries';

/** The orders module: cart, checkout (a saga over catalog, delivery and wallet), the order lifecycle and its jobs. */
export function createOrders(deps: {
  conn: Connection;
  jobs: JobRunner;
  commands: Commands;
  ports: OrderPorts;
  /** Unpaid orders are cancelled after this long (ORDER_PAY_WITHIN_SECONDS). */
  payWithinMs: number;
  /** Delivered orders are confirmed by the system after this long (ORDER_AUTO_CONFIRM_SECONDS). */
  autoConfirmAfterMs: number;
  /** Words masked in review texts (REVIEW_BLOCKED_WORDS). */
  reviewBlockedWords: string[];
}) {
  const models = orderModels(deps.conn);
  const offers = createOfferService({ conn: deps.conn, ports: deps.ports });
  const cart = createCartService({ models, ports: deps.ports, offers });
  const numbers = createNumbers(deps.conn);
  const reviews = createReviewService({ conn: deps.conn, models, ports: deps.ports, blockedWords: deps.reviewBlockedWords });
  const present = createOrderPresenter((ids) => reviews.ofOrders(ids));
  // Handlers are bound late: workers may start before the services exist, but run jobs only after.
  const autoConfirm = deps.jobs.delayed<{ order_id: string }>('order-auto-confirm', (d) => lifecycle.autoConfirmDue(d.order_id));
  const settle = deps.jobs.delayed<{ order_id: string }>('order-settle', (d) => lifecycle.settleDue(d.order_id));
  const refundMoney = deps.jobs.delayed<{ order_id: string }>('order-refund-money', (d) => lifecycle.sendRefund(d.order_id));
  const expiry = deps.jobs.delayed<{ checkout_id: string }>('checkout-expiry', (d) => checkout.expire(d.checkout_id));
  const lifecycle = createLifecycle({
    models,
    ports: deps.ports,
    offers,
    commands: deps.commands,
    autoConfirm,
    settle,
    refundMoney,
    autoConfirmAfterMs: deps.autoConfirmAfterMs,
  });
  const checkout = createCheckoutService({
    models,
    ports: deps.ports,
    cart,
    offers,
    lifecycle,
    commands: deps.commands,
    expiry,
    numbers,
    present,
    payWithinMs: deps.payWithinMs,
  });
  const queries = createOrderQueries({ models, ports: deps.ports, present });
  return {
    models,
    cart,
    offers,
    checkout,
    lifecycle,
    reviews,
    queries,
    present,
    /** The migration for orders made before readable numbers (`pnpm backfill:numbers`). */
    backfillNumbers: () => numbers.backfill(models.Order, 'order'),
    booksFacts: orderBooksFacts(models),
  };
}
export type Orders = ReturnType<typeof createOrders>;
export { orderBooksFactsOn, type OrderBooksFacts } from './books-facts';
