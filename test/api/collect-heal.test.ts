/**
 * A WeChat Pay payment booked by the wallet but never taken by orders (the process died between the two, and the
 * platform's notify retries ran out while it was down) — found by `pnpm chaos` at round 179: the money sat in
 * clearing, the order stayed unpaid, and nothing told orders again. Now the wallet records when its listener took a
 * payment; a query (the buyer's checkout page), an expiry's settle-or-close, and the `collection-tell-sweep` job tell
 * a booked, untold payment again. The death is made by a listener that fails until the test restores it.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DEMO_WALLETS, seedDemo } from '@cc/api';
import { routes, type CheckoutResult } from '@cc/shared';
import { settledBooks } from '../support/books';
import { until } from '../support/outcome';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let buyer: Awaited<ReturnType<Stack['login']>>;
let stationId: string;
const BUYER = DEMO_WALLETS.find((w) => w.openid === 'demo-resident-2')!;

test.before(async () => {
  stack = await startStack();
  const seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
  buyer = await stack.login(BUYER.openid);
  const stations = await stack.client.call(routes.listStations, { params: { community_id: seed.communities.wenxin }, query: {} });
  stationId = stations.items[0]!.id;
});
test.after.always(() => stack?.stop());

const realListener = () => stack.api.wallet.collect.onPaid((paid) => stack.api.orders.checkout.onWechatPaid(paid));

/** A checkout paid at WeChat Pay while orders cannot take the payment: booked in the ledger, never told. */
async function paidButUntold(): Promise<{ checkout: CheckoutResult; out_trade_no: string }> {
  const product = await stack.api.conn.collection('products').findOne({ status: 'on_sale', stock: { $gt: 10 } });
  await buyer.client.call(routes.clearCart, {});
  await buyer.client.call(routes.setCartLine, { params: { product_id: String(product!._id) }, body: { quantity: 1 } });
  const checkout = await buyer.client.call(routes.checkout, {
    body: { delivery: { kind: 'pickup', station_id: stationId, date: '2027-03-02' } },
    idempotencyKey: `k-${randomUUID()}`,
  });
  const opened = await buyer.client.call(routes.payCheckout, {
    params: { checkout_id: checkout.checkout_id },
    body: { method: 'wechatpay' },
    idempotencyKey: `k-${randomUUID()}`,
  });
  const out_trade_no = opened.wechat_pay!.out_trade_no;
  stack.api.wallet.collect.onPaid(() => Promise.reject(new Error('the process died here')));
  try {
    await stack.pay.pay(out_trade_no);
    await stack.pay.drain(); // every retry of the notify has failed and the platform has given up
  } finally {
    realListener();
  }
  const collection = await stack.api.conn.collection('wechat_collections').findOne({ _id: out_trade_no as never });
  if (collection?.status !== 'paid' || collection.told_at !== null) throw new Error(`not booked-untold: ${JSON.stringify(collection)}`);
  return { checkout, out_trade_no };
}

const ordersOf = (checkout_id: string) => stack.api.conn.collection('orders').find({ checkout_id }).toArray();

test.serial('the buyer looking at the checkout tells orders of a payment booked but never taken', async (t) => {
  const { checkout } = await paidButUntold();
  t.true(
    (await ordersOf(checkout.checkout_id)).every((o) => o.status === 'pending_payment'),
    'the death left the orders unpaid',
  );
  const seen = await buyer.client.call(routes.getCheckout, { params: { checkout_id: checkout.checkout_id } });
  t.true(seen.orders.every((o) => o.status === 'paid' && o.payment?.method === 'wechatpay'));
  t.deepEqual((await settledBooks(stack.api.conn)).violations, []);
});

test.serial('the sweep tells orders of a payment booked but never taken, once', async (t) => {
  const { checkout, out_trade_no } = await paidButUntold();
  t.is(await stack.api.wallet.collect.tellUntold(0), 1);
  await until('the orders to be paid', async () => (await ordersOf(checkout.checkout_id)).every((o) => o.status === 'paid'));
  const collection = await stack.api.conn.collection('wechat_collections').findOne({ _id: out_trade_no as never });
  t.truthy(collection?.told_at, 'recorded as told');
  t.is(await stack.api.wallet.collect.tellUntold(0), 0, 'told once');
  t.deepEqual((await settledBooks(stack.api.conn)).violations, []);
});
