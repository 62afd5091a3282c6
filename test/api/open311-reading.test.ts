/**
 * Open311 GeoReport v2 over HTTP, reading and the rest: the filters (id list, service_code, status, the 90-day window
 * and its default), token look-up, the jurisdiction rules, partner keys (issue, list, revoke), the per-key write limit,
 * and calls crossing between /api/v1 and Open311.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { ApiError, routes } from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';
import {
  stack,
  operator,
  otherOperator,
  wenxin,
  jingshan,
  DAY,
  newKey,
  url,
  get,
  postForm,
  countCalls,
  expectErrors,
  checkRequest,
  residentCall,
  setupOpen311Stack,
} from '../support/open311';

setupOpen311Stack();

// ---------- reading ----------

test('GET requests.json: id list (overrides the rest), service_code, status, the 90-day window and its default, span > 90 days refused', async (t) => {
  const key = await newKey();
  const post = async (service_code: string, extra: [string, string][] = []) => {
    const res = await postForm([['api_key', key.api_key], ['service_code', service_code], ['address_string', '益乐新村 4 幢'], ...extra]);
    t.is(res.status, 200, res.text);
    return (JSON.parse(res.text) as { service_request_id: string }[])[0]!.service_request_id;
  };
  const a = await post('other');
  const b = await post('locksmith');
  const c = await post('other');
  const old = await post('other');
  // `old` was made 100 days ago; `c` is closed (cancelled by the operator).
  await stack.api.conn.collection('calls').updateOne({ _id: old as never }, { $set: { created_at: new Date(Date.now() - 100 * DAY) } });
  await operator.call(routes.cancelCall, { params: { call_id: c }, body: { note: '居民已自行解决' } });
  const { call: fromApp } = await residentCall();

  const list = async (q: string) => {
    const res = await get(`/requests.json?jurisdiction_id=${wenxin}${q}`);
    t.is(res.status, 200, res.text);
    const rows = JSON.parse(res.text) as Record<string, unknown>[];
    for (const r of rows) checkRequest(t, r);
    return rows;
  };
  const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r.service_request_id as string);

  // Default window: the most recent 90 days.
  const recent = ids(await list(''));
  for (const id of [a, b, c, fromApp.id]) t.true(recent.includes(id), id);
  t.false(recent.includes(old));
  // The id list overrides every other argument (even a window and a status that would exclude them).
  t.deepEqual(
    ids(await list(`&service_request_id=${a},${old},${fromApp.id}&status=closed&service_code=locksmith`)).sort(),
    [a, old, fromApp.id].sort(),
  );
  t.deepEqual(ids(await list(`&service_request_id=${a}&service_request_id=${b}`)).sort(), [a, b].sort(), 'declared twice');
  t.deepEqual(ids(await list(`&service_request_id=req_00000000000000000000000000`)), []);
  // service_code (comma list), status.
  const locks = await list('&service_code=locksmith');
  t.true(locks.length >= 1 && locks.every((r) => r.service_code === 'locksmith'));
  t.true(ids(await list('&service_code=locksmith,other')).includes(a));
  const closed = await list('&status=closed');
  t.true(closed.every((r) => r.status === 'closed'));
  const mine = closed.find((r) => r.service_request_id === c);
  t.like(mine, { status: 'closed', expected_datetime: null });
  t.regex(mine?.status_notes as string, /已取消/);
  t.true((await list('&status=open')).every((r) => r.status === 'open'));
  t.true(ids(await list('&status=open,closed')).includes(c));
  // An explicit window: start and end, start only (its 90 days), end only (the 90 days before).
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  t.deepEqual(ids(await list(`&start_date=${iso(Date.now() - 101 * DAY)}&end_date=${iso(Date.now() - 99 * DAY)}`)), [old]);
  t.true(ids(await list(`&start_date=${iso(Date.now() - 101 * DAY)}`)).includes(old));
  t.false(ids(await list(`&start_date=${iso(Date.now() - 101 * DAY)}`)).includes(a));
  t.true(ids(await list(`&end_date=${iso(Date.now() - 99 * DAY)}`)).includes(old));
  const shanghai = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  t.true(ids(await list(`&start_date=${shanghai}`)).includes(a), 'a date alone is midnight in Asia/Shanghai');
  // Refused: a span over 90 days, start after end, a date without a zone, a status that is not open/closed.
  expectErrors(
    t,
    await get(`/requests.json?jurisdiction_id=${wenxin}&start_date=${iso(Date.now() - 91 * DAY)}&end_date=${iso(Date.now())}`),
    400,
    /90/,
  );
  expectErrors(
    t,
    await get(`/requests.json?jurisdiction_id=${wenxin}&start_date=${iso(Date.now())}&end_date=${iso(Date.now() - DAY)}`),
    400,
  );
  expectErrors(t, await get(`/requests.json?jurisdiction_id=${wenxin}&start_date=2026-01-01T00:00:00`), 400, /^start_date: /);
  expectErrors(t, await get(`/requests.json?jurisdiction_id=${wenxin}&status=pending`), 400, /^status/);
  expectErrors(t, await get('/requests.json'), 400, /jurisdiction_id/);
});

test('requests made in /api/v1 are visible over Open311 (without the resident\u2019s private details); the status mapping follows the lifecycle', async (t) => {
  const { person, call } = await residentCall({
    service_code: 'water_electric',
    attributes: { problem: 'leak' },
    description: '卫生间漏水',
  });
  const [seen] = JSON.parse((await get(`/requests/${call.id}.json?jurisdiction_id=${wenxin}`)).text) as Record<string, unknown>[];
  checkRequest(t, seen!);
  t.like(seen, {
    service_request_id: call.id,
    status: 'open',
    service_code: 'water_electric',
    description: null,
    address: null,
    lat: null,
    long: null,
  });
  t.is(Date.parse(seen!.expected_datetime as string), Math.floor(Date.parse(call.expected_datetime) / 1000) * 1000, 'the SLA deadline');
  t.regex(seen!.status_notes as string, /等待社区服务站受理/);
  // Another partner's key sees the same public view.
  const key = await newKey();
  const [viaKey] = JSON.parse((await get(`/requests/${call.id}.json?api_key=${key.api_key}`)).text) as Record<string, unknown>[];
  t.is(viaKey!.description, null);

  const p = { params: { call_id: call.id } };
  const statusOf = async () =>
    (JSON.parse((await get(`/requests/${call.id}.json?jurisdiction_id=${wenxin}`)).text) as { status: string; status_notes: string }[])[0]!;
  await operator.call(routes.acknowledgeCall, p);
  t.like(await statusOf(), { status: 'open' });
  const provider = await stack.login('demo-provider-1');
  await operator.call(routes.setProviderSkills, {
    params: { community_id: wenxin, user_id: provider.user_id },
    body: { skills: ['water_electric', 'other'] },
  });
  await operator.call(routes.assignCall, { ...p, body: { provider_id: provider.user_id } });
  t.regex((await statusOf()).status_notes, /派给服务人员/);
  await provider.client.call(routes.acceptCall, p);
  const resolved = await provider.client.call(routes.resolveCall, p);
  const closed = await statusOf();
  t.is(closed.status, 'closed');
  t.regex(closed.status_notes, /已办结/);
  const [full] = JSON.parse((await get(`/requests/${call.id}.json?jurisdiction_id=${wenxin}`)).text) as Record<string, string>[];
  const resolvedAt = resolved.history.find((h) => h.action === 'resolve')?.at as string;
  t.is(
    Date.parse(full!.updated_datetime as string),
    Math.floor(Date.parse(resolvedAt) / 1000) * 1000,
    'updated_datetime is when it was closed',
  );
  // Rating afterwards does not move it.
  await person.client.call(routes.rateCall, { ...p, body: { rating: 5 } });
  const [later] = JSON.parse((await get(`/requests/${call.id}.json?jurisdiction_id=${wenxin}`)).text) as Record<string, string>[];
  t.is(later!.updated_datetime, full!.updated_datetime);
  // The resident's own views are untouched by partner calls (which have no requester).
  t.deepEqual(
    (await person.client.call(routes.listMyCalls, { query: {} })).items.map((c) => c.id),
    [call.id],
  );
  expectErrors(t, await get(`/requests/req_00000000000000000000000000.json?jurisdiction_id=${wenxin}`), 404);
  expectErrors(t, await get(`/requests/nonsense.json?jurisdiction_id=${wenxin}`), 404);
});

test('GET tokens/{token}.json gives the request id; an unknown token → 404', async (t) => {
  const key = await newKey();
  const res = await postForm([
    ['api_key', key.api_key],
    ['service_code', 'appliance'],
    ['address_string', '益乐新村 6 幢'],
    ['attribute[appliance]', 'ac'],
  ]);
  const created = (JSON.parse(res.text) as { service_request_id: string; token: string }[])[0]!;
  const look = await get(`/tokens/${created.token}.json?jurisdiction_id=${wenxin}`);
  t.is(look.status, 200, look.text);
  t.deepEqual(JSON.parse(look.text), [{ service_request_id: created.service_request_id, token: created.token }]);
  t.deepEqual(JSON.parse((await get(`/tokens/${created.token}.json?api_key=${key.api_key}`)).text), [
    { service_request_id: created.service_request_id, token: created.token },
  ]);
  expectErrors(t, await get(`/tokens/${'0'.repeat(32)}.json?jurisdiction_id=${wenxin}`), 404, /token/);
  // Another community has no such token.
  expectErrors(t, await get(`/tokens/${created.token}.json?jurisdiction_id=${jingshan}`), 404);
});

test('partner writes are limited per api_key (429 error array with Retry-After); another key is not affected', async (t) => {
  const key = await newKey();
  const fields: [string, string][] = [
    ['api_key', key.api_key],
    ['service_code', 'other'],
    ['address_string', '益乐新村 8 幢'],
  ];
  for (let i = 0; i < 5; i++) t.is((await postForm(fields)).status, 200);
  const before = await countCalls(key.id);
  const limited = await postForm(fields);
  expectErrors(t, limited, 429);
  t.truthy(limited.headers.get('retry-after'));
  t.is(await countCalls(key.id), before);
  const other = await newKey();
  t.is((await postForm([['api_key', other.api_key], ...fields.slice(1)])).status, 200);
});

test('Idempotency-Key on a post returns the first request again', async (t) => {
  const key = await newKey();
  const fields: [string, string][] = [
    ['api_key', key.api_key],
    ['service_code', 'other'],
    ['address_string', '益乐新村 3 幢'],
  ];
  const idem = { 'idempotency-key': `partner-${randomUUID()}` };
  const a = JSON.parse((await postForm(fields, idem)).text) as { service_request_id: string }[];
  const b = JSON.parse((await postForm(fields, idem)).text) as { service_request_id: string }[];
  t.is(a[0]!.service_request_id, b[0]!.service_request_id);
  expectErrors(t, await postForm([...fields.slice(0, 2), ['address_string', '别处']], idem), 400);
});

test('partner keys: operators of the community (or admins) issue, list and revoke them; the secret is shown once', async (t) => {
  const issued = await operator.call(routes.createPartnerKey, { params: { community_id: wenxin }, body: { name: '西湖区 12345 平台' } });
  t.regex(issued.api_key, /^ptk_[0-9A-Z]{26}\.[A-Za-z0-9_-]{43}$/);
  t.like(issued.key, { community_id: wenxin, name: '西湖区 12345 平台', revoked_at: null });
  const page = await operator.call(routes.listPartnerKeys, { params: { community_id: wenxin }, query: { limit: 100 } });
  t.true(page.items.some((k) => k.id === issued.key.id));
  t.false(JSON.stringify(page).includes(issued.api_key.split('.')[1]!), 'the secret is never shown again');
  const stored = await stack.api.conn.collection('partner_keys').findOne({ _id: issued.key.id as never });
  t.false(JSON.stringify(stored).includes(issued.api_key.split('.')[1]!), 'only its hash is stored');
  const problem = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof ApiError) return { status: err.status, code: err.code };
      throw err;
    }
    return null;
  };
  t.like(await problem(otherOperator.call(routes.createPartnerKey, { params: { community_id: wenxin }, body: { name: '别人' } })), {
    status: 403,
    code: 'forbidden_scope',
  });
  t.like(
    await problem(otherOperator.call(routes.revokePartnerKey, { params: { community_id: wenxin, key_id: issued.key.id }, query: {} })),
    {
      status: 403,
    },
  );
  const resident = await stack.login(`o311-r-${randomUUID().slice(0, 8)}`);
  t.like(await problem(resident.client.call(routes.listPartnerKeys, { params: { community_id: wenxin }, query: {} })), { status: 403 });
  t.like(await problem(operator.call(routes.revokePartnerKey, { params: { community_id: jingshan, key_id: issued.key.id }, query: {} })), {
    status: 403,
  });
  const admin = await stack.login('demo-admin-1');
  const first = await admin.client.call(routes.revokePartnerKey, { params: { community_id: wenxin, key_id: issued.key.id }, query: {} });
  const again = await operator.call(routes.revokePartnerKey, { params: { community_id: wenxin, key_id: issued.key.id }, query: {} });
  t.is(again.revoked_at, first.revoked_at, 'revoking twice keeps the first revocation');
  t.like(
    await problem(
      operator.call(routes.revokePartnerKey, { params: { community_id: wenxin, key_id: 'ptk_00000000000000000000000000' }, query: {} }),
    ),
    { status: 404, code: 'partner_key_not_found' },
  );
});

test('unknown Open311 paths and methods answer with the error array too', async (t) => {
  expectErrors(t, await get('/nothing.json'), 404);
  expectErrors(t, await get('/services.yaml'), 404);
  expectErrors(t, await raw(url('/requests.json'), { method: 'DELETE' }), 405);
});

test('OPEN311_DEFAULT_JURISDICTION: reads without jurisdiction_id or api_key use that community', async (t) => {
  process.env.OPEN311_DEFAULT_JURISDICTION = wenxin;
  let second: Stack | undefined;
  try {
    second = await startStack({ REDIS_KEY_PREFIX: stack.api.redis.options.keyPrefix!, JOBS_ENABLED: 'false' }, { dbName: stack.dbName });
  } finally {
    delete process.env.OPEN311_DEFAULT_JURISDICTION;
  }
  try {
    const res = await raw(`${second.apiUrl}/open311/v2/services.json`);
    t.is(res.status, 200, res.text);
    t.true((JSON.parse(res.text) as unknown[]).length >= 9);
    t.is((await raw(`${second.apiUrl}/open311/v2/requests.json`)).status, 200);
    expectErrors(t, await raw(`${second.apiUrl}/open311/v2/services.json?jurisdiction_id=${jingshan}&api_key=x`), 403);
  } finally {
    await second.close();
  }
});
