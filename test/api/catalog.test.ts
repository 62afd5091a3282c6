/**
 * Catalog (issue 5, first slice) over HTTP against the real database and Redis: merchant verification and seller
 * rights, product bounds, search filters / sorts / cursor pages, community visibility, operator hiding, the stock
 * reservation race, and catalog imports from CSV (UTF-8 and GBK) and xlsx through the BullMQ job.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import ExcelJS from 'exceljs';
import { seedDemo } from '@cc/api';
import {
  ApiError,
  creditCodeCheckChar,
  residentIdCheckChar,
  routes,
  shanghaiDate,
  type ApiClient,
  type CatalogImport,
  type Category,
  type Merchant,
  type Product,
  type ProductSort,
} from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';

let stack: Stack;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let operatorW: ApiClient; // 益乐社区 (wenxin)
let operatorJ: ApiClient; // 径山村 (jingshan)
let admin: ApiClient;
let categories: Category[];

test.before(async () => {
  stack = await startStack();
  seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
  operatorW = (await stack.login('demo-operator-1')).client;
  operatorJ = (await stack.login('demo-operator-2')).client;
  admin = (await stack.login('demo-admin-1')).client;
  categories = (await stack.client.call(routes.listCategories, {})).items;
});
test.after.always(() => stack?.stop());

async function problemOf(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; errors: { path: string; message: string }[] }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError)
      return { status: err.status, code: err.code, errors: (err.problem.errors ?? []) as { path: string; message: string }[] };
    throw err;
  }
  throw new Error('expected the call to fail');
}

const cat = (code: string) => categories.find((c) => c.code === code)!.id;
const residentId = (first17: string) => first17 + residentIdCheckChar(first17);
const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17);
const VALID_ID = residentId('33011019800101123');

/** Polls until `check` returns a value (no fixed sleeps). */
async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

type Seller = { client: ApiClient; token: string; user_id: string; merchant: Merchant };

/** A new person who opens a shop (verified by 周敏 of 益乐社区 unless said otherwise). */
async function seller(
  opts: { verified?: boolean; community_id?: string; serves?: string[]; kind?: 'farmer' | 'coop' | 'store'; origin?: string } = {},
): Promise<Seller> {
  const person = await stack.login(`seller-${randomUUID().slice(0, 12)}`);
  const community_id = opts.community_id ?? seed.communities.wenxin;
  let merchant = await person.client.call(routes.createMerchant, {
    body: {
      name: `测试商户${randomUUID().slice(0, 6)}`,
      kind: opts.kind ?? 'farmer',
      contact_name: '张三',
      contact_phone: '13800001111',
      community_id,
      ...(opts.origin ? { origin_village: opts.origin } : {}),
      ...(opts.serves ? { serves_community_ids: opts.serves } : {}),
    },
  });
  if (opts.verified ?? true) {
    const id =
      opts.kind === 'coop'
        ? { id_kind: 'credit_code' as const, id_number: creditCode('93330185MA2H4K7P9') }
        : { id_kind: 'resident_id' as const, id_number: VALID_ID };
    await person.client.call(routes.submitMerchantVerification, {
      params: { merchant_id: merchant.id },
      body: { real_name: '张三', ...id },
    });
    const verifier = community_id === seed.communities.wenxin ? operatorW : community_id === seed.communities.jingshan ? operatorJ : admin;
    merchant = await verifier.call(routes.approveMerchant, { params: { merchant_id: merchant.id }, body: {} });
  }
  return { client: person.client, token: person.token, user_id: person.user_id, merchant };
}

function productBody(over: Record<string, unknown> = {}) {
  return { name: '测试青菜', category_id: cat('vegetables.leafy'), unit: '斤', price_fen: 350, stock: 10, ...over } as never;
}

async function productsOf(merchant_id: string) {
  return stack.api.conn.collection('products').find({ merchant_id }).sort({ _id: 1 }).toArray();
}

// ---------- categories and demo data ----------

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

test('verification: submit → rejected with reason → resubmit → verified; only then can products go on sale', async (t) => {
  const s = await seller({ verified: false });
  t.is(s.merchant.verification.status, 'unverified');
  t.regex(s.merchant.account_id!, /^acc_/);
  const account = await stack.api.wallet.ledger.requireAccount(s.merchant.account_id!);
  t.like(account, { kind: 'merchant', owner_id: s.merchant.id, balance_fen: 0 });

  // Not public yet; a draft is fine, on sale is not.
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

  // Roles and scope: a resident has no operator role; 径山村's operator does not verify 益乐社区's merchants.
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
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
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

async function importFile(
  client: ApiClient,
  merchant_id: string,
  bytes: Uint8Array,
  content_type: string,
): Promise<{ accepted: CatalogImport; seen: CatalogImport[]; done: CatalogImport }> {
  const accepted = await client.call(routes.importCatalog, { params: { merchant_id }, file: { bytes, content_type } });
  const seen: CatalogImport[] = [];
  const done = await until(
    'the import to finish',
    async () => {
      const now = await client.call(routes.getCatalogImport, { params: { import_id: accepted.id }, query: {} });
      seen.push(now);
      return now.status === 'completed' || now.status === 'failed' ? now : null;
      // A generous deadline: the job shares two cores with the rest of the suite.
    },
    120_000,
  );
  return { accepted, seen, done };
}

const yesterday = () => shanghaiDate(new Date(Date.now() - 24 * 3600 * 1000));

function csvOf(rows: string[][]): Uint8Array {
  return new TextEncoder().encode(
    rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n',
  );
}

test('CSV import: valid rows created, invalid rows reported by row and column in Chinese and changing nothing; the same file again changes nothing', async (t) => {
  const s = await seller();
  const head = ['SKU', '商品名称', '分类', '单位', '价格（元）', '库存', '规格', '产地', '采收日期', '关键词', '状态', '备注'];
  const rows = [
    head,
    ['IMP-001', '导入的青菜', '蔬菜/叶菜类', '斤', '3.50', '100', '当天采摘', '径山村', yesterday(), '青菜 小青菜', '在售', '第一行'],
    ['IMP-002', '导入的萝卜', '根茎类', '斤', '2.5', '50', '', '', '', '', '草稿', ''],
    ['IMP-003', '价格为零', '叶菜类', '斤', '0', '10'],
    ['IMP-004', '三位小数', '叶菜类', '斤', '1.234', '10'],
    ['IMP-005', '负的库存', '叶菜类', '斤', '2', '-1'],
    ['IMP-006', '小数库存', '叶菜类', '斤', '2', '1.5'],
    ['IMP-007', '错误单位', '叶菜类', '吨', '2', '1'],
    ['IMP-008', '错误日期', '叶菜类', '斤', '2', '1', '', '', '2026/02/30'],
    ['IMP-009', '未知分类', '不存在的分类', '斤', '2', '1'],
    ['IMP-010', '', '叶菜类', '斤', '2', '1'],
    ['IMP-011', '重复一', '叶菜类', '斤', '2', '1'],
    ['IMP-011', '重复二', '叶菜类', '斤', '2', '1'],
    [''],
    ['IMP-012', '带,逗号的"名称"', 'vegetables.leafy', '千克', '¥12.00', '5'],
  ];
  const bytes = csvOf(rows);
  const { accepted, seen, done } = await importFile(s.client, s.merchant.id, bytes, 'text/csv');
  t.like(accepted, { status: 'queued', format: 'csv', rows_total: 13, rows_done: 0, ignored_columns: ['备注'] });
  t.like(done, {
    status: 'completed',
    rows_total: 13,
    rows_done: 13,
    created: 3,
    updated: 0,
    unchanged: 0,
    rejected: 10,
    errors_truncated: false,
  });
  for (let i = 1; i < seen.length; i++) t.true(seen[i]!.rows_done >= seen[i - 1]!.rows_done, 'progress only moves forward');
  const byRow = new Map<number, { column: string | null; message: string }[]>();
  for (const e of done.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
  t.deepEqual(
    [...byRow.keys()].sort((a, b) => a - b),
    [4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  );
  t.like(byRow.get(4)![0], { column: '价格（元）', message: '价格须大于 0' });
  t.like(byRow.get(5)![0], { column: '价格（元）' });
  t.like(byRow.get(6)![0], { column: '库存', message: '库存不能小于 0' });
  t.like(byRow.get(7)![0], { column: '库存', message: '库存须为整数' });
  t.like(byRow.get(8)![0], { column: '单位' });
  t.like(byRow.get(9)![0], { column: '采收日期' });
  t.like(byRow.get(10)![0], { column: '分类' });
  t.like(byRow.get(11)![0], { column: '商品名称', message: '请填写商品名称' });
  t.regex(byRow.get(12)![0]!.message, /重复出现（第 12、13 行）/);
  t.true(done.errors.every((e) => /[\u4e00-\u9fff]/.test(e.message)));

  const stored = await productsOf(s.merchant.id);
  t.deepEqual(stored.map((p) => p.sku).sort(), ['IMP-001', 'IMP-002', 'IMP-012']);
  const first = stored.find((p) => p.sku === 'IMP-001')!;
  t.like(first, {
    name: '导入的青菜',
    price_fen: 350,
    stock: 100,
    status: 'on_sale',
    origin_village: '径山村',
    harvest_date: yesterday(),
    unit: '斤',
  });
  t.deepEqual(first.keywords, ['青菜', '小青菜']);
  t.like(
    stored.find((p) => p.sku === 'IMP-012'),
    { name: '带,逗号的"名称"', price_fen: 1200, unit: '公斤', status: 'draft' },
  );
  t.is(stored.find((p) => p.sku === 'IMP-002')?.category_path[0], cat('vegetables'));

  // The same file again: nothing created, nothing written.
  const again = await importFile(s.client, s.merchant.id, bytes, 'text/csv');
  t.like(again.done, { status: 'completed', created: 0, updated: 0, unchanged: 3, rejected: 10 });
  t.deepEqual(await productsOf(s.merchant.id), stored);

  // One price changed: one update, by SKU.
  const changed = rows.map((r) => (r[0] === 'IMP-001' ? r.map((c, i) => (i === 4 ? '3.80' : c)) : r));
  const third = await importFile(s.client, s.merchant.id, csvOf(changed), 'application/vnd.ms-excel');
  t.like(third.done, { created: 0, updated: 1, unchanged: 2, rejected: 10 });
  t.is((await productsOf(s.merchant.id)).find((p) => p.sku === 'IMP-001')?.price_fen, 380);

  const list = await s.client.call(routes.listCatalogImports, { params: { merchant_id: s.merchant.id }, query: { limit: 2 } });
  t.deepEqual(
    list.items.map((i) => i.id),
    [third.accepted.id, again.accepted.id],
  );
  t.truthy(list.next_cursor);
  const other = await seller();
  t.like(await problemOf(other.client.call(routes.getCatalogImport, { params: { import_id: done.id }, query: {} })), {
    status: 404,
    code: 'import_not_found',
  });
  t.is((await operatorW.call(routes.getCatalogImport, { params: { import_id: done.id }, query: {} })).id, done.id);
});

test('CSV import saved by Excel in GBK, and an unverified shop cannot import products on sale', async (t) => {
  const s = await seller({ verified: false });
  // SKU,商品名称,分类,单位,价格（元）,库存 / GBK-001,临安天目笋干,干货,袋,39.90,20 — encoded in GBK.
  const gbk = Buffer.from(
    'U0tVLMnMxrfD+7PGLLfWwOAstaXOuyy827jxo6jUqqOpLL/itOYNCkdCSy0wMDEswdmwsszsxL/L8bjJLLjJu/UstPwsMzkuOTAsMjANCg==',
    'base64',
  );
  const { done } = await importFile(s.client, s.merchant.id, new Uint8Array(gbk), 'text/csv');
  t.like(done, { created: 1, rejected: 0 });
  t.like((await productsOf(s.merchant.id))[0], { sku: 'GBK-001', name: '临安天目笋干', price_fen: 3990, status: 'draft' });

  const onSale = await importFile(
    s.client,
    s.merchant.id,
    csvOf([
      ['SKU', '商品名称', '分类', '单位', '价格', '库存', '状态'],
      ['GBK-002', '想上架的笋', '竹笋', '斤', '9', '3', '在售'],
    ]),
    'text/csv',
  );
  t.like(onSale.done, { created: 0, rejected: 1 });
  t.like(onSale.done.errors[0], { row: 2, column: '状态' });
});

test('xlsx import: numbers, dates, formulas and rich text cells; per-row errors with the sheet’s row numbers', async (t) => {
  const s = await seller();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品');
  const harvested = new Date(`${yesterday()}T00:00:00Z`);
  const future = new Date(Date.now() + 40 * 24 * 3600 * 1000);
  ws.addRow(['SKU', '商品名称', '分类', '单位', '价格（元）', '库存', '采收日期', '状态']);
  ws.addRow(['X-001', '径山高山茶', 'processed.tea', '罐', 88, 10, harvested, '在售']);
  ws.addRow(['X-002', '三位小数的茶', '茶叶', '袋', 12.345, 5]);
  ws.addRow(['X-003', '公式算的库存', '茶叶', '袋', 20, { formula: '2*3', result: 6 }]);
  ws.addRow([]);
  ws.addRow(['X-004', { richText: [{ text: '富文本' }, { text: '名称' }] }, '农副加工/茶叶', '袋', 9.9, 3]);
  ws.addRow(['X-005', '明年的茶', '茶叶', '袋', 10, 1, future]);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  const { accepted, done } = await importFile(
    s.client,
    s.merchant.id,
    bytes,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  t.like(accepted, { format: 'xlsx', rows_total: 5 });
  t.like(done, { status: 'completed', created: 3, rejected: 2 });
  t.deepEqual(
    done.errors.map((e) => [e.row, e.column]),
    [
      [3, '价格（元）'],
      [7, '采收日期'],
    ],
  );
  t.is(done.errors[1]!.message, '采收日期不能晚于今天（北京时间）');
  const stored = await productsOf(s.merchant.id);
  t.like(
    stored.find((p) => p.sku === 'X-001'),
    { price_fen: 8800, stock: 10, harvest_date: yesterday(), status: 'on_sale' },
  );
  t.like(
    stored.find((p) => p.sku === 'X-003'),
    { stock: 6 },
  );
  t.like(
    stored.find((p) => p.sku === 'X-004'),
    { name: '富文本名称', price_fen: 990 },
  );
});

test('a larger import reports its progress while it runs and ends with every row done', async (t) => {
  const s = await seller();
  const n = 600;
  const rows = [
    ['SKU', '商品名称', '分类', '单位', '价格（元）', '库存'],
    ...Array.from({ length: n }, (_, i) => [`BULK-${i}`, `批量商品${i}`, '日用百货/纸品', '提', `${10 + (i % 50)}.90`, `${i % 30}`]),
  ];
  const { accepted, seen, done } = await importFile(s.client, s.merchant.id, csvOf(rows), 'text/csv');
  t.like(accepted, { status: 'queued', rows_total: n, rows_done: 0 });
  for (const snap of seen) {
    t.is(snap.rows_total, n);
    t.true(snap.rows_done >= 0 && snap.rows_done <= n);
    if (snap.status === 'completed') t.is(snap.rows_done, n);
  }
  for (let i = 1; i < seen.length; i++) t.true(seen[i]!.rows_done >= seen[i - 1]!.rows_done);
  t.like(done, { rows_done: n, created: n, rejected: 0 });
  t.is((await productsOf(s.merchant.id)).length, n);
});

test('imports that cannot be read are refused at once, and nothing is stored', async (t) => {
  const s = await seller();
  const post = (bytes: Uint8Array, type = 'text/csv') =>
    problemOf(s.client.call(routes.importCatalog, { params: { merchant_id: s.merchant.id }, file: { bytes, content_type: type } }));
  t.like(
    await post(
      csvOf([
        ['SKU', '商品名称', '单位'],
        ['A', '名称', '斤'],
      ]),
    ),
    { status: 400, code: 'import_columns_missing' },
  );
  t.like(await post(csvOf([['SKU', '商品名称', '分类', '单位', '价格', '库存']])), { status: 400, code: 'import_empty' });
  t.like(
    await post(
      csvOf([
        ['SKU', '货号', '商品名称', '分类', '单位', '价格', '库存'],
        ['a', 'b', 'c', 'd', 'e', '1', '1'],
      ]),
    ),
    { status: 400, code: 'import_columns_duplicated' },
  );
  t.like(
    await post(
      csvOf([
        ['SKU', '商品名称', '分类', '单位', '价格（元）', '价格（分）', '库存'],
        ['a', 'b', 'c', 'd', '1', '100', '1'],
      ]),
    ),
    {
      status: 400,
      code: 'import_columns_duplicated',
    },
  );
  t.like(await post(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'application/vnd.ms-excel'), {
    status: 400,
    code: 'xls_not_supported',
  });
  t.like(
    await post(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    {
      status: 400,
      code: 'import_file_unreadable',
    },
  );
  t.like(await post(new TextEncoder().encode('SKU,商品名称,分类,单位,价格,库存\n"a,b,c,d,1,1\n')), {
    status: 400,
    code: 'import_file_unreadable',
  });
  const tooMany = csvOf([
    ['SKU', '商品名称', '分类', '单位', '价格', '库存'],
    ...Array.from({ length: 5001 }, (_, i) => [`S${i}`, '名称', '纸品', '提', '1', '1']),
  ]);
  t.like(await post(tooMany), { status: 400, code: 'import_too_many_rows' });
  t.is(await stack.api.conn.collection('catalog_imports').countDocuments({ merchant_id: s.merchant.id }), 0);
});
