/** bench:commerce's scenarios: the baseline, the catalog list, checkout-and-pay, the flash-sale rush and its audit. */

import { ApiError, routes, type Offer } from '@cc/shared';
import { elapsedMs } from './harness';
import { type Options } from './commerce-options';
import { count, describeError, runConcurrent, type Run } from './commerce-run';
import { key, transport, type Buyer, type Shop } from './commerce-shop';

/** The baseline: GET on the bare Koa route, through the same fetch (keep-alive pool) as the API calls. */
export function baselineRun(url: string, label: string, opts: Options, deadline_ns: bigint): Promise<Run> {
  return runConcurrent(label, opts.ops, opts.concurrency, deadline_ns, async () => {
    const res = await transport({ method: 'GET', url, headers: { accept: 'application/json' } });
    if (res.status !== 200) throw new Error(`baseline answered ${res.status}`);
  });
}

export function catalogOp(shop: Shop, opts: Options): () => Promise<void> {
  return async () => {
    const page = await shop.anonymous.call(routes.searchProducts, {
      query: { community_id: shop.community_id, sort: opts.sort, limit: 20 },
    });
    if (page.items.length === 0) throw new Error('the catalog page is empty');
  };
}

/** One operation: a cart line, a checkout with pickup at the station, payment from the wallet (PIN-free amount). */
export function checkoutOp(shop: Shop, buyers: Buyer[], products: { id: string; price_fen: number }[], paid: { count: number }) {
  // Each buyer does one operation at a time (a cart is a person's own); the idle ones wait in turn.
  const idle = [...buyers];
  return async (i: number) => {
    const b = idle.shift();
    if (!b) throw new Error('no idle buyer (the pool is smaller than the concurrency)');
    try {
      const product = products[i % products.length]!;
      await b.client.call(routes.setCartLine, { params: { product_id: product.id }, body: { quantity: 1 } });
      const placed = await b.client.call(routes.checkout, {
        body: {
          delivery: { kind: 'pickup', station_id: shop.station_id, date: shop.pickup_date },
          expected_total_fen: product.price_fen,
        },
        idempotencyKey: key(),
      });
      const result = await b.client.call(routes.payCheckout, {
        params: { checkout_id: placed.checkout_id },
        body: { method: 'wallet' },
        idempotencyKey: key(),
      });
      if (!result.orders.every((o) => o.status === 'paid')) throw new Error('an order of a paid checkout is not paid');
      paid.count += result.orders.length;
    } finally {
      idle.push(b);
    }
  };
}

export interface FlashResult {
  offer: Offer;
  requests: number;
  /** Checkout outcome: `ok` or `status code`. */
  outcomes: Map<string, number>;
  payment_outcomes: Map<string, number>;
  checkout_all_ms: number[];
  checkout_ok_ms: number[];
  pay_ms: number[];
  /** From the first request sent to the last checkout answered. */
  checkout_seconds: number;
  /** From the first request sent to the last payment answered. */
  wall_seconds: number;
  paid_by_api: number;
  /** Requests sent again after the connection failed. */
  resent: number;
  cpu_ms: number;
}

/** Attempts of one rush request: a phone that got no answer sends it again with the same Idempotency-Key. */
export const RUSH_ATTEMPTS = 5;

/**
 * Every prepared buyer checks out at once; each successful checkout is paid straight away, as a person would. A
 * request that got no answer at all (the connection failed) is sent again with the same key, as the mini-program does.
 */
export async function rush(shop: Shop, buyers: Buyer[], offer_id: string): Promise<FlashResult> {
  const outcomes = new Map<string, number>();
  const payment_outcomes = new Map<string, number>();
  const checkout_all_ms: number[] = [];
  const checkout_ok_ms: number[] = [];
  const pay_ms: number[] = [];
  let last_checkout_ns = 0n;
  let paid_by_api = 0;
  let resent = 0;
  const withResend = async <T>(call: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'network_error') || attempt >= RUSH_ATTEMPTS) throw err;
        resent++;
      }
    }
  };
  const cpu_start = process.cpuUsage();
  const start_ns = process.hrtime.bigint();
  await Promise.all(
    buyers.map(async (b) => {
      const sent_ns = process.hrtime.bigint();
      let checkout_id: string;
      try {
        const idempotencyKey = key();
        const placed = await withResend(() =>
          b.client.call(routes.checkout, {
            body: { delivery: { kind: 'pickup', station_id: shop.station_id, date: shop.pickup_date } },
            idempotencyKey,
          }),
        );
        const ms = elapsedMs(sent_ns);
        checkout_all_ms.push(ms);
        checkout_ok_ms.push(ms);
        count(outcomes, 'ok');
        checkout_id = placed.checkout_id;
      } catch (err) {
        checkout_all_ms.push(elapsedMs(sent_ns));
        count(outcomes, describeError(err));
        return;
      } finally {
        const now = process.hrtime.bigint();
        if (now > last_checkout_ns) last_checkout_ns = now;
      }
      const pay_ns = process.hrtime.bigint();
      try {
        const idempotencyKey = key();
        const paid = await withResend(() =>
          b.client.call(routes.payCheckout, { params: { checkout_id }, body: { method: 'wallet' }, idempotencyKey }),
        );
        pay_ms.push(elapsedMs(pay_ns));
        paid_by_api += paid.orders.filter((o) => o.status === 'paid').length;
        count(payment_outcomes, 'ok');
      } catch (err) {
        count(payment_outcomes, describeError(err));
      }
    }),
  );
  const wall_seconds = elapsedMs(start_ns) / 1000;
  const cpu = process.cpuUsage(cpu_start);
  const sort = (a: number[]) => a.sort((x, y) => x - y);
  return {
    offer: await shop.anonymous.call(routes.getOffer, { params: { offer_id } }),
    requests: buyers.length,
    outcomes,
    payment_outcomes,
    checkout_all_ms: sort(checkout_all_ms),
    checkout_ok_ms: sort(checkout_ok_ms),
    pay_ms: sort(pay_ms),
    checkout_seconds: Number(last_checkout_ns - start_ns) / 1e9,
    wall_seconds,
    paid_by_api,
    resent,
    cpu_ms: (cpu.user + cpu.system) / 1000,
  };
}

export interface FlashAudit {
  paid_orders: number;
  orders_by_status: Map<string, number>;
  /** Units under the offer in orders that are not cancelled. */
  units_sold: number;
  oversold: number;
  quantity_left: number;
  buyers_over_limit: number;
  stock_before: number;
  stock_after: number;
  violations: string[];
}

/** What the database says after the rush, checked against the offer's promises. */
export async function auditFlash(
  shop: Shop,
  offer_id: string,
  product_id: string,
  stock_before: number,
  units: number,
): Promise<FlashAudit> {
  const db = shop.api.conn;
  const orders = await db
    .collection('orders')
    .find({ 'lines.offer_id': offer_id })
    .project<{ buyer_id: string; status: string; lines: { offer_id: string | null; quantity: number }[] }>({
      buyer_id: 1,
      status: 1,
      lines: 1,
    })
    .toArray();
  const orders_by_status = new Map<string, number>();
  const per_buyer = new Map<string, number>();
  let units_sold = 0;
  for (const o of orders) {
    count(orders_by_status, o.status);
    if (o.status === 'cancelled') continue;
    const q = o.lines.filter((l) => l.offer_id === offer_id).reduce((sum, l) => sum + l.quantity, 0);
    units_sold += q;
    per_buyer.set(o.buyer_id, (per_buyer.get(o.buyer_id) ?? 0) + q);
  }
  const paid_orders = orders_by_status.get('paid') ?? 0;
  const offer = await db.collection('offers').findOne<{ quantity_left: number; quantity_total: number }>({ _id: offer_id as never });
  const product = await db.collection('products').findOne<{ stock: number }>({ _id: product_id as never });
  const quantity_left = offer?.quantity_left ?? NaN;
  const stock_after = product?.stock ?? NaN;
  const oversold = Math.max(0, units_sold - units) + Math.max(0, -quantity_left);
  const buyers_over_limit = [...per_buyer.values()].filter((q) => q > 1).length;
  const violations: string[] = [];
  if (paid_orders !== units) violations.push(`paid orders ${paid_orders} ≠ ${units} units on offer`);
  if (oversold !== 0) violations.push(`oversold ${oversold} unit(s): sold ${units_sold} of ${units}, offer left ${quantity_left}`);
  if (units_sold + quantity_left !== units) violations.push(`offer left ${quantity_left} + sold ${units_sold} ≠ ${units}`);
  if (buyers_over_limit) violations.push(`${buyers_over_limit} buyer(s) above the per-person limit of 1`);
  if (!(stock_after >= 0)) violations.push(`product stock is ${stock_after}`);
  if (stock_after !== stock_before - units_sold) violations.push(`product stock ${stock_after} ≠ ${stock_before} − ${units_sold} sold`);
  return {
    paid_orders,
    orders_by_status,
    units_sold,
    oversold,
    quantity_left,
    buyers_over_limit,
    stock_before,
    stock_after,
    violations,
  };
}
