/**
 * 一键上架 (issue 14 item 4) over HTTP: a verified farmer turns their supply post into a product of their shop; the
 * product carries the photos, the village, the origin price per retail unit and the producer's share. An unverified
 * farmer, someone else's post, a 面议 post or stock above the supply are refused and nothing is written.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { farmer, photo, supplyBody } from '../support/agri';
import { cat, problemOf, productsOf, seed, setupCatalogStack } from '../support/catalog';

setupCatalogStack();

const listing = (over: Record<string, unknown> = {}) =>
  ({ category_id: cat('vegetables.leafy'), unit: '斤', base_per_unit: 1, price_fen: 400, stock: 100, ...over }) as never;

test("a verified farmer lists 200 斤 of 青菜: the product shows the origin price and the producer's share", async (t) => {
  const f = await farmer();
  const pic = await photo(f.client);
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody({ photo_upload_ids: [pic] }) });
  const [merchant] = (await f.client.call(routes.listMyMerchants, { query: {} })).items;
  const product = await f.client.call(routes.listSupplyInShop, {
    params: { post_id: post.id },
    body: listing({ merchant_id: merchant!.id }),
  });
  t.is(product.status, 'on_sale');
  t.is(product.name, '径山村青菜');
  t.deepEqual(product.images, [pic]);
  t.is(product.origin_village, '径山村');
  t.is(product.price_fen, 400);
  t.deepEqual(product.agri_origin, { supply_post_id: post.id, variety: '青菜', origin_price_fen: 250, producer_share_pct: 62.5 });
  // Half-斤 bags: ¥2.50/斤 asking → ¥1.25 a bag; sold at ¥2.00 the farmer gets 62.5 %.
  const bags = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '菠菜' }) });
  const bag = await f.client.call(routes.listSupplyInShop, {
    params: { post_id: bags.id },
    body: listing({ merchant_id: merchant!.id, unit: '袋', base_per_unit: 0.5, price_fen: 200, stock: 300 }),
  });
  t.like(bag.agri_origin, { origin_price_fen: 125, producer_share_pct: 62.5 });
  const again = await problemOf(
    f.client.call(routes.listSupplyInShop, { params: { post_id: post.id }, body: listing({ merchant_id: merchant!.id }) }),
  );
  t.like(again, { status: 409, code: 'sku_taken' });
  t.is((await productsOf(merchant!.id)).length, 2);
});

test("an unverified farmer, another farmer's post, 面议 or stock above the supply: refused, nothing written", async (t) => {
  const unverified = await farmer({ verified: false });
  const draft = await unverified.client.call(routes.createSupplyPost, { body: supplyBody() });
  const [m] = (await unverified.client.call(routes.listMyMerchants, { query: {} })).items;
  // Unverified: the post is not public, so it cannot be listed either way.
  const p1 = await problemOf(
    unverified.client.call(routes.listSupplyInShop, { params: { post_id: draft.id }, body: listing({ merchant_id: m!.id }) }),
  );
  t.true(p1.status === 403 || p1.status === 409, JSON.stringify(p1));
  t.is((await productsOf(m!.id)).length, 0);

  const owner = await farmer();
  const post = await owner.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '芹菜' }) });
  const [om] = (await owner.client.call(routes.listMyMerchants, { query: {} })).items;
  const other = await farmer();
  const [otherShop] = (await other.client.call(routes.listMyMerchants, { query: {} })).items;
  t.like(
    await problemOf(
      other.client.call(routes.listSupplyInShop, { params: { post_id: post.id }, body: listing({ merchant_id: otherShop!.id }) }),
    ),
    { status: 403, code: 'not_post_owner' },
  );
  // The owner's post into someone else's shop: the catalog refuses.
  t.like(
    await problemOf(
      owner.client.call(routes.listSupplyInShop, { params: { post_id: post.id }, body: listing({ merchant_id: otherShop!.id }) }),
    ),
    { status: 403, code: 'not_merchant_owner' },
  );
  const free = await owner.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '萝卜', unit_price_fen: null }) });
  t.like(
    await problemOf(owner.client.call(routes.listSupplyInShop, { params: { post_id: free.id }, body: listing({ merchant_id: om!.id }) })),
    { status: 409, code: 'price_negotiable' },
  );
  t.like(
    await problemOf(
      owner.client.call(routes.listSupplyInShop, { params: { post_id: post.id }, body: listing({ merchant_id: om!.id, stock: 201 }) }),
    ),
    { status: 409, code: 'stock_above_supply' },
  );
  t.is((await productsOf(om!.id)).length, 0);
  t.is((await productsOf(otherShop!.id)).length, 0);

  // A second shop of the verified farmer that is not verified yet: the catalog refuses to put it on sale.
  const unverifiedShop = await owner.client.call(routes.createMerchant, {
    body: { name: '新开小店', kind: 'farmer', contact_name: '张三', contact_phone: '13800001111', community_id: seed.communities.jingshan },
  });
  t.like(
    await problemOf(
      owner.client.call(routes.listSupplyInShop, { params: { post_id: post.id }, body: listing({ merchant_id: unverifiedShop.id }) }),
    ),
    { status: 403, code: 'merchant_not_verified' },
  );
  t.is((await productsOf(unverifiedShop.id)).length, 0);
});
