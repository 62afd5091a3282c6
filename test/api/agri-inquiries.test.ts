/**
 * Inquiries (询价, issue 14 item 3) over HTTP: a buyer asks on a supply post, the farmer answers, one thread per
 * (buyer, post), both sides told through the inbox; refusals (one's own post, a closed or hidden post, a stranger
 * reading or writing a thread) are 4xx problem+json and write nothing.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { buyer, farmer, supplyBody } from '../support/agri';
import { operatorJ, problemOf, setupCatalogStack, stack, until } from '../support/catalog';

setupCatalogStack();

const threads = () => stack.api.conn.collection('agri_inquiries');
const inboxOf = async (client: Awaited<ReturnType<typeof buyer>>['client']) =>
  (await client.call(routes.listMyInbox, { query: {} })).items.filter((i) => i.kind === 'agri_inquiry');

test('a buyer inquires, the farmer answers, the buyer follows up: one thread, both sides told', async (t) => {
  const chen = await farmer();
  const post = await chen.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '青菜' }) });
  const canteen = await buyer();
  const first = await canteen.client.call(routes.sendAgriInquiry, {
    params: { post_id: post.id },
    body: { text: '每周要 150 斤，能送到益乐社区吗？' },
  });
  t.regex(first.id, /^inq_/);
  t.is(first.my_side, 'buyer');
  t.is(first.awaiting, 'farmer');
  t.deepEqual(first.post_summary, { category: 'vegetable', variety: '青菜', unit: '斤', unit_price_fen: 250 });
  t.regex(first.buyer_name, /^测试商户/);

  const told = await until('the farmer is told', async () => {
    const items = await inboxOf(chen.client);
    return items.length > 0 ? items : null;
  });
  t.true(told[0]!.title.includes('询价「青菜」'));
  t.is(told[0]!.body, '每周要 150 斤，能送到益乐社区吗？');

  const mine = await chen.client.call(routes.listMyAgriInquiries, { query: { side: 'farmer' } });
  t.deepEqual(
    mine.items.map((i) => i.id),
    [first.id],
  );
  const answered = await chen.client.call(routes.replyAgriInquiry, {
    params: { inquiry_id: first.id },
    body: { text: '可以，周一早上六点送到。' },
  });
  t.is(answered.my_side, 'farmer');
  t.is(answered.awaiting, 'buyer');
  await until('the buyer is told', async () => ((await inboxOf(canteen.client)).length > 0 ? true : null));

  // A second inquiry of the same buyer on the same post continues the thread.
  const again = await canteen.client.call(routes.sendAgriInquiry, { params: { post_id: post.id }, body: { text: '价格能再少一点吗？' } });
  t.is(again.id, first.id);
  t.deepEqual(
    again.messages.map((m) => [m.from, m.text]),
    [
      ['buyer', '每周要 150 斤，能送到益乐社区吗？'],
      ['farmer', '可以，周一早上六点送到。'],
      ['buyer', '价格能再少一点吗？'],
    ],
  );
  t.is(await threads().countDocuments({ post_id: post.id }), 1);
  const bought = await canteen.client.call(routes.listMyAgriInquiries, { query: { side: 'buyer' } });
  t.is(bought.items[0]!.messages.length, 3);
});

test("inquiring on one's own post, a closed or a hidden post is refused and writes nothing", async (t) => {
  const f = await farmer();
  const own = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '菠菜' }) });
  t.like(await problemOf(f.client.call(routes.sendAgriInquiry, { params: { post_id: own.id }, body: { text: '自己问自己' } })), {
    status: 409,
    code: 'cannot_inquire_own',
  });

  const b = await buyer();
  const closed = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '芹菜' }) });
  await f.client.call(routes.closeAgriPost, { params: { post_id: closed.id } });
  t.like(await problemOf(b.client.call(routes.sendAgriInquiry, { params: { post_id: closed.id }, body: { text: '还有吗？' } })), {
    status: 409,
    code: 'agri_post_not_open',
  });

  const hidden = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '萝卜' }) });
  await operatorJ.call(routes.moderateAgriPost, { params: { post_id: hidden.id }, body: { action: 'hide', reason: '图片与实物不符' } });
  t.like(await problemOf(b.client.call(routes.sendAgriInquiry, { params: { post_id: hidden.id }, body: { text: '还有吗？' } })), {
    status: 404,
    code: 'agri_post_not_found',
  });
  const missing = 'sup_01JD3Q8Z6Y0M2V5K7N9P4R2S1T';
  t.like(await problemOf(b.client.call(routes.sendAgriInquiry, { params: { post_id: missing }, body: { text: '还有吗？' } })), {
    status: 404,
  });
  t.is(await threads().countDocuments({ post_id: { $in: [own.id, closed.id, hidden.id, missing] } }), 0);
  t.deepEqual(await inboxOf(f.client), []);
});

test('only the two sides read or write a thread; anyone else gets 404 and nothing changes', async (t) => {
  const f = await farmer();
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '土豆' }) });
  const b = await buyer();
  const thread = await b.client.call(routes.sendAgriInquiry, { params: { post_id: post.id }, body: { text: '土豆多少钱一斤？' } });
  const stranger = await buyer();
  t.like(await problemOf(stranger.client.call(routes.getAgriInquiry, { params: { inquiry_id: thread.id } })), {
    status: 404,
    code: 'inquiry_not_found',
  });
  t.like(await problemOf(stranger.client.call(routes.replyAgriInquiry, { params: { inquiry_id: thread.id }, body: { text: '我也要' } })), {
    status: 404,
    code: 'inquiry_not_found',
  });
  t.is((await f.client.call(routes.getAgriInquiry, { params: { inquiry_id: thread.id } })).messages.length, 1);
  t.deepEqual((await stranger.client.call(routes.listMyAgriInquiries, { query: { side: 'buyer' } })).items, []);
});
