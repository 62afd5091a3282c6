/**
 * Convenience calls at the kiosk (issue 6): the one-press call, and the emergency alert fanned out through Redis
 * pub/sub to operators connected to two API instances.
 */

import test from 'ava';
import { DEMO_WALLETS } from '@cc/api';
import { routes, type Call } from '@cc/shared';
import WebSocket from 'ws';
import { listenRealtime } from '../support/realtime';
import { raw, startStack } from '../support/stack';
import { stack, seed, key, until, setupCallsStack } from '../support/calls';

setupCallsStack();

// ---------- kiosk and emergency ----------

async function kioskSession() {
  const wallet = DEMO_WALLETS[0]!;
  const session = await stack
    .terminal(seed.kiosk.id, seed.kiosk.secret)
    .call(routes.kioskCardLogin, { body: { card_number: wallet.card_number, pin: wallet.pin } });
  return (body: Record<string, unknown>, idem = key()) =>
    raw(`${stack.apiUrl}/api/v1/kiosk/calls`, {
      method: 'POST',
      headers: {
        authorization: `Terminal ${seed.kiosk.id}:${seed.kiosk.secret}`,
        'x-kiosk-session': session.token,
        'content-type': 'application/json',
        'idempotency-key': idem,
      },
      body: JSON.stringify(body),
    });
}

test('the realtime channel refuses a missing or invalid session token', async (t) => {
  const bad = listenRealtime(stack.apiUrl, 'A'.repeat(43));
  await t.throwsAsync(bad.ready, { message: /401/ });
  const none = new WebSocket(`${stack.apiUrl.replace(/^http/, 'ws')}/api/v1/realtime`);
  await t.throwsAsync(
    new Promise((_, reject) => {
      none.on('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
      none.on('error', reject);
    }),
    { message: /401/ },
  );
});

test('kiosk one press: the category and the registered address; emergency answers with the hotline and alerts operators on both API instances', async (t) => {
  // A second API instance on the same database and Redis prefix.
  const second = await startStack({ REDIS_KEY_PREFIX: stack.api.redis.options.keyPrefix! }, { dbName: stack.dbName });
  try {
    const op1 = await stack.login('demo-operator-1');
    const admin2 = await second.login('demo-admin-1');
    const villageOp = await second.login('demo-operator-2');
    const a = listenRealtime(stack.apiUrl, op1.token);
    const b = listenRealtime(second.apiUrl, admin2.token);
    const c = listenRealtime(second.apiUrl, villageOp.token);
    await Promise.all([a.ready, b.ready, c.ready]);

    const press = await kioskSession();
    const normal = await press({ service_code: 'other' });
    t.is(normal.status, 201, normal.text);
    const normalCall = normal.body?.call as Call;
    t.like(normalCall, { channel: 'kiosk', priority: 'normal', status: 'open' });
    t.true(normalCall.address.length > 0, 'the registered address');

    const sent = Date.now();
    const res = await press({ service_code: 'emergency' });
    t.is(res.status, 201, res.text);
    const sos = res.body as { call: Call; hotline: string; message: string };
    t.like(sos.call, { priority: 'emergency', channel: 'kiosk', service_name: '紧急求助' });
    t.regex(sos.hotline, /^[0-9-]+$/);
    t.true(sos.message.includes(sos.hotline));
    for (const [name, conn] of [
      ['operator on instance 1', a],
      ['admin on instance 2', b],
    ] as const) {
      const alert = await until(
        `alert for ${name}`,
        async () => conn.events.find((e) => e.type === 'call.emergency' && e.call_id === sos.call.id),
        5000,
      );
      t.like(alert, { community_id: seed.communities.wenxin });
    }
    t.true(Date.now() - sent < 2000, 'within a second or two');
    // The village operator of another community gets nothing.
    await until(
      'the status update to reach instance 1',
      async () => a.events.some((e) => e.type === 'call.updated' || e.type === 'call.escalated'),
      5000,
    ).catch(() => true);
    t.false(c.events.some((e) => e.type === 'call.emergency'));

    // The same press replayed (same key) returns the same call.
    const again = await press({ service_code: 'other', confirm_new: true }, 'same-kiosk-key-1');
    const replay = await press({ service_code: 'other', confirm_new: true }, 'same-kiosk-key-1');
    t.is((again.body?.call as Call).id, (replay.body?.call as Call).id);
    for (const x of [a, b, c]) x.ws.close();
  } finally {
    await second.close();
    await second.cardGateway.close();
    await second.pay.close();
  }
});
