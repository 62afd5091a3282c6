/**
 * 成交 and 评价 on an inquiry thread (issue 14 items 6 and 7): the farmer records a deal, the buyer confirms it, and
 * it counts once in both credits and once in 行情 (source match_deal) under racing confirmations and after a crash
 * between the write and its effects; ratings count once per side. Supply posts' asking prices feed 行情 too.
 * Refusals are 4xx problem+json and write nothing.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { buyer, farmer, supplyBody, type Person } from '../support/agri';
import { problemOf, setupCatalogStack, stack, until } from '../support/catalog';
import { raw } from '../support/stack';

setupCatalogStack();

const threads = () => stack.api.conn.collection<{ _id: string; deal: unknown; effects_wanted?: number }>('agri_inquiries');
const observations = () => stack.api.conn.collection<{ _id: string; source: string }>('agri_price_observations');
const standing = async (p: Person) => (await p.client.call(routes.getMyAgriStanding, { query: {} })).credit;

/** A farmer's open supply post of `variety` and a buyer's thread on it. */
async function thread(variety: string) {
  const f = await farmer();
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety }) });
  const b = await buyer();
  const q = await b.client.call(routes.sendAgriInquiry, { params: { post_id: post.id }, body: { text: '150 斤，3 元一斤行吗？' } });
  return { f, b, post, q };
}

test('the farmer records a deal, the buyer confirms: once in both credits, once in 行情, both told', async (t) => {
  const { f, b, q } = await thread('雪里蕻');
  const proposed = await f.client.call(routes.proposeAgriDeal, {
    params: { inquiry_id: q.id },
    body: { quantity: 150.5, unit_price_fen: 333 },
  });
  t.like(proposed.deal, { status: 'proposed', quantity: 150.5, unit: '斤', unit_price_fen: 333, total_fen: 50117 });
  await until('the buyer is told', async () => {
    const items = (await b.client.call(routes.listMyInbox, { query: {} })).items;
    return items.some((i) => i.title.includes('记录了成交「雪里蕻」')) ? true : null;
  });

  const done = await b.client.call(routes.decideAgriDeal, { params: { inquiry_id: q.id }, body: { accept: true } });
  t.is(done.deal!.status, 'done');
  t.truthy(done.deal!.decided_at);
  t.is((await standing(f)).completed_deals, 1);
  t.is((await standing(b)).completed_deals, 1);
  const observed = await observations()
    .find({ source: 'match_deal', _id: `match_deal:${q.id}` })
    .toArray();
  t.is(observed.length, 1);
  const trend = await b.client.call(routes.getAgriPrices, { query: { variety: '雪里蕻', days: 7 } });
  t.is(trend.summary!.count, 2, "the post's asking price and the deal");
  t.is(trend.summary!.high_fen, 333);
  await until('the farmer is told', async () => {
    const items = (await f.client.call(routes.listMyInbox, { query: {} })).items;
    return items.some((i) => i.title.includes('确认了成交')) ? true : null;
  });
});

test('ten racing confirmations: one wins, nine get 409, the deal counts once', async (t) => {
  const { f, b, q } = await thread('马兰头');
  await f.client.call(routes.proposeAgriDeal, { params: { inquiry_id: q.id }, body: { quantity: 20, unit_price_fen: 800 } });
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, () => b.client.call(routes.decideAgriDeal, { params: { inquiry_id: q.id }, body: { accept: true } })),
  );
  t.is(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results.filter((x) => x.status === 'rejected'))
    t.like(await problemOf(Promise.reject(r.reason)), { status: 409, code: 'deal_not_proposed' });
  t.is((await standing(f)).completed_deals, 1);
  t.is((await standing(b)).completed_deals, 1);
  t.is(await observations().countDocuments({ source: 'match_deal', _id: `match_deal:${q.id}` }), 1);
});

test('each side rates the other once; racing ratings count once; no rating before the deal is done', async (t) => {
  const { f, b, q } = await thread('香椿');
  t.like(await problemOf(b.client.call(routes.rateAgriDeal, { params: { inquiry_id: q.id }, body: { stars: 5 } })), {
    status: 409,
    code: 'deal_not_done',
  });
  await f.client.call(routes.proposeAgriDeal, { params: { inquiry_id: q.id }, body: { quantity: 10, unit_price_fen: 1500 } });
  await b.client.call(routes.decideAgriDeal, { params: { inquiry_id: q.id }, body: { accept: true } });
  const racing = await Promise.allSettled(
    Array.from({ length: 6 }, () => b.client.call(routes.rateAgriDeal, { params: { inquiry_id: q.id }, body: { stars: 5 } })),
  );
  t.is(racing.filter((r) => r.status === 'fulfilled').length, 1);
  t.like(await problemOf(b.client.call(routes.rateAgriDeal, { params: { inquiry_id: q.id }, body: { stars: 1 } })), {
    status: 409,
    code: 'deal_already_rated',
  });
  const rated = await f.client.call(routes.rateAgriDeal, { params: { inquiry_id: q.id }, body: { stars: 4 } });
  t.like(rated.deal, { rating_by_buyer: 5, rating_by_farmer: 4 });
  t.like(await standing(f), { ratings_count: 1, rating_avg: 5 });
  t.like(await standing(b), { ratings_count: 1, rating_avg: 4 });
});

test('the buyer says the record is wrong; the farmer records it again; then it is confirmed', async (t) => {
  const { f, b, q } = await thread('春笋');
  await f.client.call(routes.proposeAgriDeal, { params: { inquiry_id: q.id }, body: { quantity: 100, unit_price_fen: 600 } });
  t.like(
    await problemOf(f.client.call(routes.proposeAgriDeal, { params: { inquiry_id: q.id }, body: { quantity: 90, unit_price_fen: 600 } })),
    {
      status: 409,
      code: 'deal_exists',
    },
  );
  const declined = await b.client.call(routes.decideAgriDeal, { params: { inquiry_id: q.id }, body: { accept: false } });
  t.is(declined.deal!.status, 'declined');
  const again = await f.client.call(routes.proposeAgriDeal, { params: { inquiry_id: q.id }, body: { quantity: 90, unit_price_fen: 600 } });
  t.like(again.deal, { status: 'proposed', quantity: 90, total_fen: 54000 });
  await b.client.call(routes.decideAgriDeal, { params: { inquiry_id: q.id }, body: { accept: true } });
  t.is((await standing(f)).completed_deals, 1);
});

test('wrong side, a stranger, bad and absurd input: 4xx problem+json, nothing written', async (t) => {
  const { f, b, q } = await thread('荠菜');
  const stranger = await buyer();
  // Raw HTTP: the typed client refuses to send a body its schema rejects.
  const propose = async (p: Person, body: unknown) =>
    (
      await raw(`${stack.apiUrl}/api/v1/agri/inquiries/${q.id}/deal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
        body: JSON.stringify(body),
      })
    ).body;
  t.like(await propose(b, { quantity: 1, unit_price_fen: 100 }), { status: 403, code: 'not_deal_farmer' });
  t.like(await propose(stranger, { quantity: 1, unit_price_fen: 100 }), { status: 404, code: 'inquiry_not_found' });
  for (const body of [
    { quantity: 0, unit_price_fen: 100 },
    { quantity: 1.2345, unit_price_fen: 100 },
    { quantity: 1, unit_price_fen: 0 },
    { quantity: 1, unit_price_fen: 1.5 },
    { quantity: 1 },
    { quantity: 1, unit_price_fen: 100, total_fen: 1 },
  ])
    t.like(await propose(f, body), { status: 400 });
  t.like(await propose(f, { quantity: 1, unit_price_fen: 600_000 }), { status: 400, code: 'price_out_of_range' });
  t.like(await propose(f, { quantity: 1_000_000, unit_price_fen: 400_000 }), { status: 409, code: 'deal_total_too_large' });
  t.like(await problemOf(f.client.call(routes.decideAgriDeal, { params: { inquiry_id: q.id }, body: { accept: true } })), {
    status: 403,
    code: 'not_deal_buyer',
  });
  t.like(await problemOf(b.client.call(routes.decideAgriDeal, { params: { inquiry_id: q.id }, body: { accept: true } })), {
    status: 409,
    code: 'deal_not_proposed',
  });
  const rating = await raw(`${stack.apiUrl}/api/v1/agri/inquiries/${q.id}/deal/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}` },
    body: JSON.stringify({ stars: 6 }),
  });
  t.is(rating.status, 400);
  const stored = await threads().findOne({ _id: q.id });
  t.is(stored!.deal, null);
  t.is((await standing(f)).completed_deals, 0);
});

test('a crash between the confirmation and its effects: the next read counts it, once', async (t) => {
  const { f, b, q } = await thread('蕨菜');
  await f.client.call(routes.proposeAgriDeal, { params: { inquiry_id: q.id }, body: { quantity: 30, unit_price_fen: 1200 } });
  // What the confirmation's write leaves when the process dies before its effects run.
  await threads().updateOne({ _id: q.id }, { $set: { 'deal.status': 'done', 'deal.decided_at': new Date() }, $inc: { effects_wanted: 1 } });
  t.is((await standing(f)).completed_deals, 0);
  await b.client.call(routes.getAgriInquiry, { params: { inquiry_id: q.id } });
  await f.client.call(routes.listMyAgriInquiries, { query: { side: 'farmer' } });
  await b.client.call(routes.getAgriInquiry, { params: { inquiry_id: q.id } });
  t.is((await standing(f)).completed_deals, 1);
  t.is((await standing(b)).completed_deals, 1);
  t.is(await observations().countDocuments({ _id: `match_deal:${q.id}` }), 1);
});

test("a supply post's asking price is observed once per price; 面议 is not", async (t) => {
  const f = await farmer();
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '茭白' }) });
  t.is(post.status, 'open');
  t.is(await observations().countDocuments({ _id: `supply_post:${post.id}:250` }), 1);
  await f.client.call(routes.updateSupplyPost, { params: { post_id: post.id }, body: { description: '刚摘的' } as never });
  t.is(await observations().countDocuments({ _id: { $regex: `^supply_post:${post.id}:` } }), 1);
  await f.client.call(routes.updateSupplyPost, { params: { post_id: post.id }, body: { unit_price_fen: 280 } as never });
  t.is(await observations().countDocuments({ _id: { $regex: `^supply_post:${post.id}:` } }), 2);
  const talk = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '菱角', unit_price_fen: null }) });
  t.is(await observations().countDocuments({ _id: { $regex: `^supply_post:${talk.id}` } }), 0);
});
