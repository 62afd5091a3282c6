/**
 * Certification evidence and photos of supply posts (issue 14 items 1, 9): the evidence photo must be the poster's own
 * upload and the kind one of the list; a certification waits as pending until an operator of the post's community
 * checks its evidence (which the queue shows with the photo's URL); only a confirmed one is shown to others. A single
 * post's view carries its photos' URLs in order, so the farmer edits with thumbnails; an edit that swaps the evidence
 * photo waits for a new check, one that keeps it keeps the check.
 */
import test from 'ava';
import { routes, type SupplyPost } from '@cc/shared';
import { raw } from '../support/stack';
import { buyer, farmer, photo, sent, storedPosts, supplyBody } from '../support/agri';
import { operatorJ, operatorW, problemOf, seed, setupCatalogStack, stack } from '../support/catalog';

setupCatalogStack();

const asSupply = (p: unknown) => p as SupplyPost;

test('evidence must be the poster’s own upload and a listed kind, once per kind; nothing is written otherwise', async (t) => {
  const f = await farmer();
  const other = await farmer();
  const theirs = await photo(other.client);
  const mine = await photo(f.client);
  const refused = await sent(f, 'POST', '/api/v1/agri/supply-posts', {
    ...(supplyBody() as object),
    valid_days: 30,
    certifications: [{ kind: 'organic', evidence_upload_id: theirs }],
  });
  t.like(refused, { status: 400, code: 'upload_unknown' });
  t.is(refused.errors[0]?.path, 'body.certifications.0');
  const unknownKind = await sent(f, 'POST', '/api/v1/agri/supply-posts', {
    ...(supplyBody() as object),
    valid_days: 30,
    certifications: [{ kind: 'famous_brand', evidence_upload_id: mine }],
  });
  t.like(unknownKind, { status: 400, code: 'validation_failed' });
  const twice = await sent(f, 'POST', '/api/v1/agri/supply-posts', {
    ...(supplyBody() as object),
    valid_days: 30,
    certifications: [
      { kind: 'organic', evidence_upload_id: mine },
      { kind: 'organic', evidence_upload_id: mine },
    ],
  });
  t.like(twice, { status: 400, code: 'validation_failed' });
  t.is((await storedPosts(f.user_id)).length, 0, 'no refused request wrote a post');

  // An edit attaching another person's photo as evidence is refused the same way and leaves the post as it was.
  const post = asSupply(await f.client.call(routes.createSupplyPost, { body: supplyBody() }));
  const edit = await sent(f, 'PATCH', `/api/v1/agri/supply-posts/${post.id}`, {
    certifications: [{ kind: 'green_food', evidence_upload_id: theirs }],
  });
  t.like(edit, { status: 400, code: 'upload_unknown' });
  const [stored] = await storedPosts(f.user_id);
  t.deepEqual(stored?.certifications, []);
  t.is(stored?.revision, 1);
});

test('pending until an operator checks the evidence photo; rejected stays hidden, confirmed is shown', async (t) => {
  const f = await farmer();
  const organic = await photo(f.client);
  const label = await photo(f.client);
  const post = asSupply(
    await f.client.call(routes.createSupplyPost, {
      body: supplyBody({
        certifications: [
          { kind: 'organic', evidence_upload_id: organic },
          { kind: 'compliance', evidence_upload_id: label },
        ],
      }),
    }),
  );
  t.deepEqual(
    post.certifications.map((c) => [c.kind, c.status]),
    [
      ['organic', 'pending'],
      ['compliance', 'pending'],
    ],
  );
  const b = await buyer();
  const publicView = async () => asSupply(await b.client.call(routes.getAgriPost, { params: { post_id: post.id } }));
  t.deepEqual((await publicView()).certifications, [], 'nothing shown before the check');
  const search = await b.client.call(routes.searchAgriPosts, { query: { q: '青菜', certified_only: 'true' } as never });
  t.false(
    search.items.some((p) => p.id === post.id),
    'not certified in search either',
  );

  // The operator's queue shows each evidence photo with a URL that serves the image.
  const queue = await operatorJ.call(routes.listAgriModerationQueue, {
    params: { community_id: seed.communities.jingshan },
    query: { queue: 'certifications' },
  });
  const row = asSupply(queue.items.find((i) => i.post.id === post.id)?.post);
  t.truthy(row);
  const evidence = row.certifications.find((c) => c.kind === 'organic');
  t.is(evidence?.evidence_upload_id, organic);
  t.regex(evidence?.evidence_url ?? '', /^\/files\/[0-9a-f]{32}$/);
  const file = await raw(`${stack.apiUrl}${evidence!.evidence_url}`, {});
  t.is(file.status, 200);

  // Another community's operator may not decide it.
  t.like(
    await problemOf(
      operatorW.call(routes.checkAgriCertification, { params: { post_id: post.id }, body: { kind: 'organic', decision: 'confirmed' } }),
    ),
    { status: 403 },
  );
  await operatorJ.call(routes.checkAgriCertification, {
    params: { post_id: post.id },
    body: { kind: 'compliance', decision: 'rejected', reason: '合格证照片看不清' },
  });
  t.deepEqual((await publicView()).certifications, [], 'a rejected certification is not shown');
  const checked = await operatorJ.call(routes.checkAgriCertification, {
    params: { post_id: post.id },
    body: { kind: 'organic', decision: 'confirmed' },
  });
  t.deepEqual(
    asSupply(checked).certifications.map((c) => [c.kind, c.status]),
    [
      ['organic', 'confirmed'],
      ['compliance', 'rejected'],
    ],
  );
  const shown = await publicView();
  t.deepEqual(
    shown.certifications.map((c) => [c.words, c.status, c.evidence_upload_id, c.evidence_url ?? null]),
    [['有机', 'confirmed', null, null]],
    'others see the confirmed one, never the evidence',
  );
  const mineNow = asSupply(await f.client.call(routes.getAgriPost, { params: { post_id: post.id } }));
  t.deepEqual(
    mineNow.certifications.map((c) => [c.kind, c.status]),
    [
      ['organic', 'confirmed'],
      ['compliance', 'rejected'],
    ],
    'the poster sees both with their outcome',
  );
});

test('a post’s view carries its photo URLs in order; an edit saves a new list; new evidence waits for a new check', async (t) => {
  const f = await farmer();
  const [a, b, c] = [await photo(f.client), await photo(f.client), await photo(f.client)];
  const evidence = await photo(f.client);
  const post = asSupply(
    await f.client.call(routes.createSupplyPost, {
      body: supplyBody({ photo_upload_ids: [a, b], certifications: [{ kind: 'geo_indication', evidence_upload_id: evidence }] }),
    }),
  );
  t.deepEqual(
    post.photos?.map((p) => p.id),
    [a, b],
  );
  t.true(post.photos!.every((p) => /^\/files\/[0-9a-f]{32}$/.test(p.url)));
  await operatorJ.call(routes.checkAgriCertification, {
    params: { post_id: post.id },
    body: { kind: 'geo_indication', decision: 'confirmed' },
  });

  // Remove one, add one; the certification re-sent with the same evidence keeps its check.
  const edited = asSupply(
    await f.client.call(routes.updateSupplyPost, {
      params: { post_id: post.id },
      body: { photo_upload_ids: [b, c], certifications: [{ kind: 'geo_indication', evidence_upload_id: evidence }] },
    }),
  );
  t.deepEqual(edited.photo_upload_ids, [b, c]);
  t.deepEqual(
    edited.photos?.map((p) => p.id),
    [b, c],
  );
  t.deepEqual(
    edited.certifications.map((x) => x.status),
    ['confirmed'],
  );
  const fetched = asSupply(await f.client.call(routes.getAgriPost, { params: { post_id: post.id } }));
  t.deepEqual(
    fetched.photos?.map((p) => p.id),
    [b, c],
  );

  // A new evidence photo for the same kind is pending again, and hidden from others until checked.
  const newer = await photo(f.client);
  const swapped = asSupply(
    await f.client.call(routes.updateSupplyPost, {
      params: { post_id: post.id },
      body: { certifications: [{ kind: 'geo_indication', evidence_upload_id: newer }] },
    }),
  );
  t.deepEqual(
    swapped.certifications.map((x) => [x.status, x.evidence_upload_id]),
    [['pending', newer]],
  );
  const other = await buyer();
  t.deepEqual(asSupply(await other.client.call(routes.getAgriPost, { params: { post_id: post.id } })).certifications, []);
});
