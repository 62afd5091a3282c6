/**
 * Convenience calls from the kiosk (issue 6, kiosk slice) over HTTP against the real database and Redis:
 * one press needs no attributes (the station asks by phone), a 紧急求助 is placed where the kiosk stands, and
 * 紧急求助 also works without a card login (terminal credentials only): an anonymous call at the kiosk's station
 * that alerts the on-duty operators, answers with the hotline, and is deduplicated, rate limited and replayed per
 * terminal.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DEMO_WALLETS } from '@cc/api';
import { routes, type Call } from '@cc/shared';
import { until } from '../support/outcome';
import { listenRealtime } from '../support/realtime';
import { raw, startStack, type Stack } from '../support/stack';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
});
test.after.always(() => stack?.stop());

const key = () => `k-${randomUUID()}`;
const terminalAuth = () => `Terminal ${seed.kiosk.id}:${seed.kiosk.secret}`;

/** The anonymous 紧急求助 of the seeded kiosk (terminal credentials only). */
function anonymous(body: Record<string, unknown> = {}, idem = key(), auth = terminalAuth()) {
  return raw(`${stack.apiUrl}/api/v1/kiosk/emergency`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': idem },
    body: JSON.stringify(body),
  });
}

/** A card session of a demo resident on the seeded kiosk; returns a one-press sender. */
async function cardPress(wallet: (typeof DEMO_WALLETS)[number] = DEMO_WALLETS[1]) {
  const session = await stack
    .terminal(seed.kiosk.id, seed.kiosk.secret)
    .call(routes.kioskCardLogin, { body: { card_number: wallet.card_number, pin: wallet.pin } });
  return (body: Record<string, unknown>, idem = key()) =>
    raw(`${stack.apiUrl}/api/v1/kiosk/calls`, {
      method: 'POST',
      headers: {
        authorization: terminalAuth(),
        'x-kiosk-session': session.token,
        'content-type': 'application/json',
        'idempotency-key': idem,
      },
      body: JSON.stringify(body),
    });
}

async function queue() {
  const op = await stack.login('demo-operator-1');
  return (await op.client.call(routes.listCommunityCalls, { params: { community_id: seed.communities.wenxin }, query: { limit: 100 } }))
    .items;
}

test.serial('one press at the kiosk sends a service with required attributes: no attributes, the registered address', async (t) => {
  const press = await cardPress(DEMO_WALLETS[1]);
  const res = await press({ service_code: 'water_electric' });
  t.is(res.status, 201, res.text);
  const { call, message } = res.body as { call: Call; message: string };
  t.like(call, {
    service_code: 'water_electric',
    service_name: '水电维修',
    channel: 'kiosk',
    priority: 'normal',
    kiosk_id: seed.kiosk.id,
    address: '益乐新村 7 幢 1 单元 502 室',
    attributes: {},
  });
  t.true(message.includes('益乐新村 7 幢 1 单元 502 室'));
  // Outside the kiosk the required attributes are still required.
  const person = await stack.login('demo-resident-2');
  const miniapp = await raw(`${stack.apiUrl}/api/v1/calls`, {
    method: 'POST',
    headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json', 'idempotency-key': key() },
    body: JSON.stringify({ service_code: 'water_electric', confirm_new: true }),
  });
  t.is(miniapp.status, 400);
  t.like(miniapp.body, { code: 'attribute_invalid' });
  // A second press in that category asks whether it is the same problem; confirm_new sends it anyway.
  const again = await press({ service_code: 'water_electric' });
  t.is(again.status, 409);
  t.like(again.body, { code: 'possible_duplicate', detail: call.id });
  const anyway = await press({ service_code: 'water_electric', confirm_new: true });
  t.is(anyway.status, 201, anyway.text);
  t.not((anyway.body?.call as Call).id, call.id);
});

test.serial('紧急求助 with a card login is placed where the kiosk stands, the registered address in the description', async (t) => {
  const press = await cardPress(DEMO_WALLETS[0]);
  const res = await press({ service_code: 'emergency' });
  t.is(res.status, 201, res.text);
  const { call, hotline, message } = res.body as { call: Call; hotline: string; message: string };
  t.like(call, { priority: 'emergency', channel: 'kiosk', kiosk_id: seed.kiosk.id, address: '益乐社区服务站（益乐新村 12 幢一楼）' });
  t.true(call.requester_id !== null);
  t.deepEqual(call.location, { lat: 30.2861, lng: 120.1222 });
  t.true(call.description.includes('益乐社区服务站一号机'));
  t.true(call.description.includes('登记住址：益乐新村 3 幢 2 单元 301 室'));
  t.is(hotline, '0571-96345');
  t.true(message.includes(hotline));
});

test.serial(
  '紧急求助 without a card login: anonymous, at the kiosk station, alerts operators at once, hotline in the answer',
  async (t) => {
    const op = await stack.login('demo-operator-1');
    const villageOp = await stack.login('demo-operator-2');
    const a = listenRealtime(stack.apiUrl, op.token);
    const c = listenRealtime(stack.apiUrl, villageOp.token);
    await Promise.all([a.ready, c.ready]);

    const sent = Date.now();
    const idem = key();
    const res = await anonymous({}, idem);
    t.is(res.status, 201, res.text);
    const { call, hotline, message } = res.body as { call: Call; hotline: string; message: string };
    t.like(call, {
      requester_id: null,
      kiosk_id: seed.kiosk.id,
      community_id: seed.communities.wenxin,
      service_code: 'emergency',
      priority: 'emergency',
      channel: 'kiosk',
      status: 'open',
      address: '益乐社区服务站（益乐新村 12 幢一楼）',
      location: { lat: 30.2861, lng: 120.1222 },
    });
    t.true(call.description.includes('未刷卡'));
    t.is(call.history[0]?.actor_id, null);
    t.is(hotline, '0571-96345');
    t.true(message.includes('马上有人来帮您') && message.includes(hotline));

    const alert = await until('the operator alert', () => a.events.find((e) => e.type === 'call.emergency' && e.call_id === call.id));
    t.like(alert, { community_id: seed.communities.wenxin, kiosk_id: seed.kiosk.id, requester_id: null, address: call.address });
    t.true(Date.now() - sent < 2000, 'within a second or two');
    t.false(
      c.events.some((e) => e.type === 'call.emergency'),
      'not the operators of another community',
    );

    // In the operators' queue, as any call.
    t.truthy((await queue()).find((x) => x.id === call.id));

    // The same press replayed (same key) is the same call; a new press while it is open asks first.
    const replay = await anonymous({}, idem);
    t.is(replay.status, 201);
    t.is((replay.body?.call as Call).id, call.id);
    const again = await anonymous();
    t.is(again.status, 409);
    t.like(again.body, { code: 'possible_duplicate', detail: call.id });
    const anyway = await anonymous({ confirm_new: true });
    t.is(anyway.status, 201, anyway.text);
    t.not((anyway.body?.call as Call).id, call.id);
    await until('the second alert', () =>
      a.events.find((e) => e.type === 'call.emergency' && e.call_id === (anyway.body?.call as Call).id),
    );

    // The operators can handle it like any other call (acknowledge, cancel); nobody else can.
    const acked = await op.client.call(routes.acknowledgeCall, { params: { call_id: call.id }, body: { note: '已派人前往服务站' } });
    t.is(acked.status, 'acknowledged');
    const stranger = await stack.login(`anon-${randomUUID().slice(0, 8)}`);
    const peek = await raw(`${stack.apiUrl}/api/v1/calls/${call.id}`, { headers: { authorization: `Bearer ${stranger.token}` } });
    t.is(peek.status, 404);
    for (const x of [a, c]) x.ws.close();
  },
);

test.serial('anonymous 紧急求助 is refused without valid terminal credentials or with bad input, and nothing is written', async (t) => {
  const before = (await queue()).length;
  const noAuth = await anonymous({}, key(), '');
  t.is(noAuth.status, 401);
  t.like(noAuth.body, { code: 'terminal_auth_required' });
  const wrong = await anonymous({}, key(), `Terminal ${seed.kiosk.id}:${'x'.repeat(43)}`);
  t.is(wrong.status, 401);
  t.like(wrong.body, { code: 'terminal_auth_invalid' });
  const user = await stack.login('demo-resident-1');
  const bearer = await anonymous({}, key(), `Bearer ${user.token}`);
  t.is(bearer.status, 401);
  for (const body of [{ confirm_new: 'yes' }, { service_code: 'other' }, { address: '别处' }]) {
    const res = await anonymous(body);
    t.is(res.status, 400, JSON.stringify(body));
    t.like(res.body, { code: 'validation_failed' });
  }
  const noKey = await raw(`${stack.apiUrl}/api/v1/kiosk/emergency`, {
    method: 'POST',
    headers: { authorization: terminalAuth(), 'content-type': 'application/json' },
    body: '{}',
  });
  t.is(noKey.status, 400);
  t.like(noKey.body, { code: 'idempotency_key_required' });
  t.is((await queue()).length, before);
});

test.serial('anonymous 紧急求助 is rate limited per terminal (429 with Retry-After), the hotline in the message', async (t) => {
  // The limit is per person, and per terminal for anonymous presses (CALLS_PER_USER_LIMIT, 5 by default); two
  // were sent above.
  let last = await anonymous({ confirm_new: true });
  let sent = 0;
  while (last.status === 201 && sent < 20) {
    sent++;
    last = await anonymous({ confirm_new: true });
  }
  t.is(last.status, 429, last.text);
  t.like(last.body, { code: 'too_many_calls' });
  t.true(Number(last.headers.get('retry-after')) > 0);
  t.true(String(last.body?.title).includes('热线'));
  // A signed-in person at the same terminal is counted on their own.
  const press = await cardPress(DEMO_WALLETS[1]);
  const own = await press({ service_code: 'other' });
  t.is(own.status, 201, own.text);
});
