/**
 * Matching quality on crafted cases (issue 14 item 3), pure: the scoring function and the ranking over candidates.
 * The right counterpart ranks first and its reasons say why; a cross-variety post ranks below a same-variety one;
 * price, quantity, distance and window each move the score the way a buyer would expect.
 */
import test from 'ava';
import { rank } from '../../packages/api/src/agri/match/recompute';
import { entryOf, scoreMatch, type MatchEntry, type MatchablePost } from '../../packages/api/src/agri/match/score';

const base = {
  category: 'vegetable',
  variety_key: '青菜',
  unit: '斤' as const,
  base_unit: '斤',
  status: 'open',
  expires_at: new Date(Date.now() + 86_400_000),
  revision: 1,
  min_order_quantity: null,
  unit_price_min_fen: null,
  unit_price_max_fen: null,
  unit_price_fen: null,
};
// 益乐社区 (the buyer's canteen) and villages at known distances from it.
const CITY = { lat: 30.2795, lng: 120.1358 };
const NEAR = { lat: 30.35, lng: 120.05 }; // ~11 km
const FAR = { lat: 30.95, lng: 119.5 }; // ~95 km

function supply(id: string, over: Partial<MatchablePost> = {}): MatchEntry {
  return entryOf({
    ...base,
    _id: id,
    kind: 'supply',
    owner_user_id: `usr_farmer_${id}`,
    quantity: 300,
    base_quantity: 300,
    unit_price_fen: 250,
    location: NEAR,
    window_from: '2026-12-01',
    window_to: '2026-12-31',
    ...over,
  } as MatchablePost);
}

function purchase(over: Partial<MatchablePost> = {}): MatchEntry {
  return entryOf({
    ...base,
    _id: 'dem_1',
    kind: 'purchase',
    owner_user_id: 'usr_buyer',
    quantity: 200,
    base_quantity: 200,
    unit_price_min_fen: 200,
    unit_price_max_fen: 300,
    location: CITY,
    window_from: '2026-12-10',
    window_to: '2026-12-20',
    ...over,
  } as MatchablePost);
}

test('a perfect pair scores 100 with every reason in plain words, in order', (t) => {
  const m = scoreMatch(purchase(), supply('sup_a'));
  t.truthy(m);
  t.is(m!.score, 100);
  t.deepEqual(m!.reasons, ['同品种', '数量满足', '价格在区间内', '相距 11 公里', '时间重合']);
  t.true(m!.distance_km > 10 && m!.distance_km < 12.5);
});

test('the score is the same from either side', (t) => {
  const p = purchase();
  const s = supply('sup_b', { unit_price_fen: 330, location: FAR, quantity: 120, base_quantity: 120 });
  t.deepEqual(scoreMatch(p, s), scoreMatch(s, p));
});

test('same kind, same poster or another category never match', (t) => {
  t.is(scoreMatch(supply('sup_a'), supply('sup_b')), null);
  t.is(scoreMatch(purchase(), supply('sup_a', { owner_user_id: 'usr_buyer' })), null);
  t.is(scoreMatch(purchase(), supply('sup_a', { category: 'fruit' })), null);
});

test('the right counterpart ranks first; a cross-variety post ranks below every same-variety one', (t) => {
  const right = supply('sup_right');
  const dear = supply('sup_dear', { unit_price_fen: 360 });
  const far = supply('sup_far', { location: FAR });
  const small = supply('sup_small', { quantity: 50, base_quantity: 50 });
  const cabbage = supply('sup_cabbage', { variety_key: '大白菜' });
  const ranked = rank(purchase(), [cabbage, small, far, dear, right]);
  t.is(ranked[0]!.c.id, 'sup_right');
  t.deepEqual(ranked[0]!.m.reasons.slice(0, 3), ['同品种', '数量满足', '价格在区间内']);
  const cabbageAt = ranked.findIndex((r) => r.c.id === 'sup_cabbage');
  t.true(cabbageAt === -1 || cabbageAt === ranked.length - 1, `cross-variety ranked at ${cabbageAt}`);
  const cab = scoreMatch(purchase(), cabbage)!;
  t.is(cab.reasons[0], '同品类不同品种');
  for (const r of ranked.filter((x) => x.c.id !== 'sup_cabbage')) t.true(r.m.score > cab.score, r.c.id);
});

test('price: over budget loses points with the words, cheaper is fine, 面议 is neutral', (t) => {
  const over = scoreMatch(purchase(), supply('s', { unit_price_fen: 330 }))!;
  t.is(over.reasons[2], '高出预算 10%');
  t.true(over.score < 100 && over.score > 80);
  t.is(scoreMatch(purchase(), supply('s', { unit_price_fen: 150 }))!.reasons[2], '价格低于预期');
  const negotiable = scoreMatch(purchase(), supply('s', { unit_price_fen: null }))!;
  t.is(negotiable.reasons[2], '价格面议');
  t.is(negotiable.score, 90);
  t.is(scoreMatch(purchase({ unit_price_min_fen: null, unit_price_max_fen: null }), supply('s'))!.reasons[2], '价格面议');
});

test('quantity compares in base units; below the minimum order is no quantity fit', (t) => {
  // 0.2 吨 = 400 斤 ≥ 200 斤; ¥5/公斤 = ¥2.5/斤 within ¥2–3/斤.
  const tons = scoreMatch(purchase(), supply('s', { quantity: 0.2, unit: '吨', base_quantity: 400, unit_price_fen: 500_000 }))!;
  t.is(tons.reasons[1], '数量满足');
  t.is(tons.reasons[2], '价格在区间内');
  const partial = scoreMatch(purchase(), supply('s', { quantity: 100, base_quantity: 100 }))!;
  t.is(partial.reasons[1], '可供需求的 50%');
  t.is(partial.score, 90);
  const minOrder = scoreMatch(purchase(), supply('s', { min_order_quantity: 250 }))!;
  t.is(minOrder.reasons[1], '需求量低于起订量');
  t.is(minOrder.score, 80);
});

test('windows: a gap is named and costs points; far away costs distance points', (t) => {
  const late = scoreMatch(purchase(), supply('s', { window_from: '2026-12-25', window_to: '2027-01-10' }))!;
  t.is(late.reasons[4], '时间相差 5 天');
  t.is(late.score, 100 - 15 + 13);
  const far = scoreMatch(purchase(), supply('s', { location: FAR }))!;
  t.regex(far.reasons[3]!, /^相距 9\d 公里$/);
  t.true(far.score < 100 && far.score > 85);
});
