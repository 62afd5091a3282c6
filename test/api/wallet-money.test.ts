/**
 * The citizen-card wallet's money over HTTP against the real database, Redis and the WeChat Pay simulator: top-ups
 * (notify verification, replays, amount mismatch, cash), paying limits, refunds of payments and of top-ups, and
 * refunds reaching a reissued card.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { routes, type ApiClient } from '@cc/shared';
import { asPatientClient } from '../support/outcome';
import { raw } from '../support/stack';
import { balanceOf, newCardNumber, problemOf, resident, seed, stack, useWalletStack } from '../support/wallet-stack';

useWalletStack();

async function payTopup(r: { client: ApiClient }, amount_fen: number, idempotencyKey = randomUUID()) {
  const created = await r.client.call(routes.createTopup, { body: { amount_fen }, idempotencyKey });
  return created;
}

async function waitForPaid(client: ApiClient, topup_id: string) {
  await stack.pay.drain();
  return client.call(routes.getTopup, { params: { topup_id } });
}

test('WeChat Pay top-up: the signed, encrypted notify credits the wallet once, however often it is delivered', async (t) => {
  const r = await resident();
  const { topup, pay_params } = await payTopup(r, 5000);
  t.is(topup.status, 'pending');
  t.regex(pay_params.package, /^prepay_id=/);
  await stack.pay.pay(topup.id);
  t.is((await waitForPaid(r.client, topup.id)).status, 'paid');
  t.is(await balanceOf(r.client), 5000);
  for (let i = 0; i < 10; i++) stack.pay.redeliver(topup.id);
  await stack.pay.drain();
  t.is(await balanceOf(r.client), 5000);
  const deliveries = stack.pay.notifyLog().filter((e) => e.out_trade_no === topup.id);
  t.is(deliveries.length, 11);
  t.true(deliveries.every((e) => e.delivered));
  t.is(await stack.api.conn.collection('ledger_transfers').countDocuments({ reference_id: topup.id }), 1);
});

test('creating a top-up 10 times with one Idempotency-Key gives one order; another amount under that key is a 409', async (t) => {
  const r = await resident();
  const key = randomUUID();
  const results = await Promise.all(Array.from({ length: 10 }, () => asPatientClient(() => payTopup(r, 2000, key))));
  t.is(new Set(results.map((x) => x.topup.id)).size, 1);
  t.is(new Set(results.map((x) => x.pay_params.package)).size, 1);
  t.is((await problemOf(payTopup(r, 3000, key))).code, 'idempotency_conflict');
});

test('forged, tampered or stale notifies are refused and credit nothing', async (t) => {
  const r = await resident();
  const { topup } = await payTopup(r, 8800);
  const body = JSON.stringify({
    id: 'EV-forged',
    create_time: new Date().toISOString(),
    event_type: 'TRANSACTION.SUCCESS',
    resource_type: 'encrypt-resource',
    resource: {
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: Buffer.from('not really encrypted').toString('base64'),
      nonce: 'abcdefghijkl',
      associated_data: 'transaction',
    },
    summary: '支付成功',
  });
  const notify = (headers: Record<string, string>, payload = body) =>
    raw(`${stack.apiUrl}/api/v1/payments/wechat/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: payload,
    });
  const forged = await notify({
    'wechatpay-timestamp': String(Math.floor(Date.now() / 1000)),
    'wechatpay-nonce': 'n1',
    'wechatpay-signature': Buffer.from('x'.repeat(256)).toString('base64'),
    'wechatpay-serial': 'ABC',
  });
  t.true(forged.status === 400 || forged.status === 401, String(forged.status));
  const stale = await notify(stack.pay.signAsPlatform(body, { timestamp_s: Math.floor(Date.now() / 1000) - 3600 }));
  t.true(stale.status === 400 || stale.status === 401, String(stale.status));
  const signedButGarbage = await notify(stack.pay.signAsPlatform(body));
  t.is(signedButGarbage.status, 400);
  t.is(await balanceOf(r.client), 0);
  t.is((await r.client.call(routes.getTopup, { params: { topup_id: topup.id } })).status, 'pending');
});

test('a notify whose amount differs from the order is refused (and retried by the platform) without crediting', async (t) => {
  const r = await resident();
  const { topup } = await payTopup(r, 1000);
  await stack.pay.pay(topup.id, { amount_fen_override: 100_000 });
  await stack.pay.drain();
  t.is(await balanceOf(r.client), 0);
  const log = stack.pay.notifyLog().filter((e) => e.out_trade_no === topup.id);
  t.true(log.length > 0 && log.every((e) => !e.delivered));
  t.true(log[0]!.attempts > 1, 'the platform retried');
});

test('cash at the station counter: the operator of that community only; replayed 10 times it credits once', async (t) => {
  const r = await resident();
  const operator = (await stack.login('demo-operator-1')).client;
  const key = randomUUID();
  const body = { card_number: r.card_number, amount_fen: 20_000 };
  const results = await Promise.all(
    Array.from({ length: 10 }, () =>
      asPatientClient(() =>
        operator.call(routes.cashTopup, { params: { community_id: seed.communities.wenxin }, body, idempotencyKey: key }),
      ),
    ),
  );
  t.is(new Set(results.map((x) => x.id)).size, 1);
  t.is(await balanceOf(r.client), 20_000);
  const villageOperator = (await stack.login('demo-operator-2')).client;
  t.is(
    (
      await problemOf(
        villageOperator.call(routes.cashTopup, { params: { community_id: seed.communities.wenxin }, body, idempotencyKey: randomUUID() }),
      )
    ).code,
    'forbidden_scope',
  );
  t.is(
    (
      await problemOf(
        operator.call(routes.cashTopup, {
          params: { community_id: seed.communities.wenxin },
          body: { ...body, amount_fen: 1 },
          idempotencyKey: key,
        }),
      )
    ).code,
    'idempotency_conflict',
  );
  t.is(await balanceOf(r.client), 20_000);
});

// ---------- paying and refunds (the service other modules call) ----------

test('paying: above the PIN-free limit the PIN is required and checked; the daily cap holds under a rush', async (t) => {
  const r = await resident({ balance_fen: 100_000 });
  const merchant = await stack.api.wallet.ledger.ensureAccount('merchant', 'pay-test-merchant', '测试商户');
  const pay = (amount_fen: number, pin?: string) =>
    stack.api.wallet.paying.pay({
      user_id: r.user_id,
      amount_fen,
      pin,
      idempotency_key: randomUUID(),
      payee_account_id: merchant._id,
      memo: '测试',
      reference_id: 'ord-test',
    });
  await t.throwsAsync(pay(6000), { message: /pin_required/ });
  await t.throwsAsync(pay(6000, '111110'), { message: /pin_incorrect/ });
  t.is((await pay(6000, r.pin)).status, 'posted');
  // 44,000 fen left under the 50,000 cap: 30 concurrent payments of 2,000 → exactly 22 pass.
  const rush = await Promise.allSettled(Array.from({ length: 30 }, () => pay(2000)));
  t.is(rush.filter((x) => x.status === 'fulfilled').length, 22);
  t.true(
    rush
      .filter((x): x is PromiseRejectedResult => x.status === 'rejected')
      .every((x) => (x.reason as { code?: string }).code === 'daily_cap_exceeded'),
  );
  t.is((await r.client.call(routes.getWallet, {})).limits.spent_today_fen, 50_000);
  t.is(await balanceOf(r.client), 50_000);
});

test('refunds: partial and full, never more than was paid even when raced, idempotent per key', async (t) => {
  const r = await resident({ balance_fen: 10_000 });
  const merchant = await stack.api.wallet.ledger.ensureAccount('merchant', 'refund-test-merchant', '测试商户');
  const payment = await stack.api.wallet.paying.pay({
    user_id: r.user_id,
    amount_fen: 3000,
    idempotency_key: randomUUID(),
    payee_account_id: merchant._id,
    memo: '买菜',
    reference_id: 'ord-r1',
  });
  const refund = (amount_fen: number, key = randomUUID()) =>
    stack.api.wallet.paying.refund({ idempotency_key: key, original_transfer_id: payment._id, amount_fen, memo: '退款' });
  const key = randomUUID();
  const replays = await Promise.all(Array.from({ length: 5 }, () => refund(500, key)));
  t.is(new Set(replays.map((x) => x._id)).size, 1);
  const raced = await Promise.allSettled(Array.from({ length: 10 }, () => refund(1000)));
  t.is(raced.filter((x) => x.status === 'fulfilled').length, 2, '2,500 fen were left: two refunds of 1,000 fit');
  await t.throwsAsync(refund(600), { message: /refund_exceeds_payment/ });
  t.is((await refund(500)).status, 'posted');
  await t.throwsAsync(refund(1), { message: /refund_exceeds_payment/ });
  t.is(await balanceOf(r.client), 10_000);
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});

test('a resident sees only their own top-ups', async (t) => {
  const a = await resident();
  const b = await resident();
  const { topup } = await payTopup(a, 1000);
  t.is((await problemOf(b.client.call(routes.getTopup, { params: { topup_id: topup.id } }))).code, 'topup_not_found');
});

// ---------- sending top-ups back to WeChat Pay ----------

test('refunding a top-up: held at once, succeeded only on the platform notify, never more than was topped up', async (t) => {
  const r = await resident();
  const { topup } = await payTopup(r, 5000);
  await stack.pay.pay(topup.id);
  await waitForPaid(r.client, topup.id);
  // The platform settles a refund after a second; under CI load five racing calls can take longer than that, so the
  // refund is held at the platform while "processing" is asserted, then released.
  stack.pay.holdRefundsOf(topup.id);
  const key = randomUUID();
  const first = await Promise.all(
    Array.from({ length: 5 }, () =>
      asPatientClient(() =>
        r.client.call(routes.refundTopup, { params: { topup_id: topup.id }, body: { amount_fen: 2000 }, idempotencyKey: key }),
      ),
    ),
  );
  t.is(new Set(first.map((x) => x.id)).size, 1);
  t.is(first[0]!.status, 'processing');
  t.is(await balanceOf(r.client), 3000, 'the amount leaves the wallet at once, so it cannot be spent meanwhile');
  t.is((await r.client.call(routes.getTopupRefund, { params: { refund_id: first[0]!.id } })).status, 'processing');
  stack.pay.releaseRefundsOf(topup.id);
  await stack.pay.drain();
  t.is((await r.client.call(routes.getTopupRefund, { params: { refund_id: first[0]!.id } })).status, 'succeeded');
  t.is(
    (
      await problemOf(
        r.client.call(routes.refundTopup, { params: { topup_id: topup.id }, body: { amount_fen: 3001 }, idempotencyKey: randomUUID() }),
      )
    ).code,
    'refund_exceeds_payment',
  );
  t.is(
    (await problemOf(r.client.call(routes.refundTopup, { params: { topup_id: topup.id }, body: { amount_fen: 100 }, idempotencyKey: key })))
      .code,
    'idempotency_conflict',
  );
  const rest = await r.client.call(routes.refundTopup, {
    params: { topup_id: topup.id },
    body: { amount_fen: 3000 },
    idempotencyKey: randomUUID(),
  });
  await stack.pay.drain();
  t.is((await r.client.call(routes.getTopupRefund, { params: { refund_id: rest.id } })).status, 'succeeded');
  t.is(await balanceOf(r.client), 0);
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});

test('money already spent cannot be refunded: the saga stops before the platform, and the amount stays refundable', async (t) => {
  const r = await resident();
  const { topup } = await payTopup(r, 1000);
  await stack.pay.pay(topup.id);
  await waitForPaid(r.client, topup.id);
  const merchant = await stack.api.wallet.ledger.ensureAccount('merchant', 'refund-spent-merchant', '测试商户');
  await stack.api.wallet.paying.pay({
    user_id: r.user_id,
    amount_fen: 800,
    idempotency_key: randomUUID(),
    payee_account_id: merchant._id,
    memo: '买菜',
    reference_id: 'ord-spent',
  });
  t.is(
    (
      await problemOf(
        r.client.call(routes.refundTopup, { params: { topup_id: topup.id }, body: { amount_fen: 1000 }, idempotencyKey: randomUUID() }),
      )
    ).code,
    'insufficient_funds',
  );
  const small = await r.client.call(routes.refundTopup, {
    params: { topup_id: topup.id },
    body: { amount_fen: 200 },
    idempotencyKey: randomUUID(),
  });
  await stack.pay.drain();
  t.is((await r.client.call(routes.getTopupRefund, { params: { refund_id: small.id } })).status, 'succeeded');
  t.is(await balanceOf(r.client), 0);
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});

test('two binds at once end with one card; after a reissue, refunds of old payments reach the new card', async (t) => {
  const person = await stack.login(`race-bind-${randomUUID().slice(0, 8)}`);
  const [a, b] = [newCardNumber(), newCardNumber()];
  for (const n of [a, b]) stack.cardGateway.addCard({ card_number: n, holder_name: '孙大爷', status: 'active', card_type: 'senior' });
  const binds = await Promise.allSettled(
    [a, b].map((card_number) => person.client.call(routes.bindCard, { body: { card_number, holder_name: '孙大爷' } })),
  );
  t.is(binds.filter((x) => x.status === 'fulfilled').length, 1);
  t.is(await stack.api.conn.collection('wallet_cards').countDocuments({ user_id: person.user_id }), 1);

  const r = await resident({ holder: '周奶奶', balance_fen: 5000 });
  const merchant = await stack.api.wallet.ledger.ensureAccount('merchant', 'reissue-refund-merchant', '测试商户');
  const payment = await stack.api.wallet.paying.pay({
    user_id: r.user_id,
    amount_fen: 1000,
    idempotency_key: randomUUID(),
    payee_account_id: merchant._id,
    memo: '买菜',
    reference_id: 'ord-re',
  });
  await r.client.call(routes.reportCardLost, {});
  const fresh = newCardNumber();
  stack.cardGateway.addCard({ card_number: fresh, holder_name: '周奶奶', status: 'active', card_type: 'senior' });
  await r.client.call(routes.reissueCard, { body: { new_card_number: fresh } });
  t.is(await balanceOf(r.client), 4000);
  await stack.api.wallet.paying.refund({
    idempotency_key: randomUUID(),
    original_transfer_id: payment._id,
    amount_fen: 1000,
    memo: '退款',
  });
  t.is(await balanceOf(r.client), 5000, 'the refund of a payment made with the lost card lands on the new card');
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});
