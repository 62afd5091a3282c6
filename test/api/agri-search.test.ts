/**
 * Search of agricultural posts (issue 14 item 8): normalised tokens (no $text), filters (category, variety, region,
 * distance by bounding box + haversine, price per base unit, window, certified only), the four sorts and cursor
 * pagination; only open posts are found.
 */
import test from 'ava';
import { routes, type AgriPost, type SearchAgriPostsQuery } from '@cc/shared';
import { BAISHA, JINGSHAN, YILE, buyer, day, farmer, photo, supplyBody } from '../support/agri';
import { admin, problemOf, seed, setupCatalogStack, stack } from '../support/catalog';

setupCatalogStack();

type Query = Partial<Record<keyof SearchAgriPostsQuery, unknown>>;
const search = async (query: Query): Promise<AgriPost[]> =>
  (await stack.client.call(routes.searchAgriPosts, { query: query as never })).items;
const ids = (posts: AgriPost[]) => posts.map((p) => p.id);

type Key = 'tea' | 'greens' | 'greens_kg' | 'pear' | 'free' | 'organic' | 'closed' | 'held' | 'demand';
const made = {} as Record<Key, string>;
let making: Promise<void> | undefined;
/** The posts every test searches, made once after the stack is up (hooks of one file may run at once). */
const ready = () => (making ??= makePosts());

async function makePosts(): Promise<void> {
  const [chen, he] = [await farmer(), await farmer({ community: 'baisha' })];
  const baisha = { village: '白沙村', township: '太湖源镇', community_id: seed.communities.baisha, location: BAISHA };
  const posts: [Key, typeof chen, Record<string, unknown>][] = [
    [
      'tea',
      chen,
      { category: 'processed', variety: '高山茶叶', quantity: 200, unit: '斤', unit_price_fen: 8000, description: '海拔八百米的明前茶' },
    ],
    ['greens', chen, { variety: '青菜', unit_price_fen: 250, available_from: day(0), available_to: day(5) }],
    [
      'greens_kg',
      he,
      { variety: '青菜', unit: '公斤', unit_price_fen: 400, origin: baisha, available_from: day(10), available_to: day(20) },
    ],
    ['pear', he, { category: 'fruit', variety: '香梨', unit: '箱', unit_price_fen: 6000, origin: baisha }],
    ['free', chen, { variety: '萝卜', unit_price_fen: null }],
  ];
  for (const [key, who, over] of posts) made[key] = (await who.client.call(routes.createSupplyPost, { body: supplyBody(over) })).id;
  const evidence = await photo(he.client);
  made.organic = (
    await he.client.call(routes.createSupplyPost, {
      body: supplyBody({
        variety: '青菜',
        unit_price_fen: 300,
        origin: baisha,
        certifications: [{ kind: 'organic', evidence_upload_id: evidence }],
      }),
    })
  ).id;
  // 白沙村's post: an admin checks it (operatorJ is 径山村's).
  await admin.call(routes.checkAgriCertification, { params: { post_id: made.organic }, body: { kind: 'organic', decision: 'confirmed' } });
  made.closed = (await chen.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '青菜', unit_price_fen: 260 }) })).id;
  await chen.client.call(routes.closeAgriPost, { params: { post_id: made.closed } });
  made.held = (
    await chen.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '青菜', quantity: 999.999, unit: '吨' }) })
  ).id;
  const canteen = await buyer();
  made.demand = (
    await canteen.client.call(routes.createPurchasePost, {
      body: {
        category: 'vegetable',
        variety: '青菜',
        quantity: 420,
        unit: '斤',
        unit_price_min_fen: 200,
        unit_price_max_fen: 300,
        delivery: { place: '益乐社区食堂', location: YILE },
        needed_from: day(1),
        needed_to: day(30),
        frequency: 'weekly',
        notes: '每周一早上送到食堂后门，要新鲜的',
      },
    })
  ).id;
}

test('text: normalised tokens find a variety by a part of its name, a single character, or a word of the description', async (t) => {
  await ready();
  t.deepEqual(ids(await search({ q: '茶叶' })), [made.tea]);
  t.deepEqual(ids(await search({ q: '高山　茶叶' })), [made.tea], 'full-width space and a gap in the words');
  t.deepEqual(ids(await search({ q: '梨' })), [made.pear]);
  t.deepEqual(ids(await search({ q: '明前' })), [made.tea]);
  t.deepEqual(await search({ q: '榴莲' }), []);
});

test('only open posts are found: closed and held ones are not', async (t) => {
  await ready();
  const greens = ids(await search({ variety: '青菜', sort: 'newest' }));
  t.deepEqual(greens.sort(), [made.greens, made.greens_kg, made.organic].sort());
  t.false(greens.includes(made.closed!));
  t.false(greens.includes(made.held!));
});

test('filters: category, region, window overlap, certified only, price per base unit', async (t) => {
  await ready();
  t.deepEqual(ids(await search({ category: 'fruit' })), [made.pear]);
  t.deepEqual(ids(await search({ region: '白沙村', variety: '青菜' })).sort(), [made.greens_kg, made.organic].sort());
  t.deepEqual(ids(await search({ region: '余杭区', q: '茶叶' })), [made.tea], 'the county of the registered village');
  t.deepEqual(
    ids(await search({ variety: '青菜', window_from: day(12), window_to: day(15) })).sort(),
    [made.greens_kg, made.organic].sort(),
  );
  t.deepEqual(ids(await search({ certified_only: 'true' })), [made.organic]);
  // ¥4.00 a 公斤 is ¥2.00 a 斤: in a 150–220 fen per 斤 range; ¥2.50 a 斤 is not; 面议 never is.
  t.deepEqual(ids(await search({ base_price_min_fen: 150, base_price_max_fen: 220 })), [made.greens_kg]);
});

test('distance: a radius around a point (bounding box + haversine), sorted nearest first with the distance', async (t) => {
  await ready();
  const near = await search({ variety: '青菜', near_lat: JINGSHAN.lat, near_lng: JINGSHAN.lng, within_km: 5, sort: 'distance' });
  t.deepEqual(ids(near), [made.greens]);
  t.is(near[0]!.distance_km, 0);
  const all = await search({ variety: '青菜', near_lat: JINGSHAN.lat, near_lng: JINGSHAN.lng, sort: 'distance' });
  t.is(all[0]!.id, made.greens);
  const baishaKm = all[1]!.distance_km!;
  t.true(baishaKm > 20 && baishaKm < 25, String(baishaKm));
  t.like(await problemOf(stack.client.call(routes.searchAgriPosts, { query: { within_km: 5 } as never })), {
    status: 400,
    code: 'validation_failed',
  });
});

test('sorts: price ascending with 面议 last, newest first, relevance puts the exact variety first', async (t) => {
  await ready();
  const byPrice = await search({ category: 'vegetable', sort: 'price' });
  t.deepEqual(ids(byPrice), [made.greens_kg, made.greens, made.organic, made.free]);
  const newest = await search({ category: 'vegetable', sort: 'newest' });
  t.deepEqual(ids(newest), [made.organic, made.free, made.greens_kg, made.greens]);
  const relevant = await search({ q: '青菜', sort: 'relevance' });
  t.is(relevant[0]!.id, made.organic, 'same variety and certified');
});

test('cursor pagination walks every result once, in every sort; a forged cursor is refused', async (t) => {
  await ready();
  for (const sort of ['relevance', 'price', 'newest', 'distance'] as const) {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await stack.client.call(routes.searchAgriPosts, {
        query: { sort, limit: 2, near_lat: YILE.lat, near_lng: YILE.lng, ...(cursor ? { cursor } : {}) } as never,
      });
      seen.push(...ids(res.items));
      if (!res.next_cursor) break;
      cursor = res.next_cursor;
    }
    t.is(seen.length, 6, sort);
    t.is(new Set(seen).size, 6, sort);
  }
  t.like(await problemOf(stack.client.call(routes.searchAgriPosts, { query: { cursor: 'bm9wZQ', sort: 'relevance' } as never })), {
    status: 400,
    code: 'invalid_cursor',
  });
});

test('purchase posts are searched with kind=purchase', async (t) => {
  await ready();
  t.deepEqual(ids(await search({ kind: 'purchase', variety: '青菜' })), [made.demand]);
  t.deepEqual(ids(await search({ kind: 'purchase', q: '食堂' })), [made.demand]);
});
