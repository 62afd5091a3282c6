/**
 * The citizen-card wallet over HTTP against the real database, Redis and the card-centre and WeChat Pay simulators:
 * binding, PINs and lockout, loss and reissue, kiosk card sessions, top-ups (notify verification, replays, amount
 * mismatch, cash), paying limits and refunds.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DEMO_WALLETS } from '@cc/api';
import { ApiError, routes } from '@cc/shared';
import { raw } from '../support/stack';
import { balanceOf, kiosk, newCardNumber, problemOf, resident, seed, stack, useWalletStack } from '../support/wallet-stack';

useWalletStack();
// ---------- cards ----------

test('binding checks the holder with the card centre; a frozen, taken or second card is refused', async (t) => {
  const card_number = newCardNumber();
  stack.cardGateway.addCard({ card_number, holder_name: '赵阿婆', status: 'active', card_type: 'senior' });
  const { client } = await stack.login(`bind-${randomUUID().slice(0, 8)}`);
  t.deepEqual(await problemOf(client.call(routes.bindCard, { body: { card_number, holder_name: '赵阿公' } })), {
    status: 400,
    code: 'holder_name_mismatch',
    title: '持卡人姓名与卡片不符',
  });
  const frozen = await problemOf(client.call(routes.bindCard, { body: { card_number: '8860330102051829376', holder_name: '张桂兰' } }));
  t.is(frozen.code, 'card_not_active');
  const card = await client.call(routes.bindCard, { body: { card_number, holder_name: '赵阿婆' } });
  t.like(card, { last4: card_number.slice(-4), holder_name_masked: '赵*婆', card_type: 'senior', status: 'active', pin_set: false });
  t.is(
    (await problemOf(client.call(routes.bindCard, { body: { card_number: newCardNumber(), holder_name: '赵阿婆' } }))).code,
    'card_already_bound',
  );
  const other = await stack.login(`bind-${randomUUID().slice(0, 8)}`);
  t.is((await problemOf(other.client.call(routes.bindCard, { body: { card_number, holder_name: '赵阿婆' } }))).code, 'card_taken');
  const stored = await stack.api.conn.collection('wallet_cards').findOne({ last4: card_number.slice(-4), holder_name: '赵阿婆' });
  t.false(JSON.stringify(stored).includes(card_number), 'the number is stored only as a keyed hash');
});

test('PIN: too simple refused; changing needs the current PIN; five wrong PINs lock the card for 30 minutes, then it unlocks', async (t) => {
  const r = await resident({ balance_fen: 10_000 });
  t.is((await problemOf(r.client.call(routes.setPin, { body: { pin: '123456', current_pin: r.pin } }))).code, 'pin_too_simple');
  t.is((await problemOf(r.client.call(routes.setPin, { body: { pin: '864200' } }))).code, 'current_pin_required');
  const attempts = [];
  for (let i = 0; i < 4; i++)
    attempts.push(await problemOf(kiosk().call(routes.kioskCardLogin, { body: { card_number: r.card_number, pin: '000001' } })));
  t.deepEqual(
    attempts.map((a) => a.title),
    ['密码错误，还可以再试 4 次', '密码错误，还可以再试 3 次', '密码错误，还可以再试 2 次', '密码错误，还可以再试 1 次'],
  );
  t.like(await problemOf(kiosk().call(routes.kioskCardLogin, { body: { card_number: r.card_number, pin: '000001' } })), {
    status: 423,
    code: 'card_locked',
  });
  // Locked: even the right PIN is refused, everywhere.
  t.like(await problemOf(kiosk().call(routes.kioskCardLogin, { body: { card_number: r.card_number, pin: r.pin } })), {
    status: 423,
    code: 'card_locked',
  });
  t.not((await r.client.call(routes.getWallet, {})).card?.locked_until, null);
  // Thirty minutes later (moved in the database rather than waited for):
  await stack.api.conn
    .collection('wallet_cards')
    .updateOne({ last4: r.card_number.slice(-4), user_id: r.user_id }, { $set: { locked_until: new Date(Date.now() - 1000) } });
  const session = await kiosk().call(routes.kioskCardLogin, { body: { card_number: r.card_number, pin: r.pin } });
  t.truthy(session.token);
  t.is((await r.client.call(routes.getWallet, {})).card?.locked_until, null);
});

test('10 wrong PINs at once still lock the card exactly once and never let a guess through', async (t) => {
  const r = await resident();
  const results = await Promise.all(
    Array.from({ length: 10 }, () =>
      problemOf(kiosk().call(routes.kioskCardLogin, { body: { card_number: r.card_number, pin: '999990' } })),
    ),
  );
  t.true(results.every((p) => p.code === 'pin_incorrect' || p.code === 'card_locked'));
  t.true(results.some((p) => p.code === 'card_locked'));
  t.is((await problemOf(kiosk().call(routes.kioskCardLogin, { body: { card_number: r.card_number, pin: r.pin } }))).code, 'card_locked');
});

test('a burst of 50 wrong PINs: at most five are judged, the card locks, and then even the right PIN is refused', async (t) => {
  const r = await resident();
  const guesses = Array.from({ length: 50 }, (_, i) => String(100000 + i * 7919).slice(0, 6));
  const results = await Promise.allSettled(
    guesses.map((pin) => kiosk().call(routes.kioskCardLogin, { body: { card_number: r.card_number, pin } })),
  );
  const codes = results.map((x) => (x.status === 'fulfilled' ? 'ok' : (x.reason as ApiError).code));
  t.false(codes.includes('ok'));
  t.true(codes.filter((c) => c === 'pin_incorrect').length <= 4, codes.join(','));
  t.true(codes.every((c) => c === 'pin_incorrect' || c === 'card_locked'));
  t.is((await problemOf(kiosk().call(routes.kioskCardLogin, { body: { card_number: r.card_number, pin: r.pin } }))).code, 'card_locked');
});

test('a lost card is frozen at once; reissue moves the whole balance to the new card by a ledger transfer', async (t) => {
  const r = await resident({ holder: '钱阿姨', balance_fen: 12_345 });
  const frozen = await r.client.call(routes.reportCardLost, {});
  t.is(frozen.status, 'frozen');
  t.like(await problemOf(kiosk().call(routes.kioskCardLogin, { body: { card_number: r.card_number, pin: r.pin } })), {
    status: 403,
    code: 'card_frozen',
  });
  const wrongHolder = newCardNumber();
  stack.cardGateway.addCard({ card_number: wrongHolder, holder_name: '别人', status: 'active', card_type: 'standard' });
  t.is((await problemOf(r.client.call(routes.reissueCard, { body: { new_card_number: wrongHolder } }))).code, 'holder_name_mismatch');
  const fresh = newCardNumber();
  stack.cardGateway.addCard({ card_number: fresh, holder_name: '钱阿姨', status: 'active', card_type: 'standard' });
  const card = await r.client.call(routes.reissueCard, { body: { new_card_number: fresh } });
  t.like(card, { status: 'active', last4: fresh.slice(-4), pin_set: false });
  t.is(await balanceOf(r.client), 12_345);
  const statement = await r.client.call(routes.walletStatement, {});
  t.like(statement.items[0], { kind: 'reissue', direction: 'in', amount_fen: 12_345 });
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});

// ---------- kiosk sessions ----------

test('kiosk card session: balance and the last five payments; bound to its terminal; ended by logout', async (t) => {
  const wang = DEMO_WALLETS[0];
  const session = await kiosk().call(routes.kioskCardLogin, { body: { card_number: wang.card_number, pin: wang.pin } });
  t.is(session.holder_name_masked, '王*英');
  // Her own session greets her by her own name (issue 12 item 13).
  t.is(session.holder_name, '王秀英');
  const withSession = (terminalClient: { id: string; secret: string }, token: string) =>
    raw(`${stack.apiUrl}/api/v1/kiosk/wallet`, {
      headers: { authorization: `Terminal ${terminalClient.id}:${terminalClient.secret}`, 'x-kiosk-session': token },
    });
  const res = await withSession(seed.kiosk, session.token);
  t.is(res.status, 200);
  const wallet = res.body as { holder_name: string; balance_fen: number; last_payments: { amount_fen: number; memo: string }[] };
  t.is(wallet.holder_name, '王秀英');
  t.is(wallet.last_payments.length, 4);
  t.is(wallet.last_payments[0]?.memo, '益乐便民超市 · 嫩豆腐');
  t.is(wallet.balance_fen, 30_000 - 650 - 1580 - 4200 - 350);
  // The same token from another registered terminal is worthless.
  const operator = (await stack.login('demo-operator-1')).client;
  const other = await operator.call(routes.registerKiosk, {
    params: { community_id: seed.communities.wenxin },
    body: { name: '另一台终端', station_id: null },
  });
  t.is((await withSession({ id: other.kiosk.id, secret: other.terminal_secret }, session.token)).status, 401);
  const end = await raw(`${stack.apiUrl}/api/v1/kiosk/sessions/end`, {
    method: 'POST',
    headers: { authorization: `Terminal ${seed.kiosk.id}:${seed.kiosk.secret}`, 'x-kiosk-session': session.token },
  });
  t.is(end.status, 204);
  t.is((await withSession(seed.kiosk, session.token)).status, 401);
});

// ---------- top-ups ----------
