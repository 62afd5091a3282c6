/**
 * Short numbers people read out on the phone (issue 12 item 3): every order and every call gets one (YYMM of placement
 * in Asia/Shanghai, a dash, the month's sequence), unique even when many are drawn at once; its buyer, seller and
 * community operators find an order by it, nobody else; the migration numbers documents made before numbers existed.
 */
import test from 'ava';
import { Schema } from 'mongoose';
import { newId } from '@cc/api/platform/ids';
import { createNumbers, isNumberClash } from '@cc/api/platform/numbers';
import { routes, shanghaiDate, type ApiClient } from '@cc/shared';
import { raw } from '../support/stack';
import { failureOf } from '../support/outcome';
import { buyer, key, operator, productBySku, seed, slot, stack, store, useOrdersStack } from '../support/orders-stack';

useOrdersStack();

const FORMAT = /^\d{4}-\d{4,}$/;
const yymmOf = (iso: string) => shanghaiDate(new Date(iso)).slice(2, 7).replace('-', '');

/** A buyer with one unpaid checkout of the store's rice and a co-op product: two orders, two sellers. */
async function twoOrders() {
  const b = await buyer();
  const rice = await productBySku('YL-RICE-01');
  const coop = (await stack.api.conn.collection('products').findOne({ sku: /^BS-/, status: 'on_sale' }))!;
  await b.client.call(routes.setCartLine, { params: { product_id: rice.id }, body: { quantity: 1 } });
  await b.client.call(routes.setCartLine, { params: { product_id: String(coop._id) }, body: { quantity: 1 } });
  const placed = await b.client.call(routes.checkout, { body: { delivery: slot(b.address_id) }, idempotencyKey: key() });
  return { b, placed };
}

const idsOf = (page: { items: { id: string }[] }) => page.items.map((o) => o.id);

test('every order of a checkout gets its own number of the Shanghai month it was placed in, on every response', async (t) => {
  const { b, placed } = await twoOrders();
  t.is(placed.orders.length, 2);
  const numbers = placed.orders.map((o) => o.number);
  t.true(
    numbers.every((n) => FORMAT.test(n)),
    numbers.join(),
  );
  t.is(new Set(numbers).size, 2, 'each order its own number');
  for (const o of placed.orders) t.true(o.number.startsWith(`${yymmOf(o.created_at)}-`), `${o.number} vs ${o.created_at}`);
  const again = await b.client.call(routes.getOrder, { params: { order_id: placed.orders[0]!.id } });
  t.is(again.number, numbers[0]!);
  const checkout = await b.client.call(routes.getCheckout, { params: { checkout_id: placed.checkout_id } });
  t.deepEqual(
    checkout.orders.map((o) => o.number),
    numbers,
  );
  const cancelled = await b.client.call(routes.cancelOrder, { params: { order_id: placed.orders[0]!.id }, body: {} });
  t.is(cancelled.number, numbers[0]!, 'a lifecycle answer carries it too');
});

test('an order is found by its number by its buyer, its seller and the community operator — by nobody else', async (t) => {
  const { b, placed } = await twoOrders();
  const order = placed.orders.find((o) => o.merchant_id === seed.merchants['demo-store-1'])!;
  const query = { number: order.number };
  t.deepEqual(idsOf(await b.client.call(routes.listMyOrders, { query })), [order.id]);
  t.deepEqual(idsOf(await store.call(routes.listMerchantOrders, { params: { merchant_id: order.merchant_id }, query })), [order.id]);
  t.deepEqual(idsOf(await operator.call(routes.listCommunityOrders, { params: { community_id: seed.communities.wenxin }, query })), [
    order.id,
  ]);
  const stranger = await buyer();
  t.deepEqual(idsOf(await stranger.client.call(routes.listMyOrders, { query })), [], 'another buyer finds nothing');
  const otherStore = placed.orders.find((o) => o.id !== order.id)!;
  t.deepEqual(
    idsOf(await b.client.call(routes.listMyOrders, { query: { number: otherStore.number, status: 'paid' } })),
    [],
    'number and status together',
  );
  const bad = await raw(`${stack.apiUrl}/api/v1/orders?number=ord_1`, { headers: { authorization: `Bearer ${b.token}` } });
  t.is(bad.status, 400);
  t.is(bad.body?.code, 'validation_failed');
});

test('checkouts racing each other still get distinct numbers', async (t) => {
  const paste = await productBySku('YL-DAI-03');
  const buyers = await Promise.all(Array.from({ length: 8 }, () => buyer()));
  for (const b of buyers) await b.client.call(routes.setCartLine, { params: { product_id: paste.id }, body: { quantity: 1 } });
  const placed = await Promise.all(
    buyers.map((b) => b.client.call(routes.checkout, { body: { delivery: slot(b.address_id) }, idempotencyKey: key() })),
  );
  const numbers = placed.flatMap((p) => p.orders.map((o) => o.number));
  t.is(numbers.length, 8);
  t.is(new Set(numbers).size, 8, numbers.join());
});

test('numbers drawn at once are unique: the unique index refuses a repeat and the draw is taken again', async (t) => {
  const numbers = createNumbers(stack.api.conn);
  const Scratch = stack.api.conn.model(
    'NumberScratch',
    new Schema({ _id: String, number: String }, { versionKey: false }).index({ number: 1 }, { unique: true, sparse: true }),
    'number_scratch',
  );
  await Scratch.createIndexes();
  const at = new Date('2024-12-31T17:30:00Z'); // 2025-01-01 01:30 in Shanghai
  const made = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      numbers.withNumber('scratch', at, async (number) => {
        await Scratch.create({ _id: `s${i}`, number });
        return number;
      }),
    ),
  );
  t.is(new Set(made).size, 60);
  t.true(
    made.every((n) => n.startsWith('2501-')),
    'the Shanghai month, not UTC',
  );
  t.is(await Scratch.countDocuments(), 60);
  const clash = await Scratch.create({ _id: 'again', number: made[0] }).then(
    () => null,
    (e: unknown) => e,
  );
  t.true(isNumberClash(clash));
  t.false(isNumberClash({ code: 11000, message: 'E11000 duplicate key error collection: x index: _id_ dup key: { _id: "a" }' }));
});

async function raiseCall(client: ApiClient) {
  return client.call(routes.createCall, { body: { service_code: 'other', description: '门口灯坏了' } as never, idempotencyKey: key() });
}

test('a call gets a readable number; its requester and the community operator find it by the number', async (t) => {
  const r = await buyer();
  const call = await raiseCall(r.client);
  t.regex(call.number, FORMAT);
  t.true(call.number.startsWith(`${yymmOf(call.created_at)}-`));
  const query = { number: call.number };
  t.deepEqual(idsOf(await r.client.call(routes.listMyCalls, { query })), [call.id]);
  t.deepEqual(idsOf(await operator.call(routes.listCommunityCalls, { params: { community_id: seed.communities.wenxin }, query })), [
    call.id,
  ]);
  const stranger = await buyer();
  t.deepEqual(idsOf(await stranger.client.call(routes.listMyCalls, { query })), []);
  t.is((await r.client.call(routes.getCall, { params: { call_id: call.id } })).number, call.number);
});

test('the migration numbers orders and calls made before numbers, in the month each was made, once', async (t) => {
  const { b, placed } = await twoOrders();
  const orders = stack.api.conn.collection<Record<string, unknown>>('orders');
  const calls = stack.api.conn.collection<Record<string, unknown>>('calls');
  const template = (await orders.findOne({ _id: placed.orders[0]!.id as never }))!;
  const oldOrderId = newId('ord');
  const { number: _n, ...unnumbered } = template;
  await orders.insertOne({ ...unnumbered, _id: oldOrderId, status: 'cancelled', created_at: new Date('2024-12-15T04:00:00Z') } as never);
  const call = await raiseCall(b.client);
  const callTemplate = (await calls.findOne({ _id: call.id as never }))!;
  const oldCallId = newId('req');
  const { number: _c, ...unnumberedCall } = callTemplate;
  await calls.insertOne({
    ...unnumberedCall,
    _id: oldCallId,
    idempotency_key: `old:${oldCallId}`,
    status: 'cancelled',
    created_at: new Date('2024-11-30T16:30:00Z'), // 2024-12-01 00:30 in Shanghai
  } as never);

  t.true((await stack.api.orders.backfillNumbers()) >= 1);
  t.true((await stack.api.calls.backfillNumbers()) >= 1);
  const oldOrder = await b.client.call(routes.getOrder, { params: { order_id: oldOrderId } });
  t.regex(oldOrder.number, /^2412-\d{4,}$/);
  const oldCall = await b.client.call(routes.getCall, { params: { call_id: oldCallId } });
  t.regex(oldCall.number, /^2412-\d{4,}$/);
  t.is(await stack.api.orders.backfillNumbers(), 0, 'a second run changes nothing');
  t.is(await stack.api.calls.backfillNumbers(), 0);
  t.is((await b.client.call(routes.getOrder, { params: { order_id: oldOrderId } })).number, oldOrder.number);
  t.is(await failureOf(b.client.call(routes.getOrder, { params: { order_id: newId('ord') } })), '404 order_not_found');
});
