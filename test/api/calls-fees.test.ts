/**
 * Convenience calls, the money side (issue 6): the optional fee of a resolved call paid from the resident's wallet to
 * the provider exactly once (10 concurrent pays; PIN above the PIN-free limit; a refused attempt retried after topping
 * up), and the platform's delayed-job facility the SLA deadlines run on.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DEMO_WALLETS } from '@cc/api';
import { createJobRunner } from '@cc/api/platform/jobs';
import { createLogger } from '@cc/api/platform/logger';
import { routes, type ApiClient, type Call } from '@cc/shared';
import {
  stack,
  seed,
  operator,
  otherOperator,
  provider,
  problemOf,
  key,
  send,
  residentOf,
  setupCallsOperationsStack,
} from '../support/calls-operations';

setupCallsOperationsStack();

// ---------- fees ----------

/** A call of `openid` (a demo resident with a wallet) resolved by the provider with a fee. */
async function resolvedWithFee(openid: string, fee_fen: number): Promise<{ call: Call; owner: ApiClient }> {
  const owner = (await stack.login(openid)).client;
  const call = await owner.call(routes.createCall, {
    body: { service_code: 'other', description: `收费服务 ${randomUUID().slice(0, 6)}`, confirm_new: true },
    idempotencyKey: key(),
  });
  const p = { params: { call_id: call.id } };
  await operator.call(routes.acknowledgeCall, p);
  await operator.call(routes.assignCall, { ...p, body: { provider_id: provider.user_id } });
  await provider.client.call(routes.acceptCall, p);
  const resolved = await provider.client.call(routes.resolveCall, { ...p, body: { note: '已完成', fee_fen } });
  return { call: resolved, owner };
}

const balanceOf = async (client: ApiClient) => (await client.call(routes.getWallet, { query: {} })).balance_fen;
const providerBalance = async () => (await stack.api.wallet.ledger.ensureAccount('provider', provider.user_id, '便民服务收入')).balance_fen;
const feeTransfers = (call_id: string) =>
  stack.api.conn
    .collection('ledger_transfers')
    .find({ idempotency_key: { $regex: `^callfee:${call_id}:` } })
    .toArray();

test.serial('10 concurrent pays of a fee: paid exactly once, from the wallet to the provider', async (t) => {
  const wallet = DEMO_WALLETS[0]!;
  const { call, owner } = await resolvedWithFee(wallet.openid, 3000);
  t.like(call.fee, { amount_fen: 3000, status: 'due', set_by: provider.user_id, paid_at: null, transfer_id: null });
  t.regex(call.history.at(-1)?.note ?? '', /¥30\.00/);
  const [walletBefore, providerBefore] = [await balanceOf(owner), await providerBalance()];

  const results = await Promise.allSettled(
    Array.from({ length: 10 }, () => owner.call(routes.payCallFee, { params: { call_id: call.id }, body: {}, idempotencyKey: key() })),
  );
  for (const r of results) {
    t.is(r.status, 'fulfilled', r.status === 'rejected' ? String(r.reason) : '');
    if (r.status === 'fulfilled') t.like(r.value.fee, { status: 'paid', amount_fen: 3000 });
  }
  const transfers = await feeTransfers(call.id);
  t.is(transfers.length, 1);
  t.like(transfers[0], { status: 'posted', amount_fen: 3000, kind: 'call_fee', reference_id: call.id });
  t.is(await balanceOf(owner), walletBefore - 3000);
  t.is(await providerBalance(), providerBefore + 3000);
  const after = await owner.call(routes.getCall, { params: { call_id: call.id } });
  t.like(after.fee, { status: 'paid', transfer_id: transfers[0]!._id as unknown as string });
  t.is(after.history.filter((h) => h.action === 'fee_paid').length, 1);
  // Paying again is a no-op that answers with the paid call.
  t.like((await owner.call(routes.payCallFee, { params: { call_id: call.id }, body: {}, idempotencyKey: key() })).fee, { status: 'paid' });
  t.is(await balanceOf(owner), walletBefore - 3000);
  t.like(await problemOf(operator.call(routes.setCallFee, { params: { call_id: call.id }, body: { fee_fen: 100 } })), {
    status: 409,
    code: 'fee_already_paid',
  });
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});

test.serial(
  'above the PIN-free limit the PIN is needed; a refusal moves nothing and the fee can be paid later, also after topping up',
  async (t) => {
    const wallet = DEMO_WALLETS[1]!; // ¥100
    const { call, owner } = await resolvedWithFee(wallet.openid, 8000);
    const p = { params: { call_id: call.id } };
    const start = await balanceOf(owner);
    t.like(await problemOf(owner.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), {
      status: 403,
      code: 'pin_required',
    });
    t.like(await problemOf(owner.call(routes.payCallFee, { ...p, body: { pin: '000000' }, idempotencyKey: key() })), {
      status: 401,
      code: 'pin_incorrect',
    });
    t.like((await owner.call(routes.getCall, p)).fee, { status: 'due' });
    t.is(await balanceOf(owner), start);
    t.is((await feeTransfers(call.id)).length, 0);
    t.like((await owner.call(routes.payCallFee, { ...p, body: { pin: wallet.pin }, idempotencyKey: key() })).fee, {
      status: 'paid',
      amount_fen: 8000,
    });
    t.is(await balanceOf(owner), start - 8000);

    // Not enough money: the attempt is voided, nothing moves; after a cash top-up the next attempt pays.
    const second = await resolvedWithFee(wallet.openid, start - 8000 + 1000);
    const q = { params: { call_id: second.call.id } };
    t.like(await problemOf(owner.call(routes.payCallFee, { ...q, body: { pin: wallet.pin }, idempotencyKey: key() })), {
      status: 409,
      code: 'insufficient_funds',
    });
    t.like((await owner.call(routes.getCall, q)).fee, { status: 'due' });
    await operator.call(routes.cashTopup, {
      params: { community_id: seed.communities.wenxin },
      body: { card_number: wallet.card_number, amount_fen: 5000 },
      idempotencyKey: key(),
    });
    t.like((await owner.call(routes.payCallFee, { ...q, body: { pin: wallet.pin }, idempotencyKey: key() })).fee, { status: 'paid' });
    const tries = await feeTransfers(second.call.id);
    t.deepEqual(tries.map((x) => x.status).sort(), ['posted', 'voided'], 'a voided attempt, then a new key that paid');
  },
);

test('who sets and pays fees: provider at resolve (bounded), provider or operator while unpaid, only the resident pays', async (t) => {
  const resident = await residentOf(seed.communities.wenxin);
  const call = await resident.client.call(routes.createCall, { body: { service_code: 'other' }, idempotencyKey: key() });
  const p = { params: { call_id: call.id } };
  t.like(await problemOf(resident.client.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), {
    status: 409,
    code: 'no_fee_due',
  });
  await operator.call(routes.acknowledgeCall, p);
  await operator.call(routes.assignCall, { ...p, body: { provider_id: provider.user_id } });
  await provider.client.call(routes.acceptCall, p);
  t.like(await problemOf(operator.call(routes.setCallFee, { ...p, body: { fee_fen: 500 } })), {
    status: 409,
    code: 'fee_only_when_resolved',
  });
  for (const fee_fen of [100_001, -1, 1.5, '10'])
    t.like(await send(provider.token, 'POST', `/api/v1/calls/${call.id}/resolve`, { fee_fen }), { status: 400, code: 'validation_failed' });
  const resolved = await provider.client.call(routes.resolveCall, p);
  t.is(resolved.fee, null, 'no fee unless stated');
  const set = await provider.client.call(routes.setCallFee, { ...p, body: { fee_fen: 1500, note: '更换了配件' } });
  t.like(set.fee, { amount_fen: 1500, status: 'due' });
  const fixed = await operator.call(routes.setCallFee, { ...p, body: { fee_fen: 1200 } });
  t.like(fixed.fee, { amount_fen: 1200, set_by: fixed.history.at(-1)?.actor_id });
  t.like(fixed.history.at(-1), { action: 'fee', actor_role: 'operator' });
  t.regex(fixed.history.at(-1)?.note ?? '', /¥12\.00.*¥15\.00/);
  t.like(await problemOf(otherOperator.call(routes.setCallFee, { ...p, body: { fee_fen: 1 } })), { status: 404 });
  t.like(await problemOf(resident.client.call(routes.setCallFee, { ...p, body: { fee_fen: 1 } })), { status: 403, code: 'forbidden_role' });
  t.like(await problemOf(provider.client.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), {
    status: 403,
    code: 'not_owner',
  });
  const stranger = await residentOf(seed.communities.wenxin);
  t.like(await problemOf(stranger.client.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), { status: 404 });
  // This resident has no citizen card: the wallet says so, and nothing changes.
  t.like(await problemOf(resident.client.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), {
    status: 404,
    code: 'card_not_bound',
  });
  t.like((await resident.client.call(routes.getCall, p)).fee, { status: 'due', amount_fen: 1200 });
  // Waived.
  t.is((await operator.call(routes.setCallFee, { ...p, body: { fee_fen: 0 } })).fee, null);
  t.like(await problemOf(resident.client.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), {
    status: 409,
    code: 'no_fee_due',
  });
});

// ---------- the delayed-job facility ----------

test('runner.delayed: a job runs once at its time with its data; the same id twice is one job; a cancelled job never runs', async (t) => {
  const runner = createJobRunner({
    redisUrl: stack.config.REDIS_URL,
    prefix: `${stack.config.REDIS_KEY_PREFIX}bull`,
    logger: createLogger('silent'),
  });
  try {
    const seen: { n: number; at: number }[] = [];
    const jobs = runner.delayed<{ n: number }>(`test-delayed-${randomUUID().slice(0, 8)}`, async ({ n }) => {
      seen.push({ n, at: Date.now() });
    });
    const at = new Date(Date.now() + 300);
    await jobs.schedule('job-1', { n: 1 }, at);
    await jobs.schedule('job-1', { n: 99 }, at);
    await jobs.schedule('job-2', { n: 2 }, new Date(Date.now() + 400));
    t.true(await jobs.cancel('job-2'));
    t.false(await jobs.cancel('job-unknown'));
    const end = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 600));
    t.deepEqual(
      seen.map((s) => s.n),
      [1],
    );
    t.true(seen[0]!.at >= at.getTime() - 5, 'not before its time');
  } finally {
    await runner.close();
  }
});

test('a runner without workers only produces, and closes quickly', async (t) => {
  const runner = createJobRunner({
    redisUrl: stack.config.REDIS_URL,
    prefix: `${stack.config.REDIS_KEY_PREFIX}bull`,
    logger: createLogger('silent'),
    workers: false,
  });
  let ran = false;
  const jobs = runner.delayed<{ x: number }>(`test-produce-${randomUUID().slice(0, 8)}`, async () => {
    ran = true;
  });
  runner.every('never-here', 10, async () => {
    ran = true;
  });
  await jobs.schedule('a', { x: 1 }, new Date());
  await new Promise((r) => setTimeout(r, 300));
  t.false(ran);
  const started = Date.now();
  await runner.close();
  t.true(Date.now() - started < 5500);
  await t.throwsAsync(jobs.schedule('b', { x: 2 }, new Date()), { message: /closed/ });
  t.throws(() => runner.delayed('never-here', async () => undefined), { message: /registered twice/ });
});
