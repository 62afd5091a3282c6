/**
 * Open311 GeoReport v2 (JSON) conformance over HTTP against the real database and Redis: every response's field
 * names and types, form-encoded and JSON posts (attribute[code]=…, attribute[code][]=…), the error array with the
 * spec's HTTP statuses (400 bad input incl. attribute errors, 403 api_key, 404 unknown), the filters (id list,
 * service_code, status, the 90-day window and its default), token look-up, the jurisdiction rules, partner keys
 * (issue, list, revoke), the per-key write limit, and calls crossing between /api/v1 and Open311 — with nothing written
 * by any refused request.
 */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { ApiError, routes, type ApiClient, type Call } from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';

process.env.OPEN311_WRITES_PER_MINUTE = '5';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
let operator: ApiClient;
let otherOperator: ApiClient;
let wenxin: string;
let jingshan: string;

const DAY = 24 * 3600 * 1000;
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
  wenxin = seed.communities.wenxin;
  jingshan = seed.communities.jingshan;
  operator = (await stack.login('demo-operator-1')).client;
  otherOperator = (await stack.login('demo-operator-2')).client;
});
test.after.always(() => stack?.stop());

/** A fresh partner key of 益乐社区 (each test its own: the write limit is per key). */
async function newKey(community_id = wenxin, by = operator): Promise<{ id: string; api_key: string }> {
  const issued = await by.call(routes.createPartnerKey, {
    params: { community_id },
    body: { name: `测试合作系统 ${randomUUID().slice(0, 6)}` },
  });
  return { id: issued.key.id, api_key: issued.api_key };
}

const url = (path: string) => `${stack.apiUrl}/open311/v2${path}`;
const get = (path: string) => raw(url(path));
const form = (fields: [string, string][]) => fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const postForm = (fields: [string, string][], headers: Record<string, string> = {}) =>
  raw(url('/requests.json'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: form(fields),
  });
const postJson = (body: unknown) =>
  raw(url('/requests.json'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Calls that came through one partner key (tests run at once: each counts its own). */
const countCalls = (key_id: string) => stack.api.conn.collection('calls').countDocuments({ partner_key_id: key_id });

function expectErrors(
  t: ExecutionContext,
  res: Awaited<ReturnType<typeof raw>>,
  status: number,
  match?: RegExp,
): { code: number; description: string }[] {
  t.is(res.status, status, res.text.slice(0, 400));
  t.regex(res.headers.get('content-type') ?? '', /^application\/json/);
  const list = JSON.parse(res.text) as { code: number; description: string }[];
  t.true(Array.isArray(list) && list.length > 0, res.text);
  for (const e of list) {
    t.deepEqual(Object.keys(e).sort(), ['code', 'description']);
    t.is(e.code, status);
    t.is(typeof e.description, 'string');
    t.true(e.description.length > 0);
  }
  if (match)
    t.true(
      list.some((e) => match.test(e.description)),
      `${match} in ${res.text}`,
    );
  return list;
}

const REQUEST_FIELDS = [
  'address',
  'address_id',
  'agency_responsible',
  'description',
  'expected_datetime',
  'lat',
  'long',
  'media_url',
  'requested_datetime',
  'service_code',
  'service_name',
  'service_notice',
  'service_request_id',
  'status',
  'status_notes',
  'updated_datetime',
  'zipcode',
];

const nullOr = (t: ExecutionContext, v: unknown, type: string, name: string) =>
  t.true(v === null || typeof v === type, `${name}: ${JSON.stringify(v)} should be ${type} or null`);

/** Every field of a service request, with the spec's names and types. */
function checkRequest(t: ExecutionContext, r: Record<string, unknown>) {
  t.deepEqual(Object.keys(r).sort(), REQUEST_FIELDS);
  t.regex(r.service_request_id as string, /^req_[0-9A-Z]{26}$/);
  t.true(r.status === 'open' || r.status === 'closed');
  for (const f of ['status_notes', 'description', 'agency_responsible', 'service_notice', 'address', 'address_id', 'zipcode', 'media_url'])
    nullOr(t, r[f], 'string', f);
  for (const f of ['lat', 'long']) nullOr(t, r[f], 'number', f);
  t.is(typeof r.service_name, 'string');
  t.is(typeof r.service_code, 'string');
  t.regex(r.requested_datetime as string, W3C);
  t.regex(r.updated_datetime as string, W3C);
  if (r.status === 'open') t.regex(r.expected_datetime as string, W3C);
  else t.is(r.expected_datetime, null);
}

async function opCall(id: string): Promise<Call> {
  return operator.call(routes.getCall, { params: { call_id: id } });
}

/** A resident of 益乐社区 raising a call in /api/v1. */
async function residentCall(body: Record<string, unknown> = { service_code: 'other', description: '需要帮忙搬东西' }) {
  const person = await stack.login(`o311-${randomUUID().slice(0, 12)}`);
  await person.client.call(routes.updateMe, { body: { community_id: wenxin, address: '益乐新村 5 幢 1 单元 302' } });
  const call = await person.client.call(routes.createCall, { body: body as never, idempotencyKey: `k-${randomUUID()}` });
  return { person, call };
}

// ---------- services ----------

test('GET services.json: the catalogue with the spec fields; jurisdiction required, unknown → 404, from the api_key', async (t) => {
  const res = await get(`/services.json?jurisdiction_id=${wenxin}`);
  t.is(res.status, 200);
  t.regex(res.headers.get('content-type') ?? '', /^application\/json/);
  const list = JSON.parse(res.text) as Record<string, unknown>[];
  t.true(list.length >= 9);
  for (const s of list) {
    t.deepEqual(Object.keys(s).sort(), ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    t.is(typeof s.service_code, 'string');
    t.is(typeof s.service_name, 'string');
    t.is(typeof s.description, 'string');
    t.is(typeof s.metadata, 'boolean');
    t.true(['realtime', 'batch', 'blackbox'].includes(s.type as string));
    t.is(typeof s.keywords, 'string', 'keywords are a comma separated string');
    t.is(typeof s.group, 'string');
  }
  const water = list.find((s) => s.service_code === 'water_electric');
  t.like(water, { service_name: '水电维修', metadata: true, group: '维修' });
  t.true((water?.keywords as string).split(',').includes('漏水'));

  expectErrors(t, await get('/services.json'), 400, /jurisdiction_id/);
  expectErrors(t, await get('/services.json?jurisdiction_id='), 400, /jurisdiction_id/); // empty = not sent
  expectErrors(t, await get('/services.json?jurisdiction_id=cmt_00000000000000000000000000'), 404, /jurisdiction_id/);
  expectErrors(t, await get('/services.json?jurisdiction_id=sfgov.org'), 404);
  const key = await newKey();
  const viaKey = JSON.parse((await get(`/services.json?api_key=${key.api_key}`)).text) as unknown[];
  t.is(viaKey.length, list.length, 'the key implies its community');
  expectErrors(t, await get(`/services.json?api_key=${key.api_key}&jurisdiction_id=${jingshan}`), 403);
  expectErrors(t, await get(`/services.json?jurisdiction_id=${wenxin}&api_key=not-a-key`), 403, /api_key/);
});

test('GET services/{code}.json: the definition with variable, code, datatype, required, datatype_description, order, description, values', async (t) => {
  const res = await get(`/services/water_electric.json?jurisdiction_id=${wenxin}`);
  t.is(res.status, 200, res.text);
  const def = JSON.parse(res.text) as { service_code: string; attributes: Record<string, unknown>[] };
  t.deepEqual(Object.keys(def).sort(), ['attributes', 'service_code']);
  t.is(def.service_code, 'water_electric');
  t.true(def.attributes.length >= 2);
  for (const a of def.attributes) {
    t.deepEqual(Object.keys(a).sort(), [
      'code',
      'datatype',
      'datatype_description',
      'description',
      'order',
      'required',
      'values',
      'variable',
    ]);
    t.is(a.variable, true);
    t.is(typeof a.code, 'string');
    t.true(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'].includes(a.datatype as string));
    t.is(typeof a.required, 'boolean');
    nullOr(t, a.datatype_description, 'string', 'datatype_description');
    t.true(Number.isInteger(a.order) && (a.order as number) >= 1);
    t.is(typeof a.description, 'string');
    for (const v of a.values as Record<string, unknown>[]) t.deepEqual(Object.keys(v).sort(), ['key', 'name']);
  }
  t.like(def.attributes[0], { code: 'problem', datatype: 'singlevaluelist', required: true, order: 1 });
  t.deepEqual((def.attributes[0]?.values as { key: string }[]).map((v) => v.key).slice(0, 2), ['leak', 'blocked']);
  const none = JSON.parse((await get(`/services/other.json?jurisdiction_id=${wenxin}`)).text) as { attributes: unknown[] };
  t.deepEqual(none.attributes, []);
  expectErrors(t, await get(`/services/no_such_thing.json?jurisdiction_id=${wenxin}`), 404, /no_such_thing/);
  expectErrors(t, await get('/services/water_electric.json'), 400);
});

// ---------- creating ----------

test('POST requests.json form-encoded, as Open311 clients send it: attribute[code] and attribute[code][] lists', async (t) => {
  const key = await newKey();
  const res = await postForm([
    ['api_key', key.api_key],
    ['jurisdiction_id', wenxin],
    ['service_code', 'water_electric'],
    ['lat', '30.2741'],
    ['long', '120.1551'],
    ['address_string', '益乐新村 7 幢 302'],
    ['email', 'li.ming@example.cn'],
    ['first_name', '明'],
    ['last_name', '李'],
    ['phone', '13812345678'],
    ['device_id', 'dev-1'],
    ['account_id', 'acct-42'],
    ['description', '厨房水管漏水\n楼下也在滴水'],
    ['media_url', 'https://partner.example.cn/media/1.jpg'],
    ['attribute[problem]', 'leak'],
    ['attribute[rooms][]', 'kitchen'],
    ['attribute[rooms][]', 'bathroom'],
  ]);
  t.is(res.status, 200, res.text);
  const created = JSON.parse(res.text) as Record<string, unknown>[];
  t.is(created.length, 1);
  const first = created[0] as Record<string, unknown>;
  // water_electric is a batch service: a token (and, since requests are created at once, the id as well).
  t.deepEqual(Object.keys(first).sort(), ['account_id', 'service_notice', 'service_request_id', 'token']);
  t.regex(first.service_request_id as string, /^req_/);
  t.regex(first.token as string, /^[0-9a-f]{32}$/);
  t.is(first.account_id, 'acct-42');
  t.regex(first.service_notice as string, /15 分钟内受理/);

  // The partner that sent it sees everything it sent.
  const [own] = JSON.parse((await get(`/requests/${first.service_request_id}.json?api_key=${key.api_key}`)).text) as Record<
    string,
    unknown
  >[];
  checkRequest(t, own!);
  t.like(own, {
    service_request_id: first.service_request_id,
    status: 'open',
    service_code: 'water_electric',
    service_name: '水电维修',
    description: '厨房水管漏水\n楼下也在滴水',
    address: '益乐新村 7 幢 302',
    lat: 30.2741,
    long: 120.1551,
    media_url: 'https://partner.example.cn/media/1.jpg',
    address_id: null,
    zipcode: null,
  });
  t.regex(own!.agency_responsible as string, /社区服务站$/);

  // In /api/v1 it is an ordinary call of the community: channel open311, no platform user, the contact fields instead.
  const call = await opCall(first.service_request_id as string);
  t.like(call, {
    channel: 'open311',
    requester_id: null,
    partner_key_id: key.id,
    status: 'open',
    media_url: 'https://partner.example.cn/media/1.jpg',
  });
  t.deepEqual(call.attributes, { problem: 'leak', rooms: ['kitchen', 'bathroom'] });
  t.deepEqual(call.contact, {
    first_name: '明',
    last_name: '李',
    email: 'li.ming@example.cn',
    phone_masked: '138****5678',
    account_id: 'acct-42',
  });
  t.like(call.history[0], { action: 'created', actor_role: 'system', actor_id: null });
  t.regex(call.history[0]?.note ?? '', /Open311/);
  const queue = await operator.call(routes.listCommunityCalls, { params: { community_id: wenxin }, query: { limit: 100, state: 'open' } });
  t.true(
    queue.items.some((c) => c.id === first.service_request_id),
    'in the operator queue',
  );
});

test('POST requests.json with a JSON body: nested attribute object or flat attribute[code] names; numbers read per datatype', async (t) => {
  const key = await newKey();
  const nested = await postJson({
    api_key: key.api_key,
    service_code: 'housekeeping',
    address_string: '益乐新村 2 幢 101',
    attribute: { area_sqm: 80, kind: 'deep' },
  });
  t.is(nested.status, 200, nested.text);
  const a = (JSON.parse(nested.text) as { service_request_id: string }[])[0]!;
  t.deepEqual((await opCall(a.service_request_id)).attributes, { area_sqm: 80, kind: 'deep' });

  const flat = await postJson({
    api_key: key.api_key,
    service_code: 'housekeeping',
    lat: 30.27,
    long: '120.15',
    'attribute[area_sqm]': '65.5',
  });
  t.is(flat.status, 200, flat.text);
  const b = (JSON.parse(flat.text) as { service_request_id: string }[])[0]!;
  const call = await opCall(b.service_request_id);
  t.deepEqual(call.attributes, { area_sqm: 65.5 });
  t.deepEqual(call.location, { lat: 30.27, lng: 120.15 });
  t.regex(call.address, /30\.27/, 'coordinates stand in for the address');

  // A realtime service answers with the id only (no token); form numbers are read as numbers too.
  const sos = await postForm([
    ['api_key', key.api_key],
    ['service_code', 'emergency'],
    ['address_string', '益乐新村 9 幢门口'],
  ]);
  t.is(sos.status, 200, sos.text);
  const s = (JSON.parse(sos.text) as Record<string, unknown>[])[0]!;
  t.deepEqual(Object.keys(s).sort(), ['account_id', 'service_notice', 'service_request_id']);
  t.is(s.account_id, null);
  t.regex(s.service_notice as string, /120/);
  t.is((await opCall(s.service_request_id as string)).priority, 'emergency');
});

test('attribute errors, bad fields and bad bodies → 400 error arrays naming each field, and nothing is written', async (t) => {
  const key = await newKey();
  const before = await countCalls(key.id);
  const base: [string, string][] = [
    ['api_key', key.api_key],
    ['service_code', 'water_electric'],
    ['address_string', '益乐新村 1 幢'],
  ];
  const cases: [[string, string][], RegExp][] = [
    [[], /^attribute\[problem\]: /],
    [[['attribute[problem]', 'flood']], /^attribute\[problem\]: /],
    [
      [
        ['attribute[problem]', 'leak'],
        ['attribute[rooms][]', 'garage'],
      ],
      /^attribute\[rooms\]: /,
    ],
    [
      [
        ['attribute[problem]', 'leak'],
        ['attribute[colour]', 'red'],
      ],
      /^attribute\[colour\]: /,
    ],
    [
      [
        ['attribute[problem]', 'leak'],
        ['attribute[problem]', 'power'],
      ],
      /^attribute\[problem\]: /,
    ],
  ];
  for (const [extra, match] of cases) expectErrors(t, await postForm([...base, ...extra]), 400, match);
  expectErrors(
    t,
    await postForm([
      ['api_key', key.api_key],
      ['service_code', 'housekeeping'],
      ['address_string', '益乐新村 1 幢'],
      ['attribute[area_sqm]', 'eighty'],
    ]),
    400,
    /^attribute\[area_sqm\]: /,
  );
  const withProblem: [string, string][] = [...base, ['attribute[problem]', 'leak']];
  // Several problems at once: one element each.
  const many = expectErrors(
    t,
    await postForm([
      ['api_key', key.api_key],
      ['service_code', 'water_electric'],
      ['lat', '95'],
      ['email', 'not-an-email'],
      ['media_url', 'ftp://x.example/a.jpg'],
    ]),
    400,
  );
  t.true(many.length >= 3, JSON.stringify(many));
  t.true(many.some((e) => e.description.startsWith('lat: ')));
  t.true(many.some((e) => e.description.startsWith('email: ')));
  t.true(many.some((e) => e.description.startsWith('media_url: ')));
  expectErrors(
    t,
    await postForm([
      ['api_key', key.api_key],
      ['service_code', 'other'],
    ]),
    400,
    /address_string/,
  ); // no location
  expectErrors(
    t,
    await postForm([
      ['api_key', key.api_key],
      ['service_code', 'other'],
      ['lat', '30.1'],
    ]),
    400,
    /long/,
  );
  expectErrors(
    t,
    await postForm([
      ['api_key', key.api_key],
      ['service_code', 'other'],
      ['address_id', '545483'],
    ]),
    400,
    /address_id/,
  );
  expectErrors(t, await postForm([...withProblem, ['description', 'x'.repeat(4001)]]), 400, /^description: /);
  expectErrors(t, await postForm([...withProblem, ['description', '<script>alert(1)</script>']]), 400, /^description: /);
  expectErrors(t, await postForm([...withProblem, ['phone', 'call me']]), 400, /^phone: /);
  expectErrors(t, await postForm([...withProblem, ['first_name', 'a\u0007b']]), 400, /^first_name: /);
  expectErrors(
    t,
    await postForm([
      ['api_key', key.api_key],
      ['address_string', '益乐新村 1 幢'],
    ]),
    400,
    /^service_code: /,
  );
  // Bodies that are not a form or JSON object.
  const send = (body: string, type: string) => raw(url('/requests.json'), { method: 'POST', headers: { 'content-type': type }, body });
  expectErrors(t, await send(`{"api_key": "${key.api_key}",`, 'application/json'), 400);
  expectErrors(t, await send('[1,2]', 'application/json'), 400);
  expectErrors(t, await send('<request/>', 'text/xml'), 415);
  expectErrors(t, await send(form([...withProblem, ['description', 'x'.repeat(70_000)]]), 'application/x-www-form-urlencoded'), 413);
  expectErrors(t, await postForm(withProblem, { 'idempotency-key': 'bad key!' }), 400, /Idempotency-Key/);
  t.is(await countCalls(key.id), before, 'nothing written');
});

test('api_key: missing, unknown, malformed or revoked → 403 error array; a key is valid in its own community only', async (t) => {
  const key = await newKey();
  const before = await countCalls(key.id);
  const fields: [string, string][] = [
    ['service_code', 'other'],
    ['address_string', '益乐新村 1 幢'],
  ];
  expectErrors(t, await postForm(fields), 403, /api_key/);
  expectErrors(t, await postForm([['api_key', ''], ...fields]), 403, /api_key/);
  expectErrors(t, await postForm([['api_key', 'xyz'], ...fields]), 403, /api_key/);
  expectErrors(t, await postForm([['api_key', `${key.id}.${'A'.repeat(43)}`], ...fields]), 403, /api_key/);
  expectErrors(t, await postJson({ api_key: 12345, service_code: 'other', address_string: '益乐新村 1 幢' }), 403);
  expectErrors(t, await postForm([['api_key', key.api_key], ['jurisdiction_id', jingshan], ...fields]), 403);
  // Auth comes first: a missing key with bad input is still 403.
  expectErrors(t, await postForm([['service_code', 'no_such']]), 403);

  const revoked = await operator.call(routes.revokePartnerKey, { params: { community_id: wenxin, key_id: key.id }, query: {} });
  t.truthy(revoked.revoked_at);
  expectErrors(t, await postForm([['api_key', key.api_key], ...fields]), 403, /api_key/);
  expectErrors(t, await get(`/requests.json?api_key=${key.api_key}`), 403);
  t.is(await countCalls(key.id), before);

  // A key of 径山村 writes to 径山村.
  const village = await newKey(jingshan, otherOperator);
  const res = await postForm([['api_key', village.api_key], ...fields]);
  t.is(res.status, 200, res.text);
  const id = (JSON.parse(res.text) as { service_request_id: string }[])[0]!.service_request_id;
  t.is((await otherOperator.call(routes.getCall, { params: { call_id: id } })).community_id, jingshan);
  expectErrors(t, await get(`/requests/${id}.json?jurisdiction_id=${wenxin}`), 404);
});

test('unknown or inactive service_code → 404 error array, nothing written', async (t) => {
  const key = await newKey();
  const before = await countCalls(key.id);
  expectErrors(
    t,
    await postForm([
      ['api_key', key.api_key],
      ['service_code', 'pothole'],
      ['address_string', '益乐新村 1 幢'],
    ]),
    404,
    /pothole/,
  );
  await operator.call(routes.createService, {
    params: { community_id: wenxin },
    body: {
      service_code: 'knife_sharpening',
      service_name: '磨刀',
      group: '其他',
      sla: { acknowledge_minutes: 60, resolve_minutes: 1440 },
      active: false,
    },
  });
  expectErrors(
    t,
    await postForm([
      ['api_key', key.api_key],
      ['service_code', 'knife_sharpening'],
      ['address_string', '益乐新村 1 幢'],
    ]),
    404,
  );
  expectErrors(t, await get(`/services/knife_sharpening.json?jurisdiction_id=${wenxin}`), 404);
  const list = JSON.parse((await get(`/services.json?jurisdiction_id=${wenxin}`)).text) as { service_code: string }[];
  t.false(
    list.some((s) => s.service_code === 'knife_sharpening'),
    'inactive services are not offered',
  );
  t.is(await countCalls(key.id), before);
});

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
  expectErrors(t, await get('/services.xml'), 404);
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
