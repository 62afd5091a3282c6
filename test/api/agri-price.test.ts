/**
 * 行情 (issue 14 item 6): observations normalised to a base unit, daily figures per variety × region against a table
 * computed by hand (outliers included), idempotent observations, the 7/30/90-day windows, the farmer's view, and bad
 * input → 4xx problem+json with nothing written.
 */
import test from 'ava';
import { createAgriPrices } from '@cc/api/agri/price/index';
import { dayStats } from '@cc/api/agri/price/stats';
import { fromShanghai, routes, type PriceDay, type PriceObservationInput } from '@cc/shared';
import { failureOf } from '../support/outcome';
import { raw, startStack, type Stack } from '../support/stack';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
});
test.after.always(() => stack?.stop());

/** A price service on the test database whose "today" is the given Shanghai day. */
const pricesOn = (today: string) => createAgriPrices({ conn: stack.api.conn, now: () => fromShanghai(today, '20:00') });

const JINGSHAN = { county: '余杭区', township: '径山镇', village: '径山村' };
const QIANXI = { county: '余杭区', township: '径山镇', village: '前溪村' };
const BAISHA = { county: '临安区', township: '太湖源镇', village: '白沙村' };

let seq = 0;
function obs(
  variety: string,
  region: PriceObservationInput['region'],
  price_fen_per_unit: number,
  quantity: number,
  day: string,
  more: Partial<PriceObservationInput> = {},
): PriceObservationInput {
  return {
    variety_key: variety,
    region,
    unit: '斤',
    price_fen_per_unit,
    quantity,
    source: 'shop_order',
    source_id: `t-${++seq}`,
    at: fromShanghai(day, '09:30'),
    ...more,
  };
}

const figures = (d: PriceDay | undefined) => d && { ...d, date: undefined };

test('the outlier rule: median ± 3 × max(1.4826·MAD, 5 % of the median), and rounding of an even median', (t) => {
  const pts = (ps: number[]) => ps.map((p, i) => ({ o: String(i), p, q: 1 }));
  // MAD 0: the 5 % floor keeps a price 5 % off (band ±60 around 400) and drops one 17.5 % off.
  t.like(dayStats(pts([400, 400, 400, 420])), { count: 4, excluded: 0, median_fen: 400, mean_fen: 405, high_fen: 420 });
  t.like(dayStats(pts([400, 400, 400, 470])), { count: 3, excluded: 1, high_fen: 400 });
  // Two prices are never outliers of each other; the even median 301.5 rounds half up to 302, the mean too.
  t.like(dayStats(pts([3, 600])), { count: 2, excluded: 0, median_fen: 302, mean_fen: 302 });
  t.is(dayStats([]), null);
});

test('daily figures per village, township, county and all regions match the hand-computed table', async (t) => {
  const prices = pricesOn('2026-11-20');
  const v = '核对青菜';
  const day = '2026-11-20';
  // 径山村: 300 ×10 斤, 311 ×5 斤, 640 per 公斤 (= 320 per 斤) ×10 公斤 (= 20 斤), 330 ×2.5 斤, 1000 ×1 斤 (outlier)
  await prices.observe(obs(v, JINGSHAN, 300, 10, day));
  await prices.observe(obs(v, JINGSHAN, 311, 5, day));
  await prices.observe(obs(v, JINGSHAN, 640, 10, day, { unit: '公斤' }));
  await prices.observe(obs(v, JINGSHAN, 330, 2.5, day));
  await prices.observe(obs(v, JINGSHAN, 1000, 1, day));
  // 前溪村 (same township and county): 290 ×100, 315 ×50
  await prices.observe(obs(v, QIANXI, 290, 100, day));
  await prices.observe(obs(v, QIANXI, 315, 50, day));
  // 白沙村 (临安区): 250 ×30, 260 ×40, 80 ×5 (outlier)
  await prices.observe(obs(v, BAISHA, 250, 30, day));
  await prices.observe(obs(v, BAISHA, 260, 40, day));
  await prices.observe(obs(v, BAISHA, 80, 5, day));

  /*
   * region            prices (fen/斤)                          median  MAD   band (3·max(1.4826·MAD, 5%·m))  out
   * 径山村            300 311 320 330 1000                      320     10    3·16     = 48                 1000
   * 径山镇 = 余杭区   290 300 311 315 320 330 1000              315     15    3·22.239 = 66.717             1000
   * 白沙村            80 250 260                                250     10    3·14.826 = 44.478             80
   * all               80 250 260 290 300 311 315 320 330 1000   305.5   20    3·29.652 = 88.956             80, 1000
   *
   * kept              low  high  median                 mean                 volume (斤)          count  excluded
   * 径山村            300  330   (311+320)/2=315.5→316  1261/4=315.25→315    10+5+20+2.5=37.5     4      1
   * 径山镇, 余杭区    290  330   (311+315)/2=313        1866/6=311           37.5+100+50=187.5    6      1
   * 白沙村            250  260   (250+260)/2=255        510/2=255            70                   2      1
   * all               250  330   (300+311)/2=305.5→306  2376/8=297           187.5+70=257.5       8      2
   */
  const expected: Record<string, Omit<PriceDay, 'date'>> = {
    '余杭区/径山镇/径山村': { low_fen: 300, high_fen: 330, median_fen: 316, mean_fen: 315, volume: 37.5, count: 4, excluded: 1 },
    '余杭区/径山镇': { low_fen: 290, high_fen: 330, median_fen: 313, mean_fen: 311, volume: 187.5, count: 6, excluded: 1 },
    余杭区: { low_fen: 290, high_fen: 330, median_fen: 313, mean_fen: 311, volume: 187.5, count: 6, excluded: 1 },
    '临安区/太湖源镇/白沙村': { low_fen: 250, high_fen: 260, median_fen: 255, mean_fen: 255, volume: 70, count: 2, excluded: 1 },
    '': { low_fen: 250, high_fen: 330, median_fen: 306, mean_fen: 297, volume: 257.5, count: 8, excluded: 2 },
  };
  for (const [region, want] of Object.entries(expected)) {
    const trend = await prices.trend({ variety: v, region, days: 7 });
    t.is(trend.series.length, 1, region);
    t.deepEqual(figures(trend.series[0]), { ...want, date: undefined }, `figures of ${region || 'all regions'}`);
    t.is(trend.series[0]?.date, day);
    t.is(trend.variety.base_unit, '斤');
  }
  // The stored figures equal the ones computed from the points (what a stale bucket would be read as).
  const bucket = await stack.api.conn.collection('agri_price_days').findOne({ _id: `${v}|斤|all||${day}` as never });
  t.is(bucket?.version, bucket?.stats_version);
  t.deepEqual(bucket?.stats, expected['']);
});

test('units: a price per 公斤, 吨 or 克 becomes integer fen per 斤, rounded half up; a box stays a box', async (t) => {
  const prices = pricesOn('2026-11-20');
  const day = '2026-11-19';
  const per = async (unit: PriceObservationInput['unit'], price: number, quantity = 1) =>
    (await prices.observe(obs('换算测试', JINGSHAN, price, quantity, day, { unit }))).observation;
  t.like(await per('公斤', 799, 2.5), { base_price_fen: 400, base_unit: '斤', base_quantity: 5 }, '399.5 → 400, 2.5 公斤 = 5 斤');
  t.like(await per('公斤', 3), { base_price_fen: 2 }, '1.5 → 2');
  t.like(await per('吨', 1_000_000, 2), { base_price_fen: 500, base_quantity: 4000 });
  t.like(await per('克', 3, 300), { base_price_fen: 1500, base_quantity: 0.6 });
  t.like(await per('箱', 8800, 3), { base_price_fen: 8800, base_unit: '箱', base_quantity: 3 });
  t.is(await failureOf(per('吨', 999)), '400 price_below_one_fen', '999 fen a 吨 is less than a fen a 斤');
  const trend = await prices.trend({ variety: '换算测试', days: 7, unit: '箱' });
  t.deepEqual(
    trend.series.map((d) => d.median_fen),
    [8800],
    'boxes are their own series',
  );
});

test('observe is idempotent per (source, source_id): a repeat, even with another price, changes nothing', async (t) => {
  const prices = pricesOn('2026-11-20');
  const first = obs('幂等青菜', JINGSHAN, 300, 10, '2026-11-20', { source: 'match_deal', source_id: 'deal-1' });
  t.true((await prices.observe(first)).created);
  const again = await prices.observe({ ...first, price_fen_per_unit: 900, quantity: 99 });
  t.false(again.created);
  t.is(again.observation.base_price_fen, 300, 'the first observation is kept as it came');
  t.true((await prices.observe({ ...first, source: 'shop_order' })).created, 'another source with the same id is another observation');
  const day = (await prices.trend({ variety: '幂等青菜', region: '余杭区/径山镇/径山村', days: 7 })).series[0];
  t.like(day, { count: 2, volume: 20, median_fen: 300 });
  t.is(await stack.api.conn.collection('agri_price_observations').countDocuments({ variety_key: '幂等青菜' }), 2);
  // Racing repeats of one observation add it once.
  const racing = obs('幂等青菜', BAISHA, 500, 1, '2026-11-20');
  const outcomes = await Promise.all(Array.from({ length: 8 }, () => prices.observe(racing)));
  t.is(outcomes.filter((o) => o.created).length, 1);
  t.like((await prices.trend({ variety: '幂等青菜', region: '临安区', days: 7 })).series[0], { count: 1 });
});

test('trend windows: 7, 30 and 90 days end today and include exactly that many calendar days', async (t) => {
  const prices = pricesOn('2026-11-20');
  const v = '窗口苹果';
  const back = (n: number) => new Date(Date.parse('2026-11-20T00:00:00Z') - n * 86_400_000).toISOString().slice(0, 10);
  for (const [n, price] of [
    [0, 500],
    [6, 506],
    [7, 507],
    [29, 529],
    [30, 530],
    [89, 589],
    [90, 590],
  ] as const) {
    await prices.observe(obs(v, BAISHA, price, 1, back(n)));
  }
  const medians = async (days: number) =>
    (await prices.trend({ variety: v, region: '临安区/太湖源镇', days })).series.map((d) => d.median_fen);
  t.deepEqual(await medians(7), [506, 500]);
  t.deepEqual(await medians(30), [529, 507, 506, 500]);
  t.deepEqual(await medians(90), [589, 530, 529, 507, 506, 500]);
  const month = await prices.trend({ variety: v, days: 30 });
  t.like(month, { from: back(29), to: '2026-11-20', days: 30 });
  t.like(month.summary, { low_fen: 500, high_fen: 529, change_fen: 500 - 529, count: 4, volume: 4 });
});

test('HTTP: prices, varieties, the farmer’s position; bad input is a 4xx problem and writes nothing', async (t) => {
  const today = new Date();
  const live = createAgriPrices({ conn: stack.api.conn });
  const at = (hoursAgo: number) => new Date(today.getTime() - hoursAgo * 3_600_000);
  const farmer = await stack.login('demo-farmer-1');
  for (const [p, h] of [
    [400, 1],
    [420, 2],
    [380, 3],
    [410, 26],
  ] as const) {
    await live.observe({ ...obs('高山茶叶', JINGSHAN, p, 10, '2026-11-20'), at: at(h) });
  }
  await live.observe({
    ...obs('高山茶叶', JINGSHAN, 480, 200, '2026-11-20'),
    source: 'supply_post',
    source_id: 'sup-1',
    at: at(0),
    user_id: farmer.user_id,
  });

  const trend = await stack.client.call(routes.getAgriPrices, { query: { variety: '高山 茶叶', region: '余杭区/径山镇', days: 7 } });
  t.like(trend, { variety: { key: '高山茶叶', base_unit: '斤' }, region: { level: 'township', name: '余杭区 径山镇' }, days: 7 });
  t.true(trend.series.length >= 1 && trend.series.length <= 2);
  const { items } = await stack.client.call(routes.listAgriPriceVarieties, {});
  const tea = items.find((i) => i.key === '高山茶叶');
  t.deepEqual(tea?.units, ['斤']);
  t.deepEqual(
    tea?.regions.map((r) => r.path),
    ['', '余杭区', '余杭区/径山镇', '余杭区/径山镇/径山村'],
  );

  const mine = await farmer.client.call(routes.getMyAgriPricePosition, { query: { variety: '高山茶叶' } });
  t.like(mine, { ask: { price_fen: 480, unit: '斤' }, reference: { region: { level: 'village' } } });
  t.is(mine.difference_fen, 480 - (mine.reference?.day.median_fen ?? 0));
  t.is(mine.position, (mine.difference_percent ?? 0) > 10 ? 'above' : 'near');
  t.like(await farmer.client.call(routes.getMyAgriPricePosition, { query: { variety: '苹果' } }), { ask: null, position: null });
  // The same reference for a plausibility check of a post, from any unit: 径山村's newest day.
  const ref = await live.regionalReference({ variety: '高山茶叶', unit: '公斤', region: JINGSHAN });
  t.deepEqual(ref, mine.reference);
  t.is(await live.regionalReference({ variety: '高山茶叶', unit: '箱', region: JINGSHAN }), null, 'no boxes of tea were seen');
  const resident = await stack.login('demo-resident-1');
  t.is(await failureOf(resident.client.call(routes.getMyAgriPricePosition, { query: { variety: '高山茶叶' } })), '403 forbidden_role');

  const before = await stack.api.conn.collection('agri_price_observations').countDocuments({ variety_key: '高山茶叶' });
  const bad = async (qs: string) => {
    const r = await raw(`${stack.apiUrl}/api/v1/agri/prices?${qs}`);
    t.is(r.headers.get('content-type')?.split(';')[0], 'application/problem+json', qs);
    return `${r.status} ${String(r.body?.code)}`;
  };
  t.is(await bad('variety=%E9%AB%98%E5%B1%B1%E8%8C%B6%E5%8F%B6&days=14'), '400 validation_failed');
  t.is(await bad('days=7'), '400 validation_failed');
  t.is(await bad('variety=x&color=red'), '400 validation_failed');
  t.is(await bad(`variety=${encodeURIComponent('高山茶叶')}&region=${encodeURIComponent('a/b/c/d')}`), '400 price_region_invalid');
  t.is(await bad(`variety=${encodeURIComponent('高山茶叶')}&region=${encodeURIComponent('余杭区//径山村')}`), '400 price_region_invalid');
  t.is(await bad(`variety=${encodeURIComponent('没有的菜')}`), '404 price_variety_not_found');
  t.is((await raw(`${stack.apiUrl}/api/v1/me/agri/price-position?variety=x`)).status, 401);
  // Bad observations from a feeding module: refused before anything is stored.
  t.is(await failureOf(live.observe({ ...obs('高山茶叶', JINGSHAN, 0, 1, '2026-11-20') })), '400 validation_failed');
  t.is(await failureOf(live.observe({ ...obs('高山茶叶', JINGSHAN, 100, -1, '2026-11-20') })), '400 validation_failed');
  t.is(await failureOf(live.observe({ ...obs('高山茶叶', { ...JINGSHAN, village: '' }, 100, 1, '2026-11-20') })), '400 validation_failed');
  t.is(await failureOf(live.observe({ ...obs('高山茶叶', JINGSHAN, 100, 1, '2026-11-20'), unit: '担' as never })), '400 validation_failed');
  t.is(await stack.api.conn.collection('agri_price_observations').countDocuments({ variety_key: '高山茶叶' }), before, 'nothing written');
  t.truthy(seed.users['demo-farmer-1']);
});
