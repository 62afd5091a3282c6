/**
 * The demo seed's product photos (issue 12, item 2): every seeded product carries a photo uploaded through the
 * uploads module, the file route serves it as an image, and running the seed again uploads nothing more.
 */
import test from 'ava';
import { seedDemo } from '@cc/api';
import { routes } from '@cc/shared';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;

test.before(async () => {
  stack = await startStack();
});
test.after.always(async () => {
  await stack?.stop();
});

const modules = () => ({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog, uploads: stack.api.uploads });

/** Every product of the demo merchants, as the database has it. */
async function demoProducts(merchants: Record<string, string>) {
  return stack.api.conn
    .collection<{ _id: string; sku: string; images: string[] }>('products')
    .find({ merchant_id: { $in: Object.values(merchants) } })
    .sort({ _id: 1 })
    .toArray();
}

test('every seeded product has a photo the files route serves as an image, and a second run uploads nothing', async (t) => {
  const seed = await seedDemo(modules());
  const products = await demoProducts(seed.merchants);
  t.true(products.length >= 20, `the demo has its products (${products.length})`);

  for (const p of products) {
    t.true(p.images.length >= 1 && p.images.length <= 2, `${p.sku} has 1–2 photos (${p.images.length})`);
    // Read as a resident reads it: the public product page and its photo URL.
    const shown = await stack.client.call(routes.getProduct, { params: { product_id: p._id } });
    t.is(shown.image_urls.length, p.images.length, `${p.sku}: every photo has a URL`);
    const res = await fetch(`${stack.apiUrl}${shown.image_urls[0]}`);
    t.is(res.status, 200, `${p.sku}: ${shown.image_urls[0]} is served`);
    t.is(res.headers.get('content-type'), 'image/jpeg', `${p.sku}: served as a JPEG`);
    const bytes = Buffer.from(await res.arrayBuffer());
    t.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], `${p.sku}: the bytes are a JPEG`);
    t.true(bytes.length > 2000 && bytes.length <= 40 * 1024, `${p.sku}: a real picture of at most 40 KB (${bytes.length} bytes)`);
  }
  const uploads = stack.api.conn.collection<{ _id: string; owner_id: string }>('uploads');
  const owners = await uploads.distinct('owner_id', { _id: { $in: products.flatMap((p) => p.images) } });
  t.deepEqual(
    owners.sort(),
    Object.keys(seed.merchants)
      .map((openid) => seed.users[openid])
      .sort(),
    'each uploaded by its seller',
  );

  const uploadCount = await uploads.countDocuments();
  await seedDemo(modules());
  t.is(await uploads.countDocuments(), uploadCount, 'a second run uploads nothing');
  t.deepEqual(
    (await demoProducts(seed.merchants)).map((p) => [p.sku, p.images]),
    products.map((p) => [p.sku, p.images]),
    'and keeps the photos attached',
  );
});
