/**
 * The order line's photo (issue 12, item 2): checkout snapshots the product's first photo onto the line, so the
 * resident's, the seller's and the operator's order pages show what was bought even after the seller changes the
 * product's photos; a product without a photo gives a line with none, and an order stored before the field existed
 * still reads (the pages show the glyph).
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { seedDemo } from '@cc/api';
import { routes, type ApiClient } from '@cc/shared';
import { TINY_JPEG } from '../support/images';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let store: ApiClient;
let operator: ApiClient;

test.before(async () => {
  stack = await startStack();
  // With uploads: the seed gives every product its photo, as the demo has them.
  const { identity, wallet, catalog, uploads } = stack.api;
  seed = await seedDemo({ identity, wallet, catalog, uploads });
  store = (await stack.login('demo-store-1')).client;
  operator = (await stack.login('demo-operator-1')).client;
  await operator.call(routes.createSlotTemplate, {
    params: { community_id: seed.communities.wenxin },
    body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '20:00', capacity: 500, cutoff_minutes: 60 },
  });
});
test.after.always(() => stack?.stop());

const products = () => stack.api.conn.collection<{ _id: string; sku: string; images: string[] }>('products');

/** A new resident of 益乐社区 buys one of `product_id`; the placed order as the API returns it. */
async function buyOne(product_id: string) {
  const person = await stack.login(`photo-${randomUUID().slice(0, 12)}`);
  await person.client.call(routes.updateMe, { body: { community_id: seed.communities.wenxin, address: '益乐新村 5 幢 201' } });
  const address = await person.client.call(routes.addMyAddress, {
    body: { label: '家', recipient: '测试买家', phone: '13900009999', detail: '益乐新村 5 幢 201' },
  });
  await person.client.call(routes.setCartLine, { params: { product_id }, body: { quantity: 1 } });
  const placed = await person.client.call(routes.checkout, {
    body: { delivery: { kind: 'slot', slot_key: '2027-03-02/18:00-20:00', address_id: address.id } },
    idempotencyKey: `k-${randomUUID()}`,
  });
  return { person, order: placed.orders[0]! };
}

test('the line keeps the photo the product had at checkout, for the buyer, the seller and the operator', async (t) => {
  const rice = (await products().findOne({ sku: 'YL-RICE-01' }))!;
  t.true(rice.images.length >= 1, 'the seeded product has a photo');
  const shown = await stack.client.call(routes.getProduct, { params: { product_id: rice._id } });
  const { person, order } = await buyOne(rice._id);
  const line = order.lines[0]!;
  t.is(line.image_id, rice.images[0]);
  t.is(line.image_url, shown.image_urls[0]);
  const res = await fetch(`${stack.apiUrl}${line.image_url}`);
  t.is(res.status, 200, 'the snapshot URL is served');

  // The seller replaces the photo: the order still shows what was bought.
  const fresh = await store.call(routes.createUpload, { file: { bytes: TINY_JPEG, content_type: 'image/jpeg' } });
  await store.call(routes.updateProduct, { params: { product_id: rice._id }, body: { images: [fresh.id] } });
  t.is((await stack.client.call(routes.getProduct, { params: { product_id: rice._id } })).image_urls[0], fresh.url);
  const seen = [
    await person.client.call(routes.getOrder, { params: { order_id: order.id } }),
    await store.call(routes.getOrder, { params: { order_id: order.id } }),
    await operator.call(routes.getOrder, { params: { order_id: order.id } }),
  ];
  for (const o of seen) t.deepEqual([o.lines[0]?.image_id, o.lines[0]?.image_url], [rice.images[0], shown.image_urls[0]]);
});

test('a product without a photo gives a line with none; an order stored before the field existed still reads', async (t) => {
  const oil = (await products().findOne({ sku: 'YL-OIL-01' }))!;
  await store.call(routes.updateProduct, { params: { product_id: oil._id }, body: { images: [] } });
  const { person, order } = await buyOne(oil._id);
  t.is(order.lines[0]?.image_id, null);
  t.is(order.lines[0]?.image_url, null);

  // An older order: its lines were stored without the photo fields.
  await stack.api.conn
    .collection('orders')
    .updateOne({ _id: order.id as never }, { $unset: { 'lines.0.image_id': '', 'lines.0.image_url': '' } });
  const old = await person.client.call(routes.getOrder, { params: { order_id: order.id } });
  t.is(old.lines[0]?.name, order.lines[0]?.name);
  t.is(old.lines[0]?.image_url ?? null, null);
});
