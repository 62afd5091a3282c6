/**
 * Agricultural supply and purchase posts (issue 14 items 1, 2) over HTTP against the real database, Redis and
 * BullMQ: create, edit, close, renew, read, list mine; bad input writes nothing; ownership; verification; expiry.
 */
import test from 'ava';
import { routes, type SupplyPost } from '@cc/shared';
import { JINGSHAN, buyer, day, farmer, photo, purchaseBody, sent, storedPosts, supplyBody } from '../support/agri';
import { VALID_ID, operatorJ, problemOf, setupCatalogStack, stack, until } from '../support/catalog';

setupCatalogStack();

test('a verified farmer posts 200 斤 of 青菜: public at once, with base units, price and the credit level', async (t) => {
  const chen = await farmer();
  const pic = await photo(chen.client);
  const post = await chen.client.call(routes.createSupplyPost, { body: supplyBody({ photo_upload_ids: [pic], min_order_quantity: 20 }) });
  t.is(post.kind, 'supply');
  t.regex(post.id, /^sup_/);
  t.is(post.status, 'open');
  t.is(post.status_words, '展示中');
  t.is(post.category_name, '蔬菜');
  t.is(post.variety_key, '青菜');
  t.true(post.variety_confirmed);
  t.deepEqual([post.base_quantity, post.base_unit, post.unit_price_fen, post.base_unit_price_fen], [200, '斤', 250, 250]);
  t.false(post.price_negotiable);
  t.is(post.origin.county, '余杭区', 'the county comes from the registered village');
  t.true(post.poster.credit.verified);
  t.is(post.poster.credit.level, 3);
  t.true(post.mine);
  t.deepEqual(post.photo_upload_ids, [pic]);

  const other = await buyer();
  const seen = (await other.client.call(routes.getAgriPost, { params: { post_id: post.id } })) as SupplyPost;
  t.false(seen.mine);
  t.is(seen.private, null);
  t.is(seen.min_order_quantity, 20);
  const mine = await chen.client.call(routes.listMyAgriPosts, { query: {} });
  t.deepEqual(
    mine.items.map((p) => p.id),
    [post.id],
  );
});

test('高山茶叶 in 公斤 and 面议: base quantity in 斤, no price', async (t) => {
  const f = await farmer();
  const tea = await f.client.call(routes.createSupplyPost, {
    body: supplyBody({ category: 'processed', variety: '高山 茶叶', quantity: 100, unit: '公斤', unit_price_fen: 16000 }),
  });
  t.deepEqual(
    [tea.variety, tea.variety_key, tea.base_quantity, tea.base_unit, tea.base_unit_price_fen],
    ['高山 茶叶', '高山茶叶', 200, '斤', 8000],
  );
  t.true(tea.variety_confirmed);
  const free = await f.client.call(routes.createSupplyPost, { body: supplyBody({ unit_price_fen: null }) });
  t.true(free.price_negotiable);
  t.is(free.base_unit_price_fen, null);
});

test('bad input is refused with a field-level 400 and writes nothing', async (t) => {
  const f = await farmer();
  const cases: [string, Record<string, unknown>, string][] = [
    ['a unit that does not fit the category', { unit: '株' }, 'body.unit'],
    ['a window that ends before it starts', { available_from: day(10), available_to: day(2) }, 'body.available_to'],
    ['a window already over', { available_from: day(-10), available_to: day(-2) }, 'body.available_to'],
    ['a price of 0', { unit_price_fen: 0 }, 'body.unit_price_fen'],
    ['a negative price', { unit_price_fen: -5 }, 'body.unit_price_fen'],
    ['an absurd price (¥6000 a 斤)', { unit_price_fen: 600_000 }, 'body.unit_price_fen'],
    ['more than 3 decimals', { quantity: 1.2345 }, 'body.quantity'],
    ['a minimum order above the quantity', { min_order_quantity: 500 }, 'body.min_order_quantity'],
    ['an unknown category', { category: 'jewellery' }, 'body.category'],
    ['no variety', { variety: '' }, 'body.variety'],
    ['ten photos', { photo_upload_ids: Array(10).fill('upl_01JD3Q8Z6Y0M2V5K7N9P4R2S1T') }, 'body.photo_upload_ids'],
    ['a photo that is not theirs', { photo_upload_ids: ['upl_01JD3Q8Z6Y0M2V5K7N9P4R2S1T'] }, 'body.photo_upload_ids.0'],
    ['an unknown village record', { origin: { village: '某村', community_id: 'cmt_01JD3Q8Z6Y0M2V5K7N9P4R2S1T', location: JINGSHAN } }, ''],
  ];
  for (const [what, over, path] of cases) {
    const p = await sent(f, 'POST', '/api/v1/agri/supply-posts', { ...(supplyBody() as object), ...over });
    t.true(p.status >= 400 && p.status < 500, what);
    if (path)
      t.true(
        p.errors.some((e) => e.path === path),
        `${what}: ${JSON.stringify(p.errors)}`,
      );
  }
  const b = await buyer();
  const purchaseCases: [string, Record<string, unknown>, string][] = [
    ['notes under 10 characters', { notes: '要新鲜' }, 'body.notes'],
    ['a range upside down', { unit_price_min_fen: 500, unit_price_max_fen: 300 }, 'body.unit_price_max_fen'],
    ['an unknown frequency', { frequency: 'daily' }, 'body.frequency'],
    ['needed-by ending before it starts', { needed_from: day(9), needed_to: day(3) }, 'body.needed_to'],
    ['吨 of 苗木', { category: 'nursery', variety: '桂花树', unit: '吨' }, 'body.unit'],
  ];
  for (const [what, over, path] of purchaseCases) {
    const p = await sent(b, 'POST', '/api/v1/agri/purchase-posts', { ...(purchaseBody() as object), ...over });
    t.is(p.status, 400, what);
    t.true(
      p.errors.some((e) => e.path === path),
      `${what}: ${JSON.stringify(p.errors)}`,
    );
  }
  t.is((await storedPosts(f.user_id)).length, 0);
  t.is((await storedPosts(b.user_id)).length, 0);
});

test('only the poster edits, closes or renews a post; others get 403 and nothing changes', async (t) => {
  const [owner, other] = [await farmer(), await farmer()];
  const post = await owner.client.call(routes.createSupplyPost, { body: supplyBody() });
  const before = await storedPosts(owner.user_id);
  const attempts = [
    other.client.call(routes.updateSupplyPost, { params: { post_id: post.id }, body: { quantity: 1 } }),
    other.client.call(routes.closeAgriPost, { params: { post_id: post.id } }),
    other.client.call(routes.renewAgriPost, { params: { post_id: post.id }, body: { valid_days: 10 } }),
  ];
  for (const attempt of attempts) t.like(await problemOf(attempt), { status: 403, code: 'not_post_owner' });
  t.deepEqual(await storedPosts(owner.user_id), before);
  const missing = await problemOf(owner.client.call(routes.closeAgriPost, { params: { post_id: 'sup_01JD3Q8Z6Y0M2V5K7N9P4R2S1T' } }));
  t.like(missing, { status: 404, code: 'agri_post_not_found' });
  // A purchase route does not edit a supply post.
  const b = await buyer();
  const wrongKind = await problemOf(
    b.client.call(routes.updatePurchasePost, { params: { post_id: post.id as never }, body: { quantity: 1 } }),
  );
  t.is(wrongKind.status, 400);
});

test('an edit is checked against the stored post; close, then renew opens it again', async (t) => {
  const f = await farmer();
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody() });
  const stored = await storedPosts(f.user_id);
  const badUnit = await problemOf(f.client.call(routes.updateSupplyPost, { params: { post_id: post.id }, body: { unit: '头' } }));
  t.like(badUnit, { status: 400, code: 'validation_failed' });
  t.true(badUnit.errors.some((e) => e.path === 'body.unit'));
  const badWindow = await problemOf(
    f.client.call(routes.updateSupplyPost, { params: { post_id: post.id }, body: { available_from: day(30) } }),
  );
  t.true(badWindow.errors.some((e) => e.path === 'body.available_to'));
  t.deepEqual(await storedPosts(f.user_id), stored, 'refused edits wrote nothing');

  const edited = await f.client.call(routes.updateSupplyPost, {
    params: { post_id: post.id },
    body: { quantity: 150, unit: '公斤', unit_price_fen: 400 },
  });
  t.deepEqual([edited.quantity, edited.base_quantity, edited.base_unit_price_fen, edited.status], [150, 300, 200, 'open']);

  const closed = await f.client.call(routes.closeAgriPost, { params: { post_id: post.id } });
  t.is(closed.status, 'closed');
  t.like(await problemOf(f.client.call(routes.closeAgriPost, { params: { post_id: post.id } })), {
    status: 409,
    code: 'illegal_transition',
  });
  t.like(await problemOf(f.client.call(routes.updateSupplyPost, { params: { post_id: post.id }, body: { quantity: 1 } })), {
    status: 409,
    code: 'illegal_transition',
  });
  const other = await buyer();
  t.like(await problemOf(other.client.call(routes.getAgriPost, { params: { post_id: post.id } })), { status: 404 });
  const renewed = await f.client.call(routes.renewAgriPost, { params: { post_id: post.id }, body: { valid_days: 7 } });
  t.is(renewed.status, 'open');
  const days = (Date.parse(renewed.expires_at) - Date.now()) / 86_400_000;
  t.true(days > 6.9 && days <= 7, String(days));
});

test("an unverified poster's post is saved but not public until their merchant verification passes", async (t) => {
  const f = await farmer({ verified: false });
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody() });
  t.is(post.status, 'pending_verification');
  t.false(post.poster.credit.verified);
  t.is(post.poster.credit.level, 1);
  const other = await buyer();
  t.like(await problemOf(other.client.call(routes.getAgriPost, { params: { post_id: post.id } })), { status: 404 });

  const [merchant] = (await f.client.call(routes.listMyMerchants, {})).items;
  await f.client.call(routes.submitMerchantVerification, {
    params: { merchant_id: merchant!.id },
    body: { real_name: '张三', id_kind: 'resident_id', id_number: VALID_ID },
  });
  await operatorJ.call(routes.approveMerchant, { params: { merchant_id: merchant!.id }, body: {} });
  const mine = await f.client.call(routes.listMyAgriPosts, { query: {} });
  t.is(mine.items[0]!.status, 'open');
  t.is((await other.client.call(routes.getAgriPost, { params: { post_id: post.id } })).status, 'open');
});

test('purchase posts: a verified buyer is public, a buyer without a verified record waits', async (t) => {
  const canteen = await buyer();
  const post = await canteen.client.call(routes.createPurchasePost, { body: purchaseBody() });
  t.regex(post.id, /^dem_/);
  t.deepEqual([post.status, post.frequency_words, post.poster.kind], ['open', '每周', 'buyer']);
  t.deepEqual([post.unit_price_min_fen, post.unit_price_max_fen], [200, 300]);
  const stranger = await buyer({ merchant: false });
  const waiting = await stranger.client.call(routes.createPurchasePost, { body: purchaseBody({ frequency: 'once' }) });
  t.is(waiting.status, 'pending_verification');
  const standing = await stranger.client.call(routes.getMyAgriStanding, {});
  t.false(standing.verified);
  // A resident without the buyer or farmer role cannot post.
  const resident = await stack.login('agri-resident-1');
  t.like(await problemOf(resident.client.call(routes.createPurchasePost, { body: purchaseBody() })), {
    status: 403,
    code: 'forbidden_role',
  });
});

test('the expiry job expires a post at the end of its validity; a stale job (after a renewal) does nothing', async (t) => {
  const f = await farmer();
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody({ valid_days: 1 }) });
  const stale = Date.parse(post.expires_at);
  // Bring the end of validity to now + 300 ms and arm the job for it (what create and renew do).
  const soon = new Date(Date.now() + 300);
  await stack.api.conn.collection('agri_posts').updateOne({ _id: post.id as never }, { $set: { expires_at: soon } });
  await stack.api.agri.armExpiry(post.id);
  const expired = await until('the post expired', async () => {
    const p = await f.client.call(routes.getAgriPost, { params: { post_id: post.id } });
    return p.status === 'expired' && p;
  });
  t.is(expired.status_words, '已过期');
  t.is(await stack.api.agri.expireDue({ post_id: post.id, expires_at_ms: stale }), 'stale');

  const renewed = await f.client.call(routes.renewAgriPost, { params: { post_id: post.id }, body: { valid_days: 3 } });
  t.is(renewed.status, 'open');
  t.is(
    await stack.api.agri.expireDue({ post_id: post.id, expires_at_ms: soon.getTime() }),
    'stale',
    'the old job leaves the renewed post alone',
  );
  t.is((await f.client.call(routes.getAgriPost, { params: { post_id: post.id } })).status, 'open');
});
