/** The Open311 suites' shared stack (one per test file), partner keys and response checks. */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { routes, type ApiClient, type Call } from '@cc/shared';
import { raw, startStack, type Stack } from './stack';

process.env.OPEN311_WRITES_PER_MINUTE = '5';

export let stack: Stack;
export let seed: Awaited<ReturnType<Stack['seed']>>;
export let operator: ApiClient;
export let otherOperator: ApiClient;
export let wenxin: string;
export let jingshan: string;

export const DAY = 24 * 3600 * 1000;
export const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

/** Starts this suite's stack (one per test file) before its tests; stops it after. */
export function setupOpen311Stack(): void {
  test.before(async () => {
    stack = await startStack();
    seed = await stack.seed();
    wenxin = seed.communities.wenxin;
    jingshan = seed.communities.jingshan;
    operator = (await stack.login('demo-operator-1')).client;
    otherOperator = (await stack.login('demo-operator-2')).client;
  });
  test.after.always(() => stack?.stop());
}

/** A fresh partner key of 益乐社区 (each test its own: the write limit is per key). */
export async function newKey(community_id = wenxin, by = operator): Promise<{ id: string; api_key: string }> {
  const issued = await by.call(routes.createPartnerKey, {
    params: { community_id },
    body: { name: `测试合作系统 ${randomUUID().slice(0, 6)}` },
  });
  return { id: issued.key.id, api_key: issued.api_key };
}

export const url = (path: string) => `${stack.apiUrl}/open311/v2${path}`;
export const get = (path: string) => raw(url(path));
export const form = (fields: [string, string][]) => fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
export const postForm = (fields: [string, string][], headers: Record<string, string> = {}) =>
  raw(url('/requests.json'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: form(fields),
  });
export const postJson = (body: unknown) =>
  raw(url('/requests.json'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Calls that came through one partner key (tests run at once: each counts its own). */
export const countCalls = (key_id: string) => stack.api.conn.collection('calls').countDocuments({ partner_key_id: key_id });

export function expectErrors(
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

export const REQUEST_FIELDS = [
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

export const nullOr = (t: ExecutionContext, v: unknown, type: string, name: string) =>
  t.true(v === null || typeof v === type, `${name}: ${JSON.stringify(v)} should be ${type} or null`);

/** Every field of a service request, with the spec's names and types. */
export function checkRequest(t: ExecutionContext, r: Record<string, unknown>) {
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

export async function opCall(id: string): Promise<Call> {
  return operator.call(routes.getCall, { params: { call_id: id } });
}

/** A resident of 益乐社区 raising a call in /api/v1. */
export async function residentCall(body: Record<string, unknown> = { service_code: 'other', description: '需要帮忙搬东西' }) {
  const person = await stack.login(`o311-${randomUUID().slice(0, 12)}`);
  await person.client.call(routes.updateMe, { body: { community_id: wenxin, address: '益乐新村 5 幢 1 单元 302' } });
  const call = await person.client.call(routes.createCall, { body: body as never, idempotencyKey: `k-${randomUUID()}` });
  return { person, call };
}
