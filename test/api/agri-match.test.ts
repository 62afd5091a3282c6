/**
 * Matching over HTTP against the real database, Redis and BullMQ (issue 14 item 3): the right counterpart ranks first
 * with its reasons; a cross-variety post ranks below; both sides' lists hold the pair; an edit recomputes; a closed or
 * expired post never matches; only the poster (or an operator) reads a post's matches. Each test uses its own
 * category so the posts of one test are not candidates of another's.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { BAISHA, buyer, farmer, purchaseBody, supplyBody } from '../support/agri';
import { problemOf, setupCatalogStack, stack, until } from '../support/catalog';

setupCatalogStack();

const FAR = { lat: 30.95, lng: 119.2 };
const matchesOf = (client: Awaited<ReturnType<typeof farmer>>['client'], post_id: string) =>
  client.call(routes.listAgriMatches, { params: { post_id } });

test("the buyer's 求购 ranks the right 供应 first with the reasons; cross-variety below; both sides see the pair", async (t) => {
  const [near, pricey, far, cabbage] = [await farmer(), await farmer(), await farmer({ community: 'baisha' }), await farmer()];
  const right = await near.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '青菜', quantity: 200 }) });
  await pricey.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '青菜', unit_price_fen: 380 }) });
  await far.client.call(routes.createSupplyPost, {
    body: supplyBody({ variety: '青菜', origin: { village: '远山村', location: FAR } }),
  });
  const other = await cabbage.client.call(routes.createSupplyPost, {
    body: supplyBody({ variety: '大白菜', origin: { village: '白沙村', location: BAISHA } }),
  });
  const canteen = await buyer();
  const want = await canteen.client.call(routes.createPurchasePost, { body: purchaseBody({ variety: '青菜', quantity: 150 }) });

  const list = await matchesOf(canteen.client, want.id);
  t.is(list.post_id, want.id);
  t.is(list.items[0]!.post.id, right.id, JSON.stringify(list.items.map((m) => [m.post.id, m.score, m.reasons])));
  const first = list.items[0]!;
  t.true(first.score >= 95, `score ${first.score}`);
  t.deepEqual(first.reasons.slice(0, 3), ['同品种', '数量满足', '价格在区间内']);
  t.regex(first.reasons[3]!, /^相距 \d+ 公里$/);
  t.is(first.reasons[4], '时间重合');
  t.true(first.distance_km! > 25 && first.distance_km! < 40, `径山 → 益乐 ${first.distance_km} km`);
  const at = list.items.findIndex((m) => m.post.id === other.id);
  t.is(at, list.items.length - 1, 'the cross-variety post ranks last');
  t.is(list.items[at]!.reasons[0], '同品类不同品种');
  for (const m of list.items.slice(0, at)) t.true(m.score > list.items[at]!.score);

  // The farmer's side: the purchase is on the supply post's list with the same score and reasons.
  const theirs = await matchesOf(near.client, right.id);
  const pair = theirs.items.find((m) => m.post.id === want.id);
  t.truthy(pair);
  t.is(pair!.score, first.score);
  t.deepEqual(pair!.reasons, first.reasons);
  t.false(pair!.post.mine);
  t.is(pair!.post.private, null, 'the counterpart is shown as the public sees it');

  // Both sides are told through the inbox (kind agri_match), once, with the reasons.
  for (const side of [canteen, near]) {
    const items = await until('the agri_match inbox item', async () => {
      const page = await side.client.call(routes.listMyInbox, { query: {} });
      const found = page.items.filter((i) => i.kind === 'agri_match');
      return found.length > 0 ? found : null;
    });
    const best = items.find((i) => i.body.includes('同品种 · 数量满足 · 价格在区间内 · 相距 35 公里 · 时间重合'));
    t.truthy(best, JSON.stringify(items.map((i) => i.body)));
  }
  const farmerItems = (await near.client.call(routes.listMyInbox, { query: {} })).items.filter((i) => i.kind === 'agri_match');
  t.is(farmerItems.length, 1, 'one item for the one pair');
  t.is((await cabbage.client.call(routes.listMyInbox, { query: {} })).items.filter((i) => i.kind === 'agri_match').length, 0);
});

test('an edit recomputes both sides; closing a post takes it off every list at once', async (t) => {
  const [a, b] = [await farmer(), await farmer()];
  const apples = await a.client.call(routes.createSupplyPost, {
    body: supplyBody({ category: 'fruit', variety: '苹果', quantity: 500, unit_price_fen: 400 }),
  });
  const pears = await b.client.call(routes.createSupplyPost, {
    body: supplyBody({ category: 'fruit', variety: '梨', quantity: 500, unit_price_fen: 300 }),
  });
  const shop = await buyer();
  const want = await shop.client.call(routes.createPurchasePost, {
    body: purchaseBody({ category: 'fruit', variety: '苹果', unit_price_min_fen: 300, unit_price_max_fen: 450 }),
  });
  t.is((await matchesOf(shop.client, want.id)).items[0]!.post.id, apples.id);

  // The buyer now wants 梨: the pears rank first, the apples become the cross-variety one.
  await shop.client.call(routes.updatePurchasePost, { params: { post_id: want.id }, body: { variety: '梨' } });
  const after = await matchesOf(shop.client, want.id);
  t.deepEqual(
    after.items.map((m) => m.post.id),
    [pears.id, apples.id],
  );
  t.is(after.items[1]!.reasons[0], '同品类不同品种');
  const pearSide = await matchesOf(b.client, pears.id);
  t.is(pearSide.items.find((m) => m.post.id === want.id)!.reasons[0], '同品种');

  await b.client.call(routes.closeAgriPost, { params: { post_id: pears.id } });
  const closed = await matchesOf(shop.client, want.id);
  t.deepEqual(
    closed.items.map((m) => m.post.id),
    [apples.id],
  );
  t.deepEqual((await matchesOf(b.client, pears.id)).items, [], 'a closed post has no matches');
  const stored = await stack.api.conn.collection('agri_match_lists').findOne({ _id: want.id as never });
  t.false(pears.id in (stored!.items as object), "the closed post was unset on the buyer's stored list");
});

test('an expired post never matches; renewing it brings it back', async (t) => {
  const f = await farmer();
  const tea = await f.client.call(routes.createSupplyPost, {
    body: supplyBody({ category: 'processed', variety: '高山茶叶', quantity: 100, unit: '公斤', unit_price_fen: 16000 }),
  });
  const b = await buyer();
  const want = await b.client.call(routes.createPurchasePost, {
    body: purchaseBody({
      category: 'processed',
      variety: '高山茶叶',
      quantity: 50,
      unit: '斤',
      unit_price_min_fen: 6000,
      unit_price_max_fen: 9000,
    }),
  });
  const before = await matchesOf(b.client, want.id);
  t.is(before.items[0]!.post.id, tea.id);
  t.deepEqual(before.items[0]!.reasons.slice(0, 3), ['同品种', '数量满足', '价格在区间内'], '¥160/公斤 = ¥80/斤 within ¥60–90/斤');

  // Its validity ends: the expiry job's handler runs at the (moved) expiry time.
  const past = new Date(Date.now() - 1000);
  await stack.api.conn.collection('agri_posts').updateOne({ _id: tea.id as never }, { $set: { expires_at: past } });
  t.is(await stack.api.agri.expireDue({ post_id: tea.id, expires_at_ms: past.getTime() }), 'expired');
  t.deepEqual((await matchesOf(b.client, want.id)).items, []);

  // Even a list not yet recomputed drops an expired counterpart when read.
  const f2 = await farmer();
  const tea2 = await f2.client.call(routes.createSupplyPost, {
    body: supplyBody({ category: 'processed', variety: '高山茶叶', quantity: 100, unit: '公斤', unit_price_fen: 16000 }),
  });
  t.is((await matchesOf(b.client, want.id)).items[0]!.post.id, tea2.id);
  await stack.api.conn.collection('agri_posts').updateOne({ _id: tea2.id as never }, { $set: { expires_at: past } });
  t.deepEqual((await matchesOf(b.client, want.id)).items, [], 'expired by time, before any job ran');

  await f.client.call(routes.renewAgriPost, { params: { post_id: tea.id }, body: { valid_days: 10 } });
  t.is((await matchesOf(b.client, want.id)).items[0]!.post.id, tea.id);
});

test("only the poster or an operator reads a post's matches", async (t) => {
  const f = await farmer();
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody({ category: 'herbs', variety: '白术', unit: '斤' }) });
  const stranger = await buyer();
  t.like(await problemOf(matchesOf(stranger.client, post.id)), { status: 403, code: 'not_post_owner' });
  t.like(await problemOf(matchesOf(stranger.client, 'sup_01JD3Q8Z6Y0M2V5K7N9P4R2S1T')), { status: 404, code: 'agri_post_not_found' });
  t.deepEqual((await matchesOf(f.client, post.id)).items, []);
});
