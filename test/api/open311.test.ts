/**
 * Open311 GeoReport v2 (JSON) conformance over HTTP against the real database and Redis, the services and creating
 * requests: every response's field names and types, form-encoded and JSON posts (attribute[code]=…, attribute[code][]=…),
 * the error array with the spec's HTTP statuses (400 bad input incl. attribute errors, 403 api_key, 404 unknown) —
 * with nothing written by any refused request. Reading, tokens, limits and partner keys: open311-reading.test.ts.
 */

import test, { type ExecutionContext } from 'ava';
import { routes } from '@cc/shared';
import { raw } from '../support/stack';
import {
  operator,
  otherOperator,
  wenxin,
  jingshan,
  newKey,
  url,
  get,
  form,
  postForm,
  postJson,
  countCalls,
  expectErrors,
  nullOr,
  checkRequest,
  opCall,
  setupOpen311Stack,
} from '../support/open311';

setupOpen311Stack();

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
  // Pages say which partner passed it on (issue 12 item 9), not 身份不明.
  t.regex(call.partner_name ?? '', /^测试合作系统 /);
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

/** Attribute errors name the attribute (missing, unknown value, unknown code, one value twice, not a number). */
async function attributeErrors(t: ExecutionContext, key: { api_key: string }): Promise<[string, string][]> {
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
  return base;
}

/** Bodies that are not a form or JSON object, too large, or with a malformed Idempotency-Key. */
async function badBodies(t: ExecutionContext, key: { api_key: string }, withProblem: [string, string][]): Promise<void> {
  const send = (body: string, type: string) => raw(url('/requests.json'), { method: 'POST', headers: { 'content-type': type }, body });
  expectErrors(t, await send(`{"api_key": "${key.api_key}",`, 'application/json'), 400);
  expectErrors(t, await send('[1,2]', 'application/json'), 400);
  expectErrors(t, await send('<request/>', 'text/xml'), 415);
  expectErrors(t, await send(form([...withProblem, ['description', 'x'.repeat(70_000)]]), 'application/x-www-form-urlencoded'), 413);
  expectErrors(t, await postForm(withProblem, { 'idempotency-key': 'bad key!' }), 400, /Idempotency-Key/);
}

test('attribute errors, bad fields and bad bodies → 400 error arrays naming each field, and nothing is written', async (t) => {
  const key = await newKey();
  const before = await countCalls(key.id);
  const base = await attributeErrors(t, key);
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
  await badBodies(t, key, withProblem);
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
