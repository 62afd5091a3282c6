/**
 * Shop orders into agricultural information (issue 14 items 5, 6): a completed order of listed supply is one 行情
 * observation per line in 斤 (exactly once under replay, none for a refunded order), and the weekly job publishes
 * each community's last-week demand per variety as one standing purchase post that matching brings to farmers.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { farmer, supplyBody } from '../support/agri';
import { complete, listedProduct, paidOrder } from '../support/agri-demand';
import { seed, setupCatalogStack, stack, until } from '../support/catalog';

setupCatalogStack();

const observationsOf = (order_id: string) =>
  stack.api.conn
    .collection('agri_price_observations')
    .find({ source: 'shop_order', source_id: { $regex: `^${order_id}:` } })
    .toArray();
const demandLinesOf = (order_id: string) => stack.api.conn.collection('agri_demand_lines').find({ order_id }).toArray();

test.serial(
  'a completed order of listed 青菜 is one observation per line in 斤; a replay changes nothing; a refund gives none',
  async (t) => {
    // Half-斤 bags at ¥2.00: ¥4.00 per 斤.
    const { f, product } = await listedProduct('青菜', '袋', 0.5, 200);
    const first = await paidOrder(product.id, 3);
    t.is((await complete(f.client, first.liu, first.order.id)).status, 'completed');
    const [obs] = await until('the observation of the completed order', async () => {
      const found = await observationsOf(first.order.id);
      return found.length > 0 ? found : null;
    });
    t.like(obs, {
      _id: `shop_order:${first.order.id}:${product.id}`,
      variety_key: '青菜',
      base_unit: '斤',
      base_price_fen: 400,
      base_quantity: 1.5,
    });
    t.like(obs!.region, { village: '径山村', township: '径山镇' });
    // The observation is written first, then its day buckets and the variety list: poll the trend, not the collection.
    // The day also holds the farmer's asking price (¥2.50 per 斤, observed when the post opened).
    const trend = await until('the trend with the observation', async () => {
      const found = await stack.client.call(routes.getAgriPrices, { query: { variety: '青菜', days: 7 } as never }).catch(() => null);
      return found?.summary?.latest.count === 2 ? found : null;
    });
    t.like(trend.summary?.latest, { count: 2, low_fen: 250, high_fen: 400, median_fen: 325 });

    // The completion told again (a retried job): the same observation, the same point, the same demand line.
    const facts = {
      order_id: first.order.id,
      community_id: seed.communities.wenxin,
      completed_at: new Date().toISOString(),
      lines: [{ product_id: product.id, quantity: 3, price_fen: 200 }],
    };
    await stack.api.agriDemand.recordOrder(facts);
    await stack.api.agriDemand.onOrderCompleted(facts);
    t.is((await observationsOf(first.order.id)).length, 1);
    t.is((await demandLinesOf(first.order.id)).length, 1);
    const again = await stack.client.call(routes.getAgriPrices, { query: { variety: '青菜', days: 7 } as never });
    t.is(again.summary?.latest.count, 2);

    // Refunded before completion: never observed. A later completed order's observation proves the jobs ran past it.
    const refunded = await paidOrder(product.id, 2);
    await refunded.liu.call(routes.requestOrderRefund, { params: { order_id: refunded.order.id }, body: { reason: '买错了，不需要了' } });
    await f.client.call(routes.acceptOrderRefund, { params: { order_id: refunded.order.id }, body: {} });
    t.is((await refunded.liu.call(routes.getOrder, { params: { order_id: refunded.order.id } })).status, 'refunded');
    const last = await paidOrder(product.id, 1);
    await complete(f.client, last.liu, last.order.id);
    await until('the later order observed', async () => (await observationsOf(last.order.id)).length > 0);
    t.is((await observationsOf(refunded.order.id)).length, 0);
    t.is((await demandLinesOf(refunded.order.id)).length, 0);
    // Two purchases at ¥4.00 and the asking ¥2.50: with the median at ¥4.00 and no spread, ¥2.50 is an outlier.
    const day = (await stack.client.call(routes.getAgriPrices, { query: { variety: '青菜', days: 7 } as never })).summary?.latest;
    t.like(day, { count: 2, excluded: 1, median_fen: 400 });
  },
);

const HOUR_MS = 3_600_000;

/** A completion told to agri/demand at a chosen time (the job's entry point; the lines are real listed products). */
async function completedAt(
  id: string,
  community_id: string,
  at: Date,
  lines: { product_id: string; quantity: number; price_fen: number }[],
) {
  await stack.api.agriDemand.recordOrder({ order_id: `ord_TEST${id}`, community_id, completed_at: at.toISOString(), lines });
}

const postsOf = async (community_id: string) => {
  const standing = await stack.api.agriDemand.standing(community_id);
  return new Map(await Promise.all(standing.map(async (s) => [s.variety_key, (await stack.api.agri.getPost(s.post_id))!] as const)));
};

test.serial(
  'last week in Asia/Shanghai, per community and variety: the hand-computed table; a rerun updates; matching reaches farmers',
  async (t) => {
    const { wenxin, jingshan } = seed.communities;
    const now = new Date();
    const last = stack.api.agriDemand.weekOf(new Date(stack.api.agriDemand.weekOf(now).start.getTime() - HOUR_MS));
    // 斤 at ¥4.00, half-斤 bags at ¥2.50 (¥5.00/斤), 菠菜 at ¥6.00/斤, 萝卜 by the 公斤 at ¥3.00 (¥1.50/斤).
    const qc = (await listedProduct('青菜', '斤', 1, 400)).product.id;
    const qcBag = (await listedProduct('青菜', '袋', 0.5, 250)).product.id;
    const bc = (await listedProduct('菠菜', '斤', 1, 600)).product.id;
    const lb = (await listedProduct('萝卜', '公斤', 2, 300)).product.id;
    const line = (product_id: string, quantity: number, price_fen: number) => ({ product_id, quantity, price_fen });
    // Inside last week: its first second (Monday 00:00 in Shanghai = Sunday 16:00 UTC) and its last second.
    await completedAt('D1', wenxin, last.start, [line(qc, 10, 400)]);
    await completedAt('D2', wenxin, new Date(last.end.getTime() - 1000), [line(qc, 5, 400), line(qcBag, 4, 250)]);
    await completedAt('D3', wenxin, new Date(last.start.getTime() + 50 * HOUR_MS), [line(bc, 3, 600)]);
    await completedAt('D4', jingshan, new Date(last.start.getTime() + 30 * HOUR_MS), [line(lb, 7, 300)]);
    await completedAt('D5', jingshan, new Date(last.start.getTime() + 100 * HOUR_MS), [line(qc, 2, 400)]);
    // Outside: this week's first second, and the last second of the week before.
    await completedAt('D6', wenxin, last.end, [line(lb, 100, 300)]);
    await completedAt('D7', wenxin, new Date(last.start.getTime() - 1000), [line(bc, 100, 600)]);

    const run = await stack.api.agriDemand.publishLastWeek(now);
    t.like(run, { week: last.week, published: 4, skipped: 0 });
    const table = (posts: Awaited<ReturnType<typeof postsOf>>) =>
      Object.fromEntries(
        [...posts].map(([v, p]) => [
          v,
          [p.quantity, p.unit, p.unit_price_min_fen, p.unit_price_max_fen, p.community_demand?.orders, p.status],
        ]),
      );
    const yile = await postsOf(wenxin);
    t.deepEqual(table(yile), { 青菜: [17, '斤', 400, 500, 2, 'open'], 菠菜: [3, '斤', 600, 600, 1, 'open'] });
    t.deepEqual(table(await postsOf(jingshan)), { 萝卜: [14, '斤', 150, 150, 1, 'open'], 青菜: [2, '斤', 400, 400, 1, 'open'] });
    const greens = yile.get('青菜')!;
    t.like(greens, { kind: 'purchase', frequency: 'weekly', community_id: wenxin, community_demand: { week: last.week, orders: 2 } });
    t.regex(greens.notes!, /上周.*买了 17 斤 青菜，共 2 单/u);
    // The poster is the community's operator (周敏 of 益乐社区), verified by appointment: the post is public at once.
    const operator = await stack.login('demo-operator-1');
    t.is(greens.owner_user_id, operator.user_id);
    const view = await operator.client.call(routes.getAgriPost, { params: { post_id: greens._id } });
    t.like(view, { kind: 'purchase', status: 'open', community_demand: { words: '社区需求', week: last.week } });

    // A rerun of the same week: the same posts, updated, no second one.
    const before = await stack.api.conn
      .collection('agri_posts')
      .countDocuments({ 'community_demand.community_id': { $in: [wenxin, jingshan] } });
    t.like(await stack.api.agriDemand.publishLastWeek(now), { published: 4 });
    t.is(
      await stack.api.conn.collection('agri_posts').countDocuments({ 'community_demand.community_id': { $in: [wenxin, jingshan] } }),
      before,
    );
    const rerun = (await postsOf(wenxin)).get('青菜')!;
    t.is(rerun._id, greens._id);
    t.is(rerun.revision, greens.revision + 1);
    t.is(rerun.quantity, 17);

    // A farmer of 径山村 offering 菠菜 sees 益乐社区's demand among the matches of their post.
    const grower = await farmer();
    const offer = await grower.client.call(routes.createSupplyPost, {
      body: supplyBody({ variety: '菠菜', quantity: 50, unit_price_fen: 300 }),
    });
    const spinach = yile.get('菠菜')!;
    const match = await until('the community demand among the matches', async () => {
      const list = await grower.client.call(routes.listAgriMatches, { params: { post_id: offer.id }, query: {} });
      return list.items.find((m) => m.post.id === spinach._id);
    });
    t.like(match.post, { kind: 'purchase', community_demand: { words: '社区需求' } });
  },
);

test.serial('next week: a variety the community no longer bought expires; what it still bought is updated in place', async (t) => {
  const { wenxin } = seed.communities;
  const nextWeek = new Date(stack.api.agriDemand.weekOf(new Date()).end.getTime() + HOUR_MS);
  const before = await postsOf(wenxin);
  const qc = (await listedProduct('青菜', '斤', 1, 420)).product.id;
  await completedAt('E1', wenxin, new Date(), [{ product_id: qc, quantity: 8, price_fen: 420 }]);
  const run = await stack.api.agriDemand.publishLastWeek(nextWeek);
  t.true(run.expired >= 1, JSON.stringify(run));
  const after = await postsOf(wenxin);
  t.is(after.get('青菜')!._id, before.get('青菜')!._id);
  t.is(after.get('青菜')!.status, 'open');
  t.is(after.get('青菜')!.community_demand?.week, stack.api.agriDemand.weekOf(new Date()).week);
  t.is(after.get('菠菜')!.status, 'expired');
  // Matching: a new 青菜 offer finds the standing 青菜 demand, a new 菠菜 offer no longer finds the expired one.
  const grower = await farmer();
  const matchIds = async (variety: string) => {
    const offer = await grower.client.call(routes.createSupplyPost, { body: supplyBody({ variety, quantity: 50, unit_price_fen: 300 }) });
    return (await grower.client.call(routes.listAgriMatches, { params: { post_id: offer.id }, query: {} })).items.map((m) => m.post.id);
  };
  t.true((await matchIds('青菜')).includes(after.get('青菜')!._id));
  t.false((await matchIds('菠菜')).includes(after.get('菠菜')!._id));
});
