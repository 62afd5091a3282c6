/**
 * The bad-input matrix, generated from the route table (not one example per route): for every route, missing and
 * invalid credentials, wrong roles, malformed JSON, wrong types, unknown fields, oversized and non-JSON bodies, bad
 * path ids and unknown query parameters each get the right problem+json status and code — and nothing is written.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import test from 'ava';
import { DEMO_WALLETS } from '@cc/api';
import { routeList, routes, type RouteSpec } from '@cc/shared';
import { z } from 'zod';
import { raw, startStack, type Stack } from '../support/stack';

let stack: Stack;
let adminToken: string;
let nobodyToken: string;
let terminalAuth: string;
let cardSession: string;
let sampleIds: Record<string, string>;

test.before(async () => {
  stack = await startStack({ BODY_LIMIT_BYTES: '4096', UPLOAD_MAX_BYTES: '4096' });
  const seed = await stack.seed();
  adminToken = (await stack.login('demo-admin-1')).token;
  nobodyToken = (await stack.login('matrix-no-roles')).token;
  terminalAuth = `Terminal ${seed.kiosk.id}:${seed.kiosk.secret}`;
  const wallet = DEMO_WALLETS[0];
  cardSession = (
    await stack
      .terminal(seed.kiosk.id, seed.kiosk.secret)
      .call(routes.kioskCardLogin, { body: { card_number: wallet.card_number, pin: wallet.pin } })
  ).token;
  const station = await stack.api.conn.collection('stations').findOne({ community_id: seed.communities.wenxin });
  sampleIds = {
    community_id: seed.communities.wenxin,
    user_id: seed.users['demo-resident-1'] as string,
    station_id: String(station?._id),
    kiosk_id: seed.kiosk.id,
    account_id: (await stack.api.wallet.walletOf(seed.users['demo-resident-1'] as string)).account_id as string,
    template_id: 'slt_01JD3Q8Z6Y0M2V5K7N9P4R2S1T',
    date: '2027-01-01',
    // Well-formed catalog ids (the matrix's requests are all refused before any lookup).
    merchant_id: 'mch_01JD3Q8Z6Y0M2V5K7N9P4R2S1T',
    product_id: 'prd_01JD3Q8Z6Y0M2V5K7N9P4R2S1T',
    import_id: 'imp_01JD3Q8Z6Y0M2V5K7N9P4R2S1T',
    // Orders and the address book: well-formed ids, refused before any lookup as well.
    address_id: 'adr_01JD3Q8Z6Y0M2V5K7N9P4R2S1T',
    order_id: 'ord_01JD3Q8Z6Y0M2V5K7N9P4R2S1T',
    checkout_id: 'chk_01JD3Q8Z6Y0M2V5K7N9P4R2S1T',
    offer_id: 'ofr_01JD3Q8Z6Y0M2V5K7N9P4R2S1T',
    task_id: 'dlv_01JD3Q8Z6Y0M2V5K7N9P4R2S1T',
  };
});
test.after.always(() => stack?.stop());

/** Everything stored: every document of every collection, and every Redis key except rate-limit counters and the job queue's own bookkeeping. */
async function snapshot(): Promise<string> {
  const db = stack.api.conn.db!;
  const parts: string[] = [];
  for (const { name } of (await db.listCollections().toArray()).sort((a, b) => a.name.localeCompare(b.name))) {
    const docs = await db.collection(name).find().sort({ _id: 1 }).toArray();
    parts.push(name, JSON.stringify(docs));
  }
  const prefix = stack.api.redis.options.keyPrefix ?? '';
  // ioredis does not prefix KEYS patterns: without the prefix this would see other test files' keys too.
  const keys = (await stack.api.redis.keys(`${prefix}*`))
    .map((k) => k.slice(prefix.length))
    .filter((k) => !k.startsWith('rl:') && !k.startsWith('bull'));
  for (const key of keys.sort()) {
    const type = await stack.api.redis.type(key);
    const value =
      type === 'string' ? await stack.api.redis.get(key) : type === 'set' ? (await stack.api.redis.smembers(key)).sort().join(',') : type;
    parts.push(key, String(value));
  }
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

function urlOf(spec: RouteSpec, params: Record<string, string> = {}): string {
  return stack.apiUrl + spec.path.replace(/:([a-z_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? sampleIds[name] ?? 'x'));
}

/** Credentials (and an Idempotency-Key where required) that pass, so the input itself is what gets judged. */
function validAuth(spec: RouteSpec): Record<string, string> {
  const key: Record<string, string> = spec.idempotent ? { 'idempotency-key': `matrix-${spec.id}-key` } : {};
  if (spec.access.kind === 'user') return { ...key, authorization: `Bearer ${adminToken}` };
  if (spec.access.kind === 'terminal') return { ...key, authorization: terminalAuth };
  if (spec.access.kind === 'card') return { ...key, authorization: terminalAuth, 'x-kiosk-session': cardSession };
  return key;
}

/** Strict bodies refuse unknown fields; a webhook envelope (WeChat Pay's notify) deliberately does not. */
function isStrict(spec: RouteSpec): boolean {
  const json = z.toJSONSchema(spec.body!, { io: 'input', unrepresentable: 'any' }) as {
    additionalProperties?: unknown;
    anyOf?: { additionalProperties?: unknown }[];
  };
  return json.additionalProperties === false || Boolean(json.anyOf?.some((s) => s.additionalProperties === false));
}

/** A value of the wrong JSON type for a property of this JSON schema. */
function wrongValue(prop: { type?: string | string[]; anyOf?: unknown[] }): unknown {
  const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
  switch (type) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return 'not-an-object';
    default:
      return { surely: ['wrong'] };
  }
}

function bodyProperties(spec: RouteSpec): Record<string, { type?: string | string[] }> {
  if (!spec.body) return {};
  const json = z.toJSONSchema(spec.body, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string }>;
    anyOf?: { properties?: Record<string, { type?: string }> }[];
  };
  return json.properties ?? json.anyOf?.find((s) => s.properties)?.properties ?? {};
}

async function send(
  spec: RouteSpec,
  init: { headers?: Record<string, string>; body?: string; params?: Record<string, string>; query?: string },
) {
  const body = spec.method === 'GET' ? undefined : init.body;
  return raw(urlOf(spec, init.params) + (init.query ?? ''), { method: spec.method, headers: init.headers, body });
}

function expectProblem(t: import('ava').ExecutionContext, res: Awaited<ReturnType<typeof raw>>, status: number, code: string) {
  t.is(res.status, status, `${res.text.slice(0, 300)}`);
  t.is(res.headers.get('content-type'), 'application/problem+json');
  t.like(res.body, { status, code });
  t.is(typeof res.body?.title, 'string');
}

let before = '';
test.serial('snapshot of the stored state before the matrix', async (t) => {
  before = await snapshot();
  t.regex(before, /^[0-9a-f]{64}$/);
});

for (const spec of routeList) {
  const name = `${spec.method} ${spec.path}`;
  const json = { 'content-type': 'application/json' };

  if (spec.access.kind === 'user') {
    test.serial(`${name}: no credentials → 401 auth_required`, async (t) => {
      expectProblem(t, await send(spec, { headers: json, body: '{}' }), 401, 'auth_required');
    });
    test.serial(`${name}: unknown or expired token → 401 session_invalid`, async (t) => {
      expectProblem(
        t,
        await send(spec, { headers: { ...json, authorization: `Bearer ${'A'.repeat(43)}` }, body: '{}' }),
        401,
        'session_invalid',
      );
    });
    test.serial(`${name}: another auth scheme → 401 auth_required`, async (t) => {
      expectProblem(
        t,
        await send(spec, { headers: { ...json, authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, body: '{}' }),
        401,
        'auth_required',
      );
    });
    if (spec.access.roles !== 'any') {
      test.serial(`${name}: a person without the role (${spec.access.roles.join('/')}) → 403 forbidden_role`, async (t) => {
        expectProblem(
          t,
          await send(spec, { headers: { ...json, authorization: `Bearer ${nobodyToken}` }, body: '{}' }),
          403,
          'forbidden_role',
        );
      });
    }
  }
  if (spec.access.kind === 'terminal' || spec.access.kind === 'card') {
    test.serial(`${name}: no terminal credentials → 401 terminal_auth_required`, async (t) => {
      expectProblem(
        t,
        await send(spec, { headers: { ...json, authorization: `Bearer ${adminToken}` }, body: '{}' }),
        401,
        'terminal_auth_required',
      );
    });
    test.serial(`${name}: wrong terminal secret → 401 terminal_auth_invalid`, async (t) => {
      expectProblem(
        t,
        await send(spec, { headers: { ...json, authorization: `${terminalAuth.split(':')[0]}:${'x'.repeat(43)}` }, body: '{}' }),
        401,
        'terminal_auth_invalid',
      );
    });
  }

  if (spec.access.kind === 'card') {
    test.serial(`${name}: no kiosk card session → 401 card_session_required`, async (t) => {
      expectProblem(t, await send(spec, { headers: { ...json, authorization: terminalAuth }, body: '{}' }), 401, 'card_session_required');
    });
    test.serial(`${name}: unknown or expired kiosk card session → 401 card_session_invalid`, async (t) => {
      expectProblem(
        t,
        await send(spec, { headers: { ...json, authorization: terminalAuth, 'x-kiosk-session': 'B'.repeat(43) }, body: '{}' }),
        401,
        'card_session_invalid',
      );
    });
  }
  if (spec.idempotent) {
    test.serial(`${name}: no Idempotency-Key → 400 idempotency_key_required`, async (t) => {
      const { 'idempotency-key': _omitted, ...headers } = validAuth(spec);
      expectProblem(t, await send(spec, { headers: { ...headers, ...json }, body: '{}' }), 400, 'idempotency_key_required');
    });
  }

  for (const param of Object.keys(spec.params?.shape ?? {})) {
    test.serial(`${name}: malformed path id ${param} → 400 validation_failed`, async (t) => {
      // An upload route reads its file first: send one of its types, so the path is what gets judged.
      const type = spec.upload ? { 'content-type': spec.upload.contentTypes[0] as string } : json;
      const res = await send(spec, { headers: { ...validAuth(spec), ...type }, body: '{}', params: { [param]: 'not an id' } });
      expectProblem(t, res, 400, 'validation_failed');
      t.true((res.body?.errors as { path: string }[]).some((e) => e.path === `params.${param}`));
    });
  }

  if (spec.query) {
    test.serial(`${name}: unknown query parameter → 400 validation_failed`, async (t) => {
      const res = await send(spec, { headers: validAuth(spec), query: '?zz_unknown=1' });
      expectProblem(t, res, 400, 'validation_failed');
    });
    if ('limit' in spec.query.shape) {
      for (const limit of ['0', '101', 'abc', '1.5', '-1']) {
        test.serial(`${name}: page size limit=${limit} → 400 validation_failed`, async (t) => {
          const res = await send(spec, { headers: validAuth(spec), query: `?limit=${limit}` });
          expectProblem(t, res, 400, 'validation_failed');
          t.true((res.body?.errors as { path: string }[]).some((e) => e.path === 'query.limit'));
        });
      }
    }
  }

  if (spec.body) {
    const headers = () => ({ ...validAuth(spec), ...json });
    test.serial(`${name}: malformed JSON → 400 malformed_json`, async (t) => {
      expectProblem(t, await send(spec, { headers: headers(), body: '{"a": ' }), 400, 'malformed_json');
    });
    for (const [label, body] of [
      ['a JSON array', '[]'],
      ['a JSON number', '42'],
      ['a JSON string', '"hello"'],
      ['null', 'null'],
    ] as const) {
      test.serial(`${name}: body is ${label} → 400 validation_failed`, async (t) => {
        expectProblem(t, await send(spec, { headers: headers(), body }), 400, 'validation_failed');
      });
    }
    if (isStrict(spec))
      test.serial(`${name}: unknown field → 400 validation_failed naming it`, async (t) => {
        const res = await send(spec, { headers: headers(), body: JSON.stringify({ zz_unknown: 1 }) });
        expectProblem(t, res, 400, 'validation_failed');
        t.true(
          (res.body?.errors as { code: string }[]).some((e) => e.code === 'unrecognized_keys'),
          JSON.stringify(res.body?.errors),
        );
      });
    for (const [prop, schema] of Object.entries(bodyProperties(spec))) {
      test.serial(`${name}: wrong type for ${prop} → 400 validation_failed at body.${prop}`, async (t) => {
        const res = await send(spec, { headers: headers(), body: JSON.stringify({ [prop]: wrongValue(schema) }) });
        expectProblem(t, res, 400, 'validation_failed');
        t.true(
          (res.body?.errors as { path: string }[]).some((e) => e.path.startsWith(`body.${prop}`)),
          JSON.stringify(res.body?.errors),
        );
      });
    }
    test.serial(`${name}: oversized body → 413 payload_too_large`, async (t) => {
      expectProblem(t, await send(spec, { headers: headers(), body: JSON.stringify({ x: 'a'.repeat(5000) }) }), 413, 'payload_too_large');
    });
    test.serial(`${name}: non-JSON content type → 415 unsupported_media_type`, async (t) => {
      expectProblem(
        t,
        await send(spec, { headers: { ...validAuth(spec), 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }),
        415,
        'unsupported_media_type',
      );
    });
  }

  if (spec.upload) {
    const accepted = spec.upload.contentTypes;
    const as = (type: string) => ({ ...validAuth(spec), 'content-type': type });
    test.serial(`${name}: a file type it does not take → 415 unsupported_media_type`, async (t) => {
      for (const type of ['application/json', 'image/svg+xml', 'application/x-msdownload'].filter((x) => !accepted.includes(x))) {
        expectProblem(t, await send(spec, { headers: as(type), body: '{}' }), 415, 'unsupported_media_type');
      }
    });
    test.serial(`${name}: an empty file → 400 upload_empty`, async (t) => {
      expectProblem(t, await send(spec, { headers: as(accepted[0] as string) }), 400, 'upload_empty');
    });
    if (accepted.every((type) => type.startsWith('image/'))) {
      test.serial(`${name}: bytes that are not the declared image → 400 upload_not_image`, async (t) => {
        expectProblem(t, await send(spec, { headers: as('image/jpeg'), body: 'just text, not a JPEG' }), 400, 'upload_not_image');
      });
    }
    test.serial(`${name}: a file over its size bound → 413 payload_too_large`, async (t) => {
      const body = 'x'.repeat(stack.config.UPLOAD_MAX_BYTES + 1);
      expectProblem(t, await send(spec, { headers: as(accepted[0] as string), body }), 413, 'payload_too_large');
    });
  }
}

test.serial('unknown paths and methods are problem+json too', async (t) => {
  expectProblem(t, await raw(`${stack.apiUrl}/api/v1/nothing-here`), 404, 'not_found');
  expectProblem(t, await raw(`${stack.apiUrl}/api/v1/me`, { method: 'DELETE' }), 405, 'method_not_allowed');
});

/** Any method, even those fetch refuses to send (TRACE): status, headers and parsed body. */
function anyMethod(url: string, method: string): Promise<{ status: number; type: string; allow: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          allow: String(res.headers.allow ?? ''),
          body: text ? (JSON.parse(text) as unknown) : null,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test.serial('methods a path does not serve (TRACE, PROPFIND, QUERY …) are 405 with Allow, never 500', async (t) => {
  for (const method of ['TRACE', 'PROPFIND', 'QUERY', 'MKCOL', 'PURGE']) {
    const res = await anyMethod(`${stack.apiUrl}/api/v1/me`, method);
    t.is(res.status, 405, method);
    t.is(res.type, 'application/problem+json', method);
    t.like(res.body, { status: 405, code: 'method_not_allowed' });
    t.regex(res.allow, /GET/, method);
  }
  const open311 = await anyMethod(`${stack.apiUrl}/open311/v2/services.json`, 'TRACE');
  t.is(open311.status, 405);
  t.like((open311.body as unknown[])[0], { code: 405 });
});

test.serial('nothing was written by any rejected request', async (t) => {
  t.is(await snapshot(), before);
});

test('a WeChat code that cannot be one (lone surrogate, control character, space) is 400, never a WeChat outage', async (t) => {
  for (const code of ['\\ud800x', 'ab\\u0000c', 'a b']) {
    const res = await raw(`${stack.apiUrl}${routes.wechatLogin.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"code":"${code}"}`,
    });
    t.deepEqual([res.status, res.body?.code], [400, 'validation_failed'], code);
  }
});
