/**
 * Catalog (issue 5, first slice) over HTTP against the real database and Redis: merchant verification and seller
 * rights, product bounds and photos. Search is in catalog-search.test.ts, imports in catalog-import.test.ts.
 */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { seedDemo } from '@cc/api';
import { routes, shanghaiDate, type Product } from '@cc/shared';
import { raw } from '../support/stack';
import { pngOf } from '../support/images';
import {
  admin,
  cat,
  categories,
  creditCode,
  operatorJ,
  operatorW,
  problemOf,
  productBody,
  productsOf,
  seed,
  seller,
  stack,
  VALID_ID,
  setupCatalogStack,
  type Seller,
} from '../support/catalog';

setupCatalogStack();

test('the category tree has the goods of a community shop, two levels, with stable ids', async (t) => {
  const roots = categories.filter((c) => c.parent_id === null).map((c) => c.name);
  t.deepEqual(roots, ['蔬菜', '水果', '粮油', '禽蛋肉', '水产', '农副加工', '日用百货']);
  const leafy = categories.find((c) => c.code === 'vegetables.leafy')!;
  t.is(leafy.name, '叶菜类');
  t.deepEqual(leafy.path, [cat('vegetables'), leafy.id]);
  t.true(categories.filter((c) => c.parent_id === cat('processed')).some((c) => c.name === '茶叶'));
  t.deepEqual((await stack.client.call(routes.listCategories, {})).items, categories);
});

test('the demo seed: verified farmers, co-op and store with products on sale, and running it again changes nothing', async (t) => {
  const demo = () =>
    stack.api.conn
      .collection('products')
      .find({ merchant_id: { $in: Object.values(seed.merchants) } })
      .sort({ _id: 1 })
      .toArray();
  const before = await demo();
  t.true(before.length >= 20);
  const again = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
  t.deepEqual(again.merchants, seed.merchants);
  const after = await demo();
  t.deepEqual(
    after.map((p) => [p._id, p.sku, p.stock, p.price_fen, p.updated_at]),
    before.map((p) => [p._id, p.sku, p.stock, p.price_fen, p.updated_at]),
  );
  const coop = await stack.client.call(routes.getMerchant, { params: { merchant_id: seed.merchants['demo-farmer-2']! } });
  t.like(coop, {
    name: '白沙村果蔬专业合作社',
    kind: 'coop',
    origin_village: '白沙村',
    verified: true,
    contact_phone_masked: '139****0012',
  });
  const tea = await stack.client.call(routes.searchProducts, { query: { community_id: seed.communities.wenxin, q: '径山茶' } });
  t.true(tea.items.length >= 2);
  t.true(tea.items.every((p) => p.merchant.name === '陈建国家庭茶场' && p.origin_village === '径山村'));
});

// ---------- merchants: verification, roles and ownership ----------

/** Not verified yet: not public, drafts only, on sale refused. Returns the draft. */
async function unverifiedShopSellsNothing(t: ExecutionContext, s: Seller): Promise<Product> {
  t.like(await problemOf(stack.client.call(routes.getMerchant, { params: { merchant_id: s.merchant.id } })), {
    status: 404,
    code: 'merchant_not_found',
  });
  t.like(
    await problemOf(
      s.client.call(routes.createProduct, { params: { merchant_id: s.merchant.id }, body: productBody({ status: 'on_sale' }) }),
    ),
    {
      status: 403,
      code: 'merchant_not_verified',
    },
  );
  const draft = await s.client.call(routes.createProduct, { params: { merchant_id: s.merchant.id }, body: productBody() });
  t.is(draft.status, 'draft');
  t.like(await problemOf(s.client.call(routes.setProductStatus, { params: { product_id: draft.id }, body: { status: 'on_sale' } })), {
    status: 403,
    code: 'merchant_not_verified',
  });

  return draft;
}

/** A mistyped number and an early approval are refused; the submission stores only the masked number. */
async function submission(t: ExecutionContext, s: Seller): Promise<void> {
  // A mistyped number (wrong check digit) is refused at the edge — sent raw, as the typed client would not send it.
  const wrong = VALID_ID.slice(0, 17) + (VALID_ID[17] === '0' ? '1' : '0');
  const rawBad = await raw(`${stack.apiUrl}/api/v1/merchants/${s.merchant.id}/verification`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ real_name: '张三', id_kind: 'resident_id', id_number: wrong }),
  });
  t.is(rawBad.status, 400);
  t.true((rawBad.body?.errors as { path: string }[]).some((e) => e.path === 'body.id_number'));
  // Approving before a submission is an illegal transition.
  t.like(await problemOf(operatorW.call(routes.approveMerchant, { params: { merchant_id: s.merchant.id }, body: {} })), {
    status: 409,
    code: 'illegal_transition',
  });

  const pending = await s.client.call(routes.submitMerchantVerification, {
    params: { merchant_id: s.merchant.id },
    body: { real_name: '张三', id_kind: 'resident_id', id_number: VALID_ID },
  });
  t.is(pending.verification.status, 'pending');
  t.is(pending.verification.id_number_masked, `${VALID_ID.slice(0, 3)}***********${VALID_ID.slice(-4)}`);
  t.false(
    JSON.stringify(await stack.api.conn.collection('merchants').findOne({ _id: s.merchant.id as never })).includes(VALID_ID),
    'the full number is not stored',
  );
}

/** Roles and scope: a resident has no operator role; 径山村's operator does not verify 益乐社区's merchants. */
async function onlyTheCommunityOperatorDecides(t: ExecutionContext, s: Seller): Promise<void> {
  t.like(await problemOf(s.client.call(routes.approveMerchant, { params: { merchant_id: s.merchant.id }, body: {} })), {
    status: 403,
    code: 'forbidden_role',
  });
  t.like(await problemOf(operatorJ.call(routes.approveMerchant, { params: { merchant_id: s.merchant.id }, body: {} })), {
    status: 403,
    code: 'forbidden_scope',
  });
  t.like(
    await problemOf(operatorJ.call(routes.rejectMerchant, { params: { merchant_id: s.merchant.id }, body: { reason: '证件照片不清楚' } })),
    {
      status: 403,
      code: 'forbidden_scope',
    },
  );
  t.like(await problemOf(operatorJ.call(routes.listCommunityMerchants, { params: { community_id: seed.communities.wenxin }, query: {} })), {
    status: 403,
    code: 'forbidden_scope',
  });
}

/** Rejected with a reason, submitted again, verified by the admin; then there is nothing left to decide. */
async function rejectedThenVerified(t: ExecutionContext, s: Seller): Promise<void> {
  const rejected = await operatorW.call(routes.rejectMerchant, {
    params: { merchant_id: s.merchant.id },
    body: { reason: '证件号与本人不符，请到服务站核对' },
  });
  t.like(rejected.verification, { status: 'rejected', rejected_reason: '证件号与本人不符，请到服务站核对' });
  t.like(await problemOf(operatorW.call(routes.approveMerchant, { params: { merchant_id: s.merchant.id }, body: {} })), {
    status: 409,
    code: 'illegal_transition',
  });

  await s.client.call(routes.submitMerchantVerification, {
    params: { merchant_id: s.merchant.id },
    body: { real_name: '张三', id_kind: 'resident_id', id_number: VALID_ID },
  });
  const listed = await operatorW.call(routes.listCommunityMerchants, {
    params: { community_id: seed.communities.wenxin },
    query: { verification: 'pending' },
  });
  t.true(listed.items.some((m) => m.id === s.merchant.id));
  const verified = await admin.call(routes.approveMerchant, { params: { merchant_id: s.merchant.id }, body: { note: '已核验' } });
  t.like(verified.verification, { status: 'verified', rejected_reason: null });
  t.deepEqual(
    verified.history.map((h) => h.action),
    ['created', 'submitted', 'rejected', 'submitted', 'verified'],
  );
  t.like(await problemOf(operatorW.call(routes.approveMerchant, { params: { merchant_id: s.merchant.id }, body: {} })), {
    status: 409,
    code: 'illegal_transition',
  });
  t.like(
    await problemOf(
      s.client.call(routes.submitMerchantVerification, {
        params: { merchant_id: s.merchant.id },
        body: { real_name: '张三', id_kind: 'resident_id', id_number: VALID_ID },
      }),
    ),
    { status: 409, code: 'already_verified' },
  );
}

test('verification: submit → rejected with reason → resubmit → verified; only then can products go on sale', async (t) => {
  const s = await seller({ verified: false });
  t.is(s.merchant.verification.status, 'unverified');
  t.regex(s.merchant.account_id!, /^acc_/);
  const account = await stack.api.wallet.ledger.requireAccount(s.merchant.account_id!);
  t.like(account, { kind: 'merchant', owner_id: s.merchant.id, balance_fen: 0 });

  // Not public yet; a draft is fine, on sale is not.
  const draft = await unverifiedShopSellsNothing(t, s);
  await submission(t, s);
  await onlyTheCommunityOperatorDecides(t, s);
  await rejectedThenVerified(t, s);

  const onSale = await s.client.call(routes.setProductStatus, { params: { product_id: draft.id }, body: { status: 'on_sale' } });
  t.is(onSale.status, 'on_sale');
  t.like(await stack.client.call(routes.getMerchant, { params: { merchant_id: s.merchant.id } }), {
    verified: true,
    contact_phone_masked: '138****1111',
  });
});

test('a co-op verifies with a credit code; an operator cannot verify their own shop', async (t) => {
  const coop = await seller({ verified: false, kind: 'coop' });
  t.like(
    await problemOf(
      coop.client.call(routes.submitMerchantVerification, {
        params: { merchant_id: coop.merchant.id },
        body: { real_name: '某合作社', id_kind: 'resident_id', id_number: VALID_ID },
      }),
    ),
    { status: 400, code: 'id_kind_mismatch' },
  );
  const ok = await coop.client.call(routes.submitMerchantVerification, {
    params: { merchant_id: coop.merchant.id },
    body: { real_name: '某合作社', id_kind: 'credit_code', id_number: creditCode('93330185MA2H4K7P9') },
  });
  t.is(ok.verification.status, 'pending');

  const own = await operatorW.call(routes.createMerchant, {
    body: {
      name: `周敏的小店${randomUUID().slice(0, 4)}`,
      kind: 'store',
      contact_name: '周敏',
      contact_phone: '13405710051',
      community_id: seed.communities.wenxin,
    },
  });
  await operatorW.call(routes.submitMerchantVerification, {
    params: { merchant_id: own.id },
    body: { real_name: '周敏', id_kind: 'resident_id', id_number: VALID_ID },
  });
  t.like(await problemOf(operatorW.call(routes.approveMerchant, { params: { merchant_id: own.id }, body: {} })), {
    status: 403,
    code: 'cannot_verify_own',
  });
  t.like(
    await problemOf(
      operatorW.call(routes.createMerchant, {
        body: { name: own.name, kind: 'store', contact_name: '周敏', contact_phone: '13405710051', community_id: seed.communities.wenxin },
      }),
    ),
    {
      status: 409,
      code: 'merchant_name_taken',
    },
  );
  t.like(
    await problemOf(
      operatorW.call(routes.createMerchant, {
        body: {
          name: '不存在的社区店',
          kind: 'store',
          contact_name: '周敏',
          contact_phone: '13405710051',
          community_id: 'cmt_01JD3Q8Z6Y0M2V5K7N9P4R2S1T',
        },
      }),
    ),
    { status: 404, code: 'community_not_found' },
  );
});

test('a seller cannot touch another seller’s shop or products, and nothing changes', async (t) => {
  const a = await seller();
  const b = await seller();
  const p = await a.client.call(routes.createProduct, { params: { merchant_id: a.merchant.id }, body: productBody({ status: 'on_sale' }) });
  const before = await productsOf(a.merchant.id);
  const refused = [
    b.client.call(routes.updateProduct, { params: { product_id: p.id }, body: { price_fen: 1 } }),
    b.client.call(routes.adjustProductStock, { params: { product_id: p.id }, body: { delta: -5 } }),
    b.client.call(routes.setProductStatus, { params: { product_id: p.id }, body: { status: 'off_sale' } }),
    b.client.call(routes.createProduct, { params: { merchant_id: a.merchant.id }, body: productBody() }),
    b.client.call(routes.updateMerchant, { params: { merchant_id: a.merchant.id }, body: { name: '抢来的店' } }),
    b.client.call(routes.listMerchantProducts, { params: { merchant_id: a.merchant.id }, query: {} }),
    b.client.call(routes.importCatalog, {
      params: { merchant_id: a.merchant.id },
      file: { bytes: new TextEncoder().encode('SKU,商品名称,分类,单位,价格,库存\nX,名称,叶菜类,斤,1,1\n'), content_type: 'text/csv' },
    }),
    b.client.call(routes.submitMerchantVerification, {
      params: { merchant_id: a.merchant.id },
      body: { real_name: '李四', id_kind: 'resident_id', id_number: VALID_ID },
    }),
  ];
  for (const r of refused) t.like(await problemOf(r), { status: 403, code: 'not_merchant_owner' });
  // Operators moderate but do not sell: hiding yes, editing no.
  t.like(await problemOf(operatorW.call(routes.updateProduct, { params: { product_id: p.id }, body: { price_fen: 1 } })), {
    status: 403,
    code: 'not_merchant_owner',
  });
  t.deepEqual(await productsOf(a.merchant.id), before);
  t.is(await stack.api.conn.collection('catalog_imports').countDocuments({ merchant_id: a.merchant.id }), 0);
  // Its operator may read the whole list (drafts included).
  t.is((await operatorW.call(routes.listMerchantProducts, { params: { merchant_id: a.merchant.id }, query: {} })).items.length, 1);
});

// ---------- products: bounds ----------

test('product bounds: bad prices, stock, unit, harvest date and images are 400 naming the field, and nothing is written', async (t) => {
  const s = await seller();
  const before = await productsOf(s.merchant.id);
  const tomorrow = shanghaiDate(new Date(Date.now() + 36 * 3600 * 1000));
  const cases: [Record<string, unknown>, string][] = [
    [{ price_fen: 0 }, 'body.price_fen'],
    [{ price_fen: -100 }, 'body.price_fen'],
    [{ price_fen: 3.5 }, 'body.price_fen'],
    [{ price_fen: 1_000_001 }, 'body.price_fen'],
    [{ price_fen: '350' }, 'body.price_fen'],
    [{ stock: -1 }, 'body.stock'],
    [{ stock: 2.5 }, 'body.stock'],
    [{ stock: 1_000_001 }, 'body.stock'],
    [{ unit: '吨' }, 'body.unit'],
    [{ unit: 'kg' }, 'body.unit'],
    [{ harvest_date: '2026/11/01' }, 'body.harvest_date'],
    [{ harvest_date: '2026-02-30' }, 'body.harvest_date'],
    [{ harvest_date: '2026-11-01T08:00:00Z' }, 'body.harvest_date'],
    [{ harvest_date: tomorrow }, 'body.harvest_date'],
    [{ name: '菜' }, 'body.name'],
    [{ name: 'x'.repeat(61) }, 'body.name'],
    [{ category_id: 'vegetables' }, 'body.category_id'],
    [{ images: ['not-an-upload'] }, 'body.images.0'],
    [{ images: Array.from({ length: 10 }, () => 'upl_01JD3Q8Z6Y0M2V5K7N9P4R2S1T') }, 'body.images'],
    [{ sku: 'has space' }, 'body.sku'],
    [{ status: 'hidden_by_operator' }, 'body.status'],
  ];
  for (const [over, path] of cases) {
    const res = await raw(`${stack.apiUrl}/api/v1/merchants/${s.merchant.id}/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '测试青菜', category_id: cat('vegetables.leafy'), unit: '斤', price_fen: 350, stock: 10, ...over }),
    });
    t.is(res.status, 400, JSON.stringify(over));
    t.is(res.headers.get('content-type'), 'application/problem+json');
    const errors = res.body?.errors as { path: string; message: string }[];
    t.true(
      errors.some((e) => e.path === path),
      `${JSON.stringify(over)} → ${JSON.stringify(errors)}`,
    );
  }
  // Well-formed but unknown: the category, and a photo that is not this person's.
  t.like(
    await problemOf(
      s.client.call(routes.createProduct, {
        params: { merchant_id: s.merchant.id },
        body: productBody({ category_id: 'cat_01JD3Q8Z6Y0M2V5K7N9P4R2S1T' }),
      }),
    ),
    {
      status: 404,
      code: 'category_not_found',
    },
  );
  t.like(
    await problemOf(
      s.client.call(routes.createProduct, {
        params: { merchant_id: s.merchant.id },
        body: productBody({ images: ['upl_01JD3Q8Z6Y0M2V5K7N9P4R2S1T'] }),
      }),
    ),
    {
      status: 400,
      code: 'upload_unknown',
    },
  );
  t.deepEqual(await productsOf(s.merchant.id), before);

  // The edges themselves are fine.
  const edge = await s.client.call(routes.createProduct, {
    params: { merchant_id: s.merchant.id },
    body: productBody({ price_fen: 1_000_000, stock: 0, harvest_date: shanghaiDate(new Date()), unit: '公斤' }),
  });
  t.like(edge, { price_fen: 1_000_000, stock: 0, in_stock: false, unit: '公斤' });
  const min = await s.client.call(routes.createProduct, { params: { merchant_id: s.merchant.id }, body: productBody({ price_fen: 1 }) });
  t.is(min.price_fen, 1);
  t.like(
    await problemOf(s.client.call(routes.createProduct, { params: { merchant_id: s.merchant.id }, body: productBody({ sku: min.sku }) })),
    { status: 409, code: 'sku_taken' },
  );
});

test('photos: a product shows its uploads in order; stock moves relatively and never below 0', async (t) => {
  const s = await seller();
  const png = pngOf([46, 140, 70]);
  const u1 = await s.client.call(routes.createUpload, { file: { bytes: png, content_type: 'image/png' } });
  const u2 = await s.client.call(routes.createUpload, { file: { bytes: png, content_type: 'image/png' } });
  const p = await s.client.call(routes.createProduct, {
    params: { merchant_id: s.merchant.id },
    body: productBody({ images: [u2.id, u1.id], status: 'on_sale' }),
  });
  t.deepEqual(p.images, [u2.id, u1.id]);
  t.deepEqual(p.image_urls, [u2.url, u1.url]);
  t.is((await raw(`${stack.apiUrl}${p.image_urls[0]}`)).status, 200);

  t.is((await s.client.call(routes.adjustProductStock, { params: { product_id: p.id }, body: { delta: 5 } })).stock, 15);
  t.is((await s.client.call(routes.adjustProductStock, { params: { product_id: p.id }, body: { delta: -15 } })).stock, 0);
  t.like(await problemOf(s.client.call(routes.adjustProductStock, { params: { product_id: p.id }, body: { delta: -1 } })), {
    status: 409,
    code: 'insufficient_stock',
  });
  const edited = await s.client.call(routes.updateProduct, {
    params: { product_id: p.id },
    body: { name: '改名后的青菜', harvest_date: null, keywords: ['上海青'] },
  });
  t.like(edited, { name: '改名后的青菜', harvest_date: null, stock: 0 });
  const found = await stack.client.call(routes.searchProducts, {
    query: { community_id: seed.communities.wenxin, q: '上海青', merchant_id: s.merchant.id },
  });
  t.deepEqual(
    found.items.map((x) => x.id),
    [p.id],
  );
});
