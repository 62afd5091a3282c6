/**
 * Catalog search over HTTP: filters, sorts and cursor pages in a community of its own, community visibility,
 * operators hiding products, and the stock reservation race.
 */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { routes, type Product, type ProductSort } from '@cc/shared';
import { raw } from '../support/stack';
import { admin, cat, operatorJ, operatorW, problemOf, productBody, seed, seller, stack, setupCatalogStack } from '../support/catalog';

setupCatalogStack();

// ---------- search ----------

/** A community of its own, so the search tests see exactly the products they made. */
async function searchWorld() {
  const code = `t-${randomUUID().slice(0, 8)}`;
  const place = await admin.call(routes.createCommunity, {
    body: {
      code,
      name: '测试社区',
      kind: 'community',
      city: '杭州市',
      district: '西湖区',
      address: '测试路 1 号',
      location: { lat: 30.1, lng: 120.1 },
      hotline: '0571-96345',
    },
  });
  const farm = await seller({ serves: [place.id, seed.communities.wenxin], origin: '测试村' });
  const store = await seller({ kind: 'store', serves: [place.id] });
  const elsewhere = await seller({ serves: [seed.communities.wenxin] });
  const prices = [100, 200, 200, 300, 300, 300, 450, 500, 500, 800, 990, 1200, 1200, 1500];
  const made: Product[] = [];
  for (const [i, price] of prices.entries()) {
    made.push(
      await farm.client.call(routes.createProduct, {
        params: { merchant_id: farm.merchant.id },
        body: productBody({
          name: i % 2 ? `高山小青菜${i}` : `红心猕猴桃${i}`,
          category_id: i % 2 ? cat('vegetables.leafy') : cat('fruit.seasonal'),
          price_fen: price,
          stock: i % 5 === 0 ? 0 : 10 + i,
          status: 'on_sale',
          keywords: i % 3 === 0 ? ['有机'] : [],
        }),
      }),
    );
  }
  for (let i = 0; i < 10; i++) {
    made.push(
      await store.client.call(routes.createProduct, {
        params: { merchant_id: store.merchant.id },
        body: productBody({
          name: `东北大米${i}`,
          category_id: cat('grain_oil.rice'),
          unit: '袋',
          price_fen: 300 + i * 100,
          stock: 20,
          status: 'on_sale',
        }),
      }),
    );
  }
  // A draft, and a product of a merchant that does not deliver here: neither is found.
  await farm.client.call(routes.createProduct, { params: { merchant_id: farm.merchant.id }, body: productBody({ name: '草稿商品' }) });
  await elsewhere.client.call(routes.createProduct, {
    params: { merchant_id: elsewhere.merchant.id },
    body: productBody({ name: '别处的青菜', status: 'on_sale' }),
  });
  // Sales through the reservation service (reserve, then commit as a paid order would).
  for (const [i, p] of made.entries()) {
    const sold = i % 4;
    if (sold === 0 || p.stock < sold) continue;
    await stack.api.catalog.products.reserve({ product_id: p.id, quantity: sold, key: `sale-${p.id}` });
    await stack.api.catalog.products.commit(p.id, `sale-${p.id}`);
  }
  return { place, farm, store, elsewhere, made };
}

let world: Promise<Awaited<ReturnType<typeof searchWorld>>> | undefined;
const getWorld = () => (world ??= searchWorld());

async function allPages(query: Record<string, unknown>, limit = 4): Promise<Product[]> {
  const out: Product[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 50; n++) {
    const page = await stack.client.call(routes.searchProducts, { query: { ...query, limit, ...(cursor ? { cursor } : {}) } as never });
    t_assert(page.items.length <= limit, 'page larger than the limit');
    out.push(...page.items);
    if (!page.next_cursor) return out;
    cursor = page.next_cursor;
  }
  throw new Error('too many pages');
}
function t_assert(ok: boolean, message: string) {
  if (!ok) throw new Error(message);
}

const ORDER: Record<ProductSort, (a: Product, b: Product) => number> = {
  newest: (a, b) => (a.id < b.id ? 1 : -1),
  price_asc: (a, b) => a.price_fen - b.price_fen || (a.id < b.id ? -1 : 1),
  price_desc: (a, b) => b.price_fen - a.price_fen || (a.id < b.id ? 1 : -1),
  sales: (a, b) => b.sold_count - a.sold_count || (a.id < b.id ? 1 : -1),
};

for (const sort of ['newest', 'price_asc', 'price_desc', 'sales'] as const) {
  test(`search sorted by ${sort}: cursor pages have no duplicates and no gaps, in order`, async (t) => {
    const { place, made } = await getWorld();
    const got = await allPages({ community_id: place.id, sort });
    t.is(new Set(got.map((p) => p.id)).size, got.length, 'no duplicates');
    t.deepEqual(got.map((p) => p.id).sort(), made.map((p) => p.id).sort(), 'exactly the products on sale here');
    t.deepEqual(
      got.map((p) => p.id),
      [...got].sort(ORDER[sort]).map((p) => p.id),
    );
    if (sort === 'sales') t.true(got[0]!.sold_count === 3);
    // The same pages with another page size give the same sequence.
    t.deepEqual(
      (await allPages({ community_id: place.id, sort }, 7)).map((p) => p.id),
      got.map((p) => p.id),
    );
  });
}

/** A bad cursor, a cursor of another sort, an inverted price range and a missing community are 400s. */
async function badSearchesRefused(t: ExecutionContext, place: { id: string }): Promise<void> {
  t.like(await problemOf(stack.client.call(routes.searchProducts, { query: { community_id: place.id, cursor: 'garbage' } })), {
    status: 400,
    code: 'invalid_cursor',
  });
  const page = await stack.client.call(routes.searchProducts, { query: { community_id: place.id, sort: 'price_asc', limit: 2 } });
  t.like(
    await problemOf(
      stack.client.call(routes.searchProducts, { query: { community_id: place.id, sort: 'sales', cursor: page.next_cursor! } }),
    ),
    {
      status: 400,
      code: 'invalid_cursor',
    },
  );
  const inverted = await raw(`${stack.apiUrl}/api/v1/products?community_id=${place.id}&price_min_fen=500&price_max_fen=100`);
  t.is(inverted.status, 400);
  t.true((inverted.body?.errors as { path: string }[]).some((e) => e.path === 'query.price_max_fen'));
  t.is((await raw(`${stack.apiUrl}/api/v1/products`)).status, 400, 'the community is required');
}

test('search filters: text, category with descendants, merchant, kind, origin village, price range, stock', async (t) => {
  const { place, farm, store, made } = await getWorld();
  const ids = async (q: Record<string, unknown>) => (await allPages({ community_id: place.id, ...q }, 100)).map((p) => p.id).sort();
  // Expectations over the products as they are now (the sales moved some stock).
  const now = await allPages({ community_id: place.id }, 100);
  t.is(now.length, made.length);
  const expect = (f: (p: Product) => boolean) =>
    now
      .filter(f)
      .map((p) => p.id)
      .sort();

  t.deepEqual(
    await ids({ q: '猕猴桃' }),
    expect((p) => p.name.startsWith('红心猕猴桃')),
  );
  t.deepEqual(
    await ids({ q: '高山 青菜' }),
    expect((p) => p.name.startsWith('高山小青菜')),
  );
  t.deepEqual(
    await ids({ q: '有机' }),
    expect((p) => p.keywords.includes('有机')),
  );
  t.deepEqual(
    await ids({ q: '叶菜类' }),
    expect((p) => p.category_id === cat('vegetables.leafy')),
    'category names are searchable',
  );
  t.deepEqual(await ids({ q: '.*' }), [], 'regex characters are literal');
  t.deepEqual(
    await ids({ category_id: cat('vegetables') }),
    expect((p) => p.category_id === cat('vegetables.leafy')),
  );
  t.deepEqual(
    await ids({ category_id: cat('grain_oil.rice') }),
    expect((p) => p.merchant_id === store.merchant.id),
  );
  t.deepEqual(
    await ids({ merchant_id: farm.merchant.id }),
    expect((p) => p.merchant_id === farm.merchant.id),
  );
  t.deepEqual(
    await ids({ merchant_kind: 'store' }),
    expect((p) => p.merchant_id === store.merchant.id),
  );
  t.deepEqual(
    await ids({ origin_village: '测试村' }),
    expect((p) => p.origin_village === '测试村'),
  );
  t.deepEqual(
    await ids({ price_min_fen: 300, price_max_fen: 500 }),
    expect((p) => p.price_fen >= 300 && p.price_fen <= 500),
  );
  t.deepEqual(
    await ids({ in_stock: 'true' }),
    expect((p) => p.stock > 0),
  );
  t.deepEqual(
    await ids({ in_stock: 'false' }),
    expect((p) => p.stock === 0),
  );
  t.true((await ids({ in_stock: 'false' })).length > 0);
  t.deepEqual(
    await ids({ q: '猕猴桃', price_max_fen: 300, in_stock: 'true' }),
    expect((p) => p.name.startsWith('红心猕猴桃') && p.price_fen <= 300 && p.stock > 0),
  );

  await badSearchesRefused(t, place);
});

test('community visibility: residents see only products of merchants that deliver to the community', async (t) => {
  const { place, elsewhere } = await getWorld();
  const merchantsIn = async (community_id: string) => new Set((await allPages({ community_id }, 100)).map((p) => p.merchant.name));
  const wenxin = await merchantsIn(seed.communities.wenxin);
  for (const name of ['陈建国家庭茶场', '俞桂芳生态农场', '白沙村果蔬专业合作社', '益乐惠民超市']) t.true(wenxin.has(name), name);
  const jingshan = await merchantsIn(seed.communities.jingshan);
  t.deepEqual([...jingshan].sort(), ['俞桂芳生态农场', '陈建国家庭茶场'].sort());
  const baisha = await merchantsIn(seed.communities.baisha);
  t.deepEqual([...baisha], ['白沙村果蔬专业合作社']);
  t.false((await merchantsIn(place.id)).has(elsewhere.merchant.name));

  const storeId = seed.merchants['demo-store-1']!;
  const away = await stack.client.call(routes.getStorefront, {
    params: { merchant_id: storeId },
    query: { community_id: seed.communities.jingshan },
  });
  t.like(away, { serves_community: false, products: { items: [], next_cursor: null } });
  t.is(away.merchant.name, '益乐惠民超市');
  const home = await stack.client.call(routes.getStorefront, {
    params: { merchant_id: storeId },
    query: { community_id: seed.communities.wenxin, limit: 100 },
  });
  t.true(home.serves_community);
  t.true(home.products.items.length >= 10 && home.products.items.every((p) => p.merchant_id === storeId && p.status === 'on_sale'));
  t.true(home.products.items.some((p) => p.name === '径山大米' && p.price_fen === 4200));

  const snapshots = await stack.api.catalog.products.snapshots([home.products.items[0]!.id]);
  t.like(snapshots.get(home.products.items[0]!.id), {
    merchant_id: storeId,
    sellable: true,
    serves_community_ids: [seed.communities.wenxin],
  });
  t.true(await stack.api.catalog.merchants.servesCommunity(storeId, seed.communities.wenxin));
  t.false(await stack.api.catalog.merchants.servesCommunity(storeId, seed.communities.baisha));
});

// ---------- operator hiding ----------

test('operators hide a product with a reason where the merchant sells; it leaves search until unhidden', async (t) => {
  const s = await seller({ serves: [seed.communities.wenxin] });
  const p = await s.client.call(routes.createProduct, {
    params: { merchant_id: s.merchant.id },
    body: productBody({ name: '可疑的减肥茶', status: 'on_sale' }),
  });
  const search = async () =>
    (
      await stack.client.call(routes.searchProducts, { query: { community_id: seed.communities.wenxin, merchant_id: s.merchant.id } })
    ).items.map((x) => x.id);
  t.deepEqual(await search(), [p.id]);

  t.like(await problemOf(operatorJ.call(routes.hideProduct, { params: { product_id: p.id }, body: { reason: '宣传夸大' } })), {
    status: 403,
    code: 'forbidden_scope',
  });
  t.like(await problemOf(s.client.call(routes.hideProduct, { params: { product_id: p.id }, body: { reason: '宣传夸大' } })), {
    status: 403,
    code: 'forbidden_role',
  });
  const noReason = await raw(`${stack.apiUrl}/api/v1/products/${p.id}/hide`, {
    method: 'POST',
    headers: { authorization: `Bearer ${(await stack.login('demo-operator-1')).token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: ' ' }),
  });
  t.is(noReason.status, 400);

  const hidden = await operatorW.call(routes.hideProduct, { params: { product_id: p.id }, body: { reason: '宣传“减肥”功效，违反广告法' } });
  t.like(hidden, { status: 'hidden_by_operator', hidden: { reason: '宣传“减肥”功效，违反广告法' } });
  t.deepEqual(await search(), []);
  t.like(await problemOf(stack.client.call(routes.getProduct, { params: { product_id: p.id }, query: {} })), {
    status: 404,
    code: 'product_not_found',
  });
  t.like(await problemOf(operatorW.call(routes.hideProduct, { params: { product_id: p.id }, body: { reason: '再隐藏一次' } })), {
    status: 409,
    code: 'already_hidden',
  });
  t.like(await problemOf(s.client.call(routes.setProductStatus, { params: { product_id: p.id }, body: { status: 'on_sale' } })), {
    status: 409,
    code: 'product_hidden',
  });
  await t.throwsAsync(stack.api.catalog.products.reserve({ product_id: p.id, quantity: 1, key: 'hidden-1' }), {
    message: /product_unavailable/,
  });
  const mine = await s.client.call(routes.listMerchantProducts, {
    params: { merchant_id: s.merchant.id },
    query: { status: 'hidden_by_operator' },
  });
  t.deepEqual(
    mine.items.map((x) => [x.id, x.hidden?.reason]),
    [[p.id, '宣传“减肥”功效，违反广告法']],
  );
  const queue = await operatorW.call(routes.listHiddenProducts, { params: { community_id: seed.communities.wenxin }, query: {} });
  t.true(queue.items.some((x) => x.id === p.id));
  t.false(
    (await admin.call(routes.listHiddenProducts, { params: { community_id: seed.communities.baisha }, query: {} })).items.some(
      (x) => x.id === p.id,
    ),
  );

  const back = await operatorW.call(routes.unhideProduct, { params: { product_id: p.id }, body: {} });
  t.like(back, { status: 'on_sale', hidden: null });
  t.deepEqual(await search(), [p.id]);
  t.like(await problemOf(operatorW.call(routes.unhideProduct, { params: { product_id: p.id }, body: {} })), {
    status: 409,
    code: 'not_hidden',
  });
});

// ---------- stock reservations ----------

test('200 concurrent reservers on 20 units: exactly 20 succeed, stock ends at 0, never negative; release and commit count once', async (t) => {
  const s = await seller();
  const p = await s.client.call(routes.createProduct, {
    params: { merchant_id: s.merchant.id },
    body: productBody({ stock: 20, status: 'on_sale' }),
  });
  const { products } = stack.api.catalog;
  const results = await Promise.allSettled(
    Array.from({ length: 200 }, (_, i) => products.reserve({ product_id: p.id, quantity: 1, key: `ord_${i}` })),
  );
  const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
  t.is(won.length, 20);
  t.true(
    results.filter((r) => r.status === 'rejected').every((r) => /insufficient_stock/.test(String((r as PromiseRejectedResult).reason))),
  );
  const after = await stack.api.conn.collection('products').findOne({ _id: p.id as never });
  t.is(after?.stock, 0);
  t.is(after?.holds.length, 20);

  // A retried reserve with the same key takes nothing; another quantity under that key is refused.
  t.deepEqual(await products.reserve({ product_id: p.id, quantity: 1, key: `ord_${won[0]}` }), { stock: 0 });
  await t.throwsAsync(products.reserve({ product_id: p.id, quantity: 2, key: `ord_${won[0]}` }), { message: /reservation_conflict/ });
  await t.throwsAsync(products.reserve({ product_id: p.id, quantity: 0, key: 'zero' }), { message: /invalid_quantity/ });

  // Release five reservations, each from two racing cancellations: five units come back, not ten.
  const released = await Promise.all(
    won.slice(0, 5).flatMap((i) => [products.release(p.id, `ord_${i}`), products.release(p.id, `ord_${i}`)]),
  );
  t.is(released.filter(Boolean).length, 5);
  const committed = await Promise.all(won.slice(5).flatMap((i) => [products.commit(p.id, `ord_${i}`), products.commit(p.id, `ord_${i}`)]));
  t.is(committed.filter(Boolean).length, 15);
  t.false(await products.release(p.id, `ord_${won[5]}`), 'a sold reservation cannot be released');
  const end = await stack.client.call(routes.getProduct, { params: { product_id: p.id }, query: {} });
  t.like(end, { stock: 5, sold_count: 15 });

  // The seller takes stock away while buyers reserve: the two never add up to less than 0.
  const race = await Promise.allSettled([
    ...Array.from({ length: 10 }, (_, i) => products.reserve({ product_id: p.id, quantity: 1, key: `race_${i}` })),
    s.client.call(routes.adjustProductStock, { params: { product_id: p.id }, body: { delta: -3 } }),
  ]);
  const final = (await stack.api.conn.collection('products').findOne({ _id: p.id as never }))!;
  const reserved = race.slice(0, 10).filter((r) => r.status === 'fulfilled').length;
  const taken = race[10]!.status === 'fulfilled' ? 3 : 0;
  t.is(final.stock, 5 - reserved - taken);
  t.true(final.stock >= 0);
});

// ---------- imports ----------
