/**
 * Trust of agricultural posts (issue 14 item 7): plausibility holds and their release or rejection, reports and the
 * operators' queue, warnings and bans, certification checks, unknown varieties, the credit level on posts.
 */
import test from 'ava';
import { routes, type SupplyPost } from '@cc/shared';
import { buyer, farmer, photo, storedPosts, supplyBody } from '../support/agri';
import { operatorJ, operatorW, problemOf, seed, setupCatalogStack } from '../support/catalog';

setupCatalogStack();

test('999.999 吨 of 高山茶叶 from one household is held with the reason; the operator rejects it', async (t) => {
  const f = await farmer();
  const body = supplyBody({ category: 'processed', variety: '高山茶叶', quantity: 999.999, unit: '吨', unit_price_fen: 5_000_000 });
  const held = await f.client.call(routes.createSupplyPost, { body });
  t.is(held.status, 'held');
  t.deepEqual(
    held.private?.hold_reasons.map((h) => h.code),
    ['quantity_out_of_scale'],
  );
  const b = await buyer();
  t.like(await problemOf(b.client.call(routes.getAgriPost, { params: { post_id: held.id } })), { status: 404 });
  t.false((await b.client.call(routes.searchAgriPosts, { query: { q: '高山茶叶' } })).items.some((p) => p.id === held.id));

  const queue = await operatorJ.call(routes.listAgriModerationQueue, {
    params: { community_id: seed.communities.jingshan },
    query: { queue: 'held' },
  });
  const row = queue.items.find((i) => i.post.id === held.id);
  t.truthy(row);
  t.is(row!.post.private?.hold_reasons[0]?.words, '数量超出一户农户的常见规模');
  // Another community's operator neither sees nor decides it.
  t.like(
    await problemOf(operatorW.call(routes.listAgriModerationQueue, { params: { community_id: seed.communities.jingshan }, query: {} })),
    {
      status: 403,
      code: 'forbidden_scope',
    },
  );
  t.like(
    await problemOf(
      operatorW.call(routes.moderateAgriPost, { params: { post_id: held.id }, body: { action: 'hide', reason: '数量不实' } }),
    ),
    {
      status: 403,
    },
  );
  const rejected = await operatorJ.call(routes.moderateAgriPost, {
    params: { post_id: held.id },
    body: { action: 'hide', reason: '数量明显不实' },
  });
  t.is(rejected.status, 'hidden');
  t.is(rejected.private?.moderation_note, '数量明显不实');
});

test('a held post released by the operator opens; a plausible post is never held', async (t) => {
  const f = await farmer();
  const ok = await f.client.call(routes.createSupplyPost, { body: supplyBody({ quantity: 2, unit: '吨' }) });
  t.is(ok.status, 'open');
  const big = await f.client.call(routes.createSupplyPost, { body: supplyBody({ quantity: 500, unit: '吨' }) });
  t.is(big.status, 'held');
  const released = await operatorJ.call(routes.moderateAgriPost, {
    params: { post_id: big.id },
    body: { action: 'restore', reason: '已电话核实，合作社供货' },
  });
  t.is(released.status, 'open');
  t.deepEqual(released.private?.hold_reasons, []);
  const b = await buyer();
  t.is((await b.client.call(routes.getAgriPost, { params: { post_id: big.id } })).status, 'open');
  t.like(
    await problemOf(
      operatorJ.call(routes.moderateAgriPost, { params: { post_id: big.id }, body: { action: 'restore', reason: '再次恢复' } }),
    ),
    {
      status: 409,
      code: 'illegal_transition',
    },
  );
});

test('too many posts in a short time: the sixth in ten minutes is held', async (t) => {
  const f = await farmer();
  const statuses: string[] = [];
  for (let i = 0; i < 6; i++)
    statuses.push((await f.client.call(routes.createSupplyPost, { body: supplyBody({ quantity: 10 + i }) })).status);
  t.deepEqual(statuses, ['open', 'open', 'open', 'open', 'open', 'held']);
  const last = (await storedPosts(f.user_id)).find((p) => p.status === 'held');
  t.deepEqual(
    last?.hold_reasons.map((h: { code: string }) => h.code),
    ['too_many_posts'],
  );
});

test("the same photo as another poster holds the post; one's own photo again does not", async (t) => {
  const [a, b] = [await farmer(), await farmer()];
  const rgb: [number, number, number] = [12, 200, 77];
  const first = await a.client.call(routes.createSupplyPost, { body: supplyBody({ photo_upload_ids: [await photo(a.client, rgb)] }) });
  t.is(first.status, 'open');
  const again = await a.client.call(routes.createSupplyPost, { body: supplyBody({ photo_upload_ids: [await photo(a.client, rgb)] }) });
  t.is(again.status, 'open');
  const copied = await b.client.call(routes.createSupplyPost, { body: supplyBody({ photo_upload_ids: [await photo(b.client, rgb)] }) });
  t.is(copied.status, 'held');
  t.deepEqual(
    copied.private?.hold_reasons.map((h) => h.code),
    ['photo_reused'],
  );
});

test('a price far from the regional median is held; without price data the rule is skipped', async (t) => {
  const variety = '测试番薯';
  const first = await (await farmer()).client.call(routes.createSupplyPost, { body: supplyBody({ variety, unit_price_fen: 90_000 }) });
  t.is(first.status, 'open', 'no price data yet: any sane price passes');
  for (const price of [300, 320, 280, 310]) {
    const f = await farmer();
    t.is((await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety, unit_price_fen: price }) })).status, 'open');
  }
  const f = await farmer();
  const far = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety, unit_price_fen: 5000 }) });
  t.is(far.status, 'held');
  t.deepEqual(
    far.private?.hold_reasons.map((h) => h.code),
    ['price_far_from_median'],
  );
  // 公斤 is compared per 斤: ¥6.00 a 公斤 is ¥3.00 a 斤, near the median.
  const near = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety, unit: '公斤', unit_price_fen: 600 }) });
  t.is(near.status, 'open');
});

test("reports: anyone reports once, not their own; an upheld report lowers the poster's credit level", async (t) => {
  const f = await farmer();
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody() });
  t.is(post.poster.credit.level, 3);
  const [b1, b2] = [await buyer(), await buyer()];
  const report = await b1.client.call(routes.reportAgriPost, {
    params: { post_id: post.id },
    body: { reason: 'fake', note: '照片是网上的' },
  });
  t.is(report.status, 'open');
  t.like(await problemOf(b1.client.call(routes.reportAgriPost, { params: { post_id: post.id }, body: { reason: 'spam' } })), {
    status: 409,
    code: 'already_reported',
  });
  t.like(await problemOf(f.client.call(routes.reportAgriPost, { params: { post_id: post.id }, body: { reason: 'spam' } })), {
    status: 409,
    code: 'cannot_report_own',
  });
  await b2.client.call(routes.reportAgriPost, { params: { post_id: post.id }, body: { reason: 'wrong_price' } });
  const queue = await operatorJ.call(routes.listAgriModerationQueue, {
    params: { community_id: seed.communities.jingshan },
    query: { queue: 'reported' },
  });
  const row = queue.items.find((i) => i.post.id === post.id)!;
  t.is(row.reports.length, 2);
  t.is(row.post.private?.reports_open, 2);
  const hidden = await operatorJ.call(routes.moderateAgriPost, {
    params: { post_id: post.id },
    body: { action: 'hide', reason: '照片不实', uphold_reports: true },
  });
  t.is(hidden.poster.credit.reports_upheld, 2);
  t.is(hidden.poster.credit.level, 1);
  t.is(hidden.private?.reports_open, 0);
  const standing = await f.client.call(routes.getMyAgriStanding, {});
  t.is(standing.credit.reports_upheld, 2);
});

test("warn counts on the credit; a ban hides the poster's posts and refuses new ones", async (t) => {
  const f = await farmer();
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody() });
  const warned = await operatorJ.call(routes.moderateAgriPost, {
    params: { post_id: post.id },
    body: { action: 'warn', reason: '请如实填写产地' },
  });
  t.is(warned.status, 'open');
  t.is(warned.poster.credit.warnings, 1);
  await operatorJ.call(routes.banAgriPoster, {
    params: { community_id: seed.communities.jingshan, user_id: f.user_id },
    body: { days: 7, reason: '多次发布虚假信息' },
  });
  t.is((await f.client.call(routes.getAgriPost, { params: { post_id: post.id } })).status, 'hidden');
  const before = (await storedPosts(f.user_id)).length;
  t.like(await problemOf(f.client.call(routes.createSupplyPost, { body: supplyBody() })), { status: 403, code: 'agri_posting_banned' });
  t.is((await storedPosts(f.user_id)).length, before);
  const standing = await f.client.call(routes.getMyAgriStanding, {});
  t.truthy(standing.banned_until);
  t.is(standing.ban_reason, '多次发布虚假信息');
});

test('a certification is shown to others only after an operator checked its evidence', async (t) => {
  const f = await farmer();
  const evidence = await photo(f.client);
  const post = await f.client.call(routes.createSupplyPost, {
    body: supplyBody({ variety: '猕猴桃', category: 'fruit', certifications: [{ kind: 'organic', evidence_upload_id: evidence }] }),
  });
  t.deepEqual(
    (post as SupplyPost).certifications.map((c) => [c.kind, c.status, c.evidence_upload_id]),
    [['organic', 'pending', evidence]],
  );
  const b = await buyer();
  t.deepEqual(((await b.client.call(routes.getAgriPost, { params: { post_id: post.id } })) as SupplyPost).certifications, []);
  const queue = await operatorJ.call(routes.listAgriModerationQueue, {
    params: { community_id: seed.communities.jingshan },
    query: { queue: 'certifications' },
  });
  t.true(queue.items.some((i) => i.post.id === post.id));
  t.like(
    await problemOf(
      operatorJ.call(routes.checkAgriCertification, { params: { post_id: post.id }, body: { kind: 'green_food', decision: 'confirmed' } }),
    ),
    {
      status: 404,
      code: 'certification_not_found',
    },
  );
  await operatorJ.call(routes.checkAgriCertification, { params: { post_id: post.id }, body: { kind: 'organic', decision: 'confirmed' } });
  const seen = (await b.client.call(routes.getAgriPost, { params: { post_id: post.id } })) as SupplyPost;
  t.deepEqual(
    seen.certifications.map((c) => [c.words, c.status, c.evidence_upload_id]),
    [['有机', 'confirmed', null]],
  );
});

test('an unknown variety is accepted, queued, and confirmed by an operator', async (t) => {
  const f = await farmer();
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '径山紫芥菜' }) });
  t.is(post.status, 'open');
  t.false(post.variety_confirmed);
  const pending = await operatorJ.call(routes.listPendingVarieties, {});
  t.true(pending.items.some((v) => v.variety_key === '径山紫芥菜' && v.category === 'vegetable'));
  await operatorJ.call(routes.confirmAgriVariety, { body: { category: 'vegetable', variety: '径山紫芥菜', accept: true } });
  t.true((await f.client.call(routes.getAgriPost, { params: { post_id: post.id } })).variety_confirmed);
  t.like(
    await problemOf(operatorJ.call(routes.confirmAgriVariety, { body: { category: 'vegetable', variety: '径山紫芥菜', accept: true } })),
    {
      status: 404,
      code: 'variety_not_pending',
    },
  );
  const later = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety: '径山紫芥菜' }) });
  t.true(later.variety_confirmed);
});
