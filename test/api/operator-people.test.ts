/**
 * The operator's people (issue 12 items 10 and 11): finding a person by nickname or phone (whole number or its last
 * 4 digits) and by role, within the operator's own community; revealing a resident's full phone number for a call-back
 * — operators and providers of the resident's own community only, each reveal recorded and readable by admins,
 * everyone else answered 404, the number never in the logs.
 */
import { Writable } from 'node:stream';
import test from 'ava';
import { createLogger } from '@cc/api';
import { newId } from '@cc/api/platform/ids';
import { routes, type ApiClient } from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';
import { failureOf } from '../support/outcome';

let logs = '';
let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
let operator: ApiClient;
let otherOperator: ApiClient;
let provider: ApiClient;
let admin: ApiClient;
let operatorToken: string;

test.before(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  stack = await startStack({}, { logger: createLogger('trace', sink as never) });
  seed = await stack.seed();
  const op = await stack.login('demo-operator-1');
  operator = op.client;
  operatorToken = op.token;
  otherOperator = (await stack.login('demo-operator-2')).client;
  provider = (await stack.login('demo-provider-1')).client;
  admin = (await stack.login('demo-admin-1')).client;
});
test.after.always(() => stack?.stop());

const nicknames = (page: { items: { nickname: string }[] }) => page.items.map((u) => u.nickname).sort();

test('operators find people of their community by nickname, phone (whole or last 4 digits) and role', async (t) => {
  const community_id = seed.communities.wenxin;
  t.deepEqual(nicknames(await operator.call(routes.listUsers, { query: { q: '秀英' } })), ['王秀英']);
  t.deepEqual(nicknames(await operator.call(routes.listUsers, { query: { phone: '13805710002' } })), ['刘德明']);
  t.deepEqual(nicknames(await operator.call(routes.listUsers, { query: { phone: '0002' } })), ['刘德明'], 'last 4 digits');
  t.deepEqual(nicknames(await operator.call(routes.listUsers, { query: { phone: '5710' } })), [], 'last 4 only, not anywhere');
  t.deepEqual(nicknames(await operator.call(routes.listUsers, { query: { q: '李', role: 'buyer', community_id } })), ['李明']);
  t.deepEqual(nicknames(await operator.call(routes.listUsers, { query: { q: '王', role: 'buyer' } })), [], 'both must hold');
  t.deepEqual(nicknames(await operator.call(routes.listUsers, { query: { q: '.*' } })), [], 'typed text is literal, not a pattern');
  // 陈建国 (13905710011) is a farmer of 径山村: outside this operator's community.
  t.deepEqual(nicknames(await operator.call(routes.listUsers, { query: { phone: '0011' } })), []);
  t.deepEqual(nicknames(await otherOperator.call(routes.listUsers, { query: { phone: '0011' } })), ['陈建国']);
  t.deepEqual(nicknames(await admin.call(routes.listUsers, { query: { q: '建国' } })), ['陈建国'], 'admins search everyone');
  for (const bad of ['phone=123', 'phone=138057100021', 'phone=abcd', 'q=', 'role=chief']) {
    const res = await raw(`${stack.apiUrl}/api/v1/users?${bad}`, { headers: { authorization: `Bearer ${operatorToken}` } });
    t.is(res.status, 400, bad);
  }
  // Found, then given a role from the same list (the existing grant API).
  const [liu] = (await operator.call(routes.listUsers, { query: { phone: '0002' } })).items;
  const granted = await operator.call(routes.grantRole, { params: { user_id: liu!.id }, body: { role: 'courier', community_id } });
  t.true(granted.roles.some((r) => r.role === 'courier' && r.community_id === community_id));
  t.deepEqual(nicknames(await operator.call(routes.listUsers, { query: { role: 'courier', phone: '0002' } })), ['刘德明']);
});

test.serial(
  'an operator or provider of the resident’s community sees the full number, each time recorded; admins read the records',
  async (t) => {
    const wang = seed.users['demo-resident-1']!;
    const call = await (
      await stack.login('demo-resident-1')
    ).client.call(routes.createCall, {
      body: { service_code: 'other', description: '请回电' } as never,
      idempotencyKey: `k-${newId('req')}`,
    });
    const byOperator = await operator.call(routes.revealUserPhone, {
      params: { user_id: wang },
      body: { reason: `回电：呼叫 ${call.number}`, call_id: call.id },
    });
    t.like(byOperator, { user_id: wang, phone: '13805710001' });
    const byProvider = await provider.call(routes.revealUserPhone, { params: { user_id: wang }, body: { reason: '上门前确认时间' } });
    t.is(byProvider.phone, '13805710001');

    const records = await admin.call(routes.listPhoneReveals, { query: { user_id: wang } });
    t.is(records.items.length, 2);
    const operatorId = seed.users['demo-operator-1']!;
    t.like(records.items[1], {
      id: byOperator.id,
      user_id: wang,
      community_id: seed.communities.wenxin,
      revealed_by: operatorId,
      revealed_by_role: 'operator',
      reason: `回电：呼叫 ${call.number}`,
      call_id: call.id,
    });
    t.like(records.items[0], { id: byProvider.id, revealed_by_role: 'provider', call_id: null });
    t.false(JSON.stringify(records).includes('13805710001'), 'the records never hold the number');
    t.deepEqual(
      (await admin.call(routes.listPhoneReveals, { query: { revealed_by: operatorId } })).items.map((r) => r.id),
      [byOperator.id],
    );
    t.is(await failureOf(operator.call(routes.listPhoneReveals, {})), '403 forbidden_role');
    t.false(logs.includes('13805710001'), 'the number is never logged');
    t.true(logs.includes('revealUserPhone'), 'the requests were logged');
  },
);

test.serial('anyone else is answered 404, exactly as for a person who does not exist, and nothing is recorded', async (t) => {
  const wang = seed.users['demo-resident-1']!;
  const before = (await admin.call(routes.listPhoneReveals, { query: { user_id: wang } })).items.length;
  const body = { reason: '想联系一下' };
  const resident = (await stack.login('demo-resident-2')).client;
  for (const [who, client] of [
    ['operator of another community', otherOperator],
    ['admin', admin],
    ['another resident', resident],
  ] as const)
    t.is(await failureOf(client.call(routes.revealUserPhone, { params: { user_id: wang }, body })), '404 user_not_found', who);
  t.is(await failureOf(operator.call(routes.revealUserPhone, { params: { user_id: newId('usr') }, body })), '404 user_not_found');
  // A farmer of 径山村 is not a resident of 益乐社区.
  t.is(
    await failureOf(operator.call(routes.revealUserPhone, { params: { user_id: seed.users['demo-farmer-1']! }, body })),
    '404 user_not_found',
  );
  t.is((await admin.call(routes.listPhoneReveals, { query: { user_id: wang } })).items.length, before);

  const unbound = await stack.login(`no-phone-${newId('usr').slice(-6)}`);
  await unbound.client.call(routes.updateMe, { body: { community_id: seed.communities.wenxin } });
  t.is(await failureOf(operator.call(routes.revealUserPhone, { params: { user_id: unbound.user_id }, body })), '409 phone_not_bound');
  const bad = await raw(`${stack.apiUrl}/api/v1/users/${wang}/phone-reveals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: '' }),
  });
  t.is(bad.status, 400);
});
