/**
 * Family contacts (紧急联系人) and what happens to them on a 紧急求助: set by the person or by their community's
 * service station, shown masked, told by a WeChat subscribe message when they use the app (refusals and people not
 * in the app listed for the operator to ring), and the outcome written into the call's history.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { routes, type ApiClient } from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';
import { failureOf, until } from '../support/outcome';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
let operator: ApiClient;
let otherOperator: ApiClient;

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
  operator = (await stack.login('demo-operator-1')).client;
  otherOperator = (await stack.login('demo-operator-2')).client;
});
test.after.always(() => stack?.stop());

async function resident() {
  const person = await stack.login(`fam-${randomUUID().slice(0, 12)}`);
  await person.client.call(routes.updateMe, { body: { community_id: seed.communities.wenxin, address: '益乐新村 7 幢 1 单元 302' } });
  return person;
}

/** Someone who uses the mini-program with this phone bound. */
async function appUserWithPhone(phone: string) {
  const person = await stack.login(`fam-app-${randomUUID().slice(0, 10)}`);
  await person.client.call(routes.bindPhone, { body: { code: stack.sim.mintPhoneCode(phone) } });
  return person;
}

test('a person sets up to five contacts; numbers come back masked; bad numbers and a sixth contact change nothing', async (t) => {
  const me = await resident();
  const set = await me.client.call(routes.setMyFamilyContacts, {
    body: {
      contacts: [
        { name: '张伟', relation: '儿子', phone: '13900001111' },
        { name: '张丽', relation: '女儿', phone: '13900002222' },
        { name: '张伟', relation: '儿子', phone: '13900001111' },
      ],
    },
  });
  t.deepEqual(
    set.items.map((c) => [c.name, c.phone_masked]),
    [
      ['张伟', '139****1111'],
      ['张丽', '139****2222'],
    ],
    'the same number twice is kept once',
  );
  t.false(JSON.stringify(set).includes('13900001111'));

  // Sent raw: the typed client would refuse to send these.
  const put = (contacts: unknown) =>
    raw(`${stack.apiUrl}/api/v1/me/family-contacts`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${me.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contacts }),
    });
  const badPhone = await put([{ name: '王', relation: '邻居', phone: '12345' }]);
  t.like(badPhone, { status: 400, body: { code: 'validation_failed' } });
  t.true(JSON.stringify(badPhone.body).includes('body.contacts.0.phone'));
  const six = Array.from({ length: 6 }, (_, i) => ({ name: `联系人${i}`, relation: '亲戚', phone: `1380000000${i}` }));
  t.like(await put(six), { status: 400, body: { code: 'validation_failed' } });
  t.is((await me.client.call(routes.getMyFamilyContacts, {})).items.length, 2);
});

test('the service station registers contacts for an elder of its community; another community’s operator cannot', async (t) => {
  const elder = await resident();
  const body = { contacts: [{ name: '李强', relation: '儿子', phone: '13700003333' }] };
  t.is(
    await failureOf(otherOperator.call(routes.setUserFamilyContacts, { params: { user_id: elder.user_id }, body })),
    '403 forbidden_scope',
  );
  t.is(await failureOf(otherOperator.call(routes.getUserFamilyContacts, { params: { user_id: elder.user_id } })), '403 forbidden_scope');
  t.is(
    await failureOf(elder.client.call(routes.setUserFamilyContacts, { params: { user_id: elder.user_id }, body })),
    '403 forbidden_role',
  );
  const set = await operator.call(routes.setUserFamilyContacts, { params: { user_id: elder.user_id }, body });
  t.is(set.items[0]?.relation, '儿子');
  t.deepEqual(await elder.client.call(routes.getMyFamilyContacts, {}), set);
});

test('紧急求助: app contacts get a WeChat message, refusals and others are listed for the operator, all in the history', async (t) => {
  const son = await appUserWithPhone('13911112222');
  const daughter = await appUserWithPhone('13911113333');
  const me = await resident();
  await me.client.call(routes.setMyFamilyContacts, {
    body: {
      contacts: [
        { name: '陈军', relation: '儿子', phone: '13911112222' },
        { name: '陈芳', relation: '女儿', phone: '13911113333' },
        { name: '赵阿姨', relation: '邻居', phone: '13911114444' },
      ],
    },
  });
  // The daughter never allowed subscribe messages in the mini-program.
  const daughterOpenid = (await stack.api.conn.collection('users').findOne({ _id: daughter.user_id as never }))?.openid as string;
  stack.sim.refuseMessages(daughterOpenid);
  const before = stack.sim.messages().length;

  const call = await me.client.call(routes.createCall, {
    body: { service_code: 'emergency', description: '老伴摔倒了，起不来' } as never,
    idempotencyKey: `k-${randomUUID()}`,
  });
  t.is(call.priority, 'emergency');

  const notified = await until('the family_notified history entry', async () => {
    const c = await me.client.call(routes.getCall, { params: { call_id: call.id } });
    return c.history.find((h) => h.action === 'family_notified');
  });
  t.regex(notified.note ?? '', /陈军（儿子，139\*\*\*\*2222）微信已通知/);
  t.regex(notified.note ?? '', /陈芳（女儿，139\*\*\*\*3333）未开启微信提醒，请电话联系/);
  t.regex(notified.note ?? '', /赵阿姨（邻居，139\*\*\*\*4444）请电话联系/);
  t.false((notified.note ?? '').includes('13911112222'), 'full numbers never reach the resident’s view');

  const sent = stack.sim.messages().slice(before);
  t.is(sent.length, 1, 'only the son, who allows messages, got one');
  const sonOpenid = (await stack.api.conn.collection('users').findOne({ _id: son.user_id as never }))?.openid;
  t.is(sent[0]?.touser, sonOpenid);
  t.is(sent[0]?.template_id, stack.config.WECHAT_TEMPLATE_EMERGENCY);
  t.true(sent[0]?.page.includes(call.id));
  t.true(Object.values(sent[0]?.data ?? {}).every((v) => v.value.length <= 20));
});

test('a person without family contacts: the emergency alert goes out and nothing about family is recorded', async (t) => {
  const me = await resident();
  const before = stack.sim.messages().length;
  const call = await me.client.call(routes.createCall, {
    body: { service_code: 'emergency', description: '胸口疼' } as never,
    idempotencyKey: `k-${randomUUID()}`,
  });
  // A later action proves the call is settled; the family step would have written before the acknowledge.
  await operator.call(routes.acknowledgeCall, { params: { call_id: call.id }, body: { note: '已联系' } });
  const c = await me.client.call(routes.getCall, { params: { call_id: call.id } });
  t.false(c.history.some((h) => h.action === 'family_notified'));
  t.is(stack.sim.messages().length, before);
});
