/**
 * The ledger under concurrency, replays and crashes (DESIGN §4), against the real database and Redis.
 * After every scenario `ledger:check`'s invariants must hold.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import test from 'ava';
import type { TransferRequest } from '@cc/api/wallet/ledger';
import { startStack, withDatabase, type Stack } from '../support/stack';

const repoRoot = path.resolve(import.meta.dirname, '../..');
let stack: Stack;
test.before(async () => {
  stack = await startStack();
});
test.after.always(() => stack?.stop());

const ledger = () => stack.api.wallet.ledger;
const balance = async (id: string) => (await ledger().requireAccount(id)).balance_fen;
let n = 0;
const unique = (label: string) => `${label}-${process.pid}-${++n}`;

async function fundedWallet(balance_fen: number) {
  const cash = await ledger().ensureAccount('cash_in', 'ledger-test', '测试现金');
  const wallet = await ledger().ensureAccount('wallet', unique('w'), '测试钱包');
  if (balance_fen > 0) {
    await ledger().transfer({
      idempotency_key: unique('fund'),
      debit_account_id: cash._id,
      credit_account_id: wallet._id,
      amount_fen: balance_fen,
      kind: 'topup',
    });
  }
  return wallet;
}

async function assertLedgerClean(t: import('ava').ExecutionContext) {
  const report = await stack.api.wallet.check();
  t.deepEqual(report.violations, []);
  t.true(report.ok);
  return report;
}

test.serial('500 concurrent payments from 50 wallets, many overdrawing: none goes negative and the books balance', async (t) => {
  const merchant = await ledger().ensureAccount('merchant', unique('m'), '测试商户');
  const wallets = await Promise.all(Array.from({ length: 50 }, (_, i) => fundedWallet(1000 + i * 37)));
  const start = new Map(await Promise.all(wallets.map(async (w) => [w._id, await balance(w._id)] as const)));
  const attempts = Array.from({ length: 500 }, (_, i) => ({ wallet: wallets[i % 50]!, amount_fen: 100 + ((i * 7919) % 400) }));
  const outcomes = await Promise.allSettled(
    attempts.map((a, i) =>
      ledger().transfer({
        idempotency_key: unique(`pay${i}`),
        debit_account_id: a.wallet._id,
        credit_account_id: merchant._id,
        amount_fen: a.amount_fen,
        kind: 'payment',
      }),
    ),
  );
  const codeOf = (o: PromiseSettledResult<unknown>) =>
    o.status === 'fulfilled' ? 'posted' : ((o.reason as { code?: string }).code ?? 'error');
  const codes = outcomes.map(codeOf);
  // Under overload a request may give up waiting (503 transfer_in_progress); the recovery job finishes it.
  t.true(
    codes.every((c) => c === 'posted' || c === 'insufficient_funds' || c === 'transfer_in_progress'),
    [...new Set(codes)].join(','),
  );
  const refused = codes.filter((c) => c === 'insufficient_funds').length;
  t.true(refused > 50, `many overdraw (${refused})`);
  while ((await stack.api.conn.collection('ledger_transfers').countDocuments({ status: 'pending' })) > 0)
    await new Promise((r) => setTimeout(r, 100));
  let paid = 0;
  for (const w of wallets) {
    const left = await balance(w._id);
    t.true(left >= 0, `wallet ${w._id} at ${left}`);
    paid += (start.get(w._id) ?? 0) - left;
  }
  t.is(await balance(merchant._id), paid);
  t.is(outcomes.length, 500);
  await assertLedgerClean(t);
});

test.serial(
  'the same request replayed 10 times at once makes exactly one transfer; other parameters under the key are refused',
  async (t) => {
    const wallet = await fundedWallet(5000);
    const merchant = await ledger().ensureAccount('merchant', unique('m'), '测试商户');
    const req: TransferRequest = {
      idempotency_key: unique('replay'),
      debit_account_id: wallet._id,
      credit_account_id: merchant._id,
      amount_fen: 1234,
      kind: 'payment',
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => ledger().transfer(req)));
    t.is(new Set(results.map((r) => r._id)).size, 1);
    t.is(await balance(wallet._id), 5000 - 1234);
    t.is(await stack.api.conn.collection('ledger_transfers').countDocuments({ idempotency_key: req.idempotency_key }), 1);
    const again = await ledger().transfer(req);
    t.is(again._id, results[0]!._id);
    const err = await t.throwsAsync(ledger().transfer({ ...req, amount_fen: 999 }));
    t.is((err as unknown as { code: string }).code, 'idempotency_conflict');
    t.is(await balance(wallet._id), 5000 - 1234);
    await assertLedgerClean(t);
  },
);

test.serial('a refused transfer replayed gives the same refusal and moves nothing', async (t) => {
  const wallet = await fundedWallet(100);
  const merchant = await ledger().ensureAccount('merchant', unique('m'), '测试商户');
  const req: TransferRequest = {
    idempotency_key: unique('refused'),
    debit_account_id: wallet._id,
    credit_account_id: merchant._id,
    amount_fen: 101,
    kind: 'payment',
  };
  for (let i = 0; i < 3; i++) {
    const err = await t.throwsAsync(ledger().transfer(req));
    t.is((err as unknown as { code: string }).code, 'insufficient_funds');
  }
  t.is(await balance(wallet._id), 100);
  t.is(await stack.api.conn.collection('ledger_transfers').countDocuments({ idempotency_key: req.idempotency_key, status: 'voided' }), 1);
});

test.serial('zero, negative, fractional and overflowing amounts are refused and write nothing', async (t) => {
  const wallet = await fundedWallet(100);
  const merchant = await ledger().ensureAccount('merchant', unique('m'), '测试商户');
  const before = await stack.api.conn.collection('ledger_transfers').countDocuments();
  for (const amount_fen of [0, -5, 1.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN]) {
    const err = await t.throwsAsync(
      ledger().transfer({
        idempotency_key: unique('bad'),
        debit_account_id: wallet._id,
        credit_account_id: merchant._id,
        amount_fen,
        kind: 'payment',
      }),
    );
    t.is((err as unknown as { code: string }).code, 'invalid_amount');
  }
  t.is(await stack.api.conn.collection('ledger_transfers').countDocuments(), before);
  t.is(await balance(wallet._id), 100);
});

async function crashAt(step: string, req: TransferRequest): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/crash-transfer.ts')], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      MONGODB_URI: withDatabase(process.env.MONGODB_URI!, stack.dbName),
      REDIS_URL: process.env.REDIS_URL!,
      REDIS_KEY_PREFIX: stack.api.redis.options.keyPrefix!,
      CRASH_AFTER: step,
      TRANSFER: JSON.stringify(req),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return signal === 'SIGKILL' ? null : code;
}

/** Waits for the BullMQ recovery job of the running API (every 500 ms, for transfers older than 3 s) to settle it. */
async function waitUntilSettled(idempotency_key: string) {
  const transfers = stack.api.conn.collection('ledger_transfers');
  for (;;) {
    const t = await transfers.findOne({ idempotency_key });
    const inFlight = await stack.api.conn.collection('ledger_accounts').countDocuments({ pending: String(t?._id) });
    if (t && t.status !== 'pending' && inFlight === 0) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const step of ['inserted', 'debited', 'credited', 'posted'] as const) {
  test.serial(`the process killed after "${step}": the recovery job finishes the transfer and every invariant holds`, async (t) => {
    const wallet = await fundedWallet(10_000);
    const merchant = await ledger().ensureAccount('merchant', unique('m'), '测试商户');
    const req: TransferRequest = {
      idempotency_key: unique(`crash-${step}`),
      debit_account_id: wallet._id,
      credit_account_id: merchant._id,
      amount_fen: 2500,
      kind: 'payment',
    };
    t.is(await crashAt(step, req), null, 'the child was killed');
    const left = await stack.api.conn.collection('ledger_transfers').findOne({ idempotency_key: req.idempotency_key });
    t.truthy(left, 'the transfer was written before the crash');
    const settled = await waitUntilSettled(req.idempotency_key);
    t.is(settled.status, 'posted');
    t.is(await balance(wallet._id), 7500);
    t.is(await balance(merchant._id), 2500);
    // The client retries with the same key and gets the first result, not a second payment.
    t.is((await ledger().transfer(req))._id, String(settled._id));
    t.is(await balance(wallet._id), 7500);
    await assertLedgerClean(t);
  });
}

for (const step of ['inserted', 'debited', 'credited'] as const) {
  test.serial(`after a kill at "${step}", two recovery sweeps racing the client's replay apply the transfer exactly once`, async (t) => {
    const wallet = await fundedWallet(10_000);
    const merchant = await ledger().ensureAccount('merchant', unique('m'), '测试商户');
    const req: TransferRequest = {
      idempotency_key: unique(`race-${step}`),
      debit_account_id: wallet._id,
      credit_account_id: merchant._id,
      amount_fen: 1000,
      kind: 'payment',
    };
    t.is(await crashAt(step, req), null);
    const left = await stack.api.conn.collection('ledger_transfers').findOne({ idempotency_key: req.idempotency_key });
    // The dead process's lease runs out by itself (2 s); wait for that, not for a fixed time.
    while ((await stack.api.redis.exists(`lock:trf:${String(left?._id)}`)) === 1) await new Promise((r) => setTimeout(r, 50));
    const results = await Promise.allSettled([ledger().recover(0), ledger().transfer(req), ledger().recover(0), ledger().transfer(req)]);
    t.true(results.every((r) => r.status === 'fulfilled' || (r.reason as { code?: string }).code === 'transfer_in_progress'));
    await waitUntilSettled(req.idempotency_key);
    t.is(await balance(wallet._id), 9000);
    t.is(await balance(merchant._id), 1000);
    await assertLedgerClean(t);
  });
}

test.serial('a crash after the insert with too little money: the recovery voids it and the wallet is untouched', async (t) => {
  const wallet = await fundedWallet(1000);
  const merchant = await ledger().ensureAccount('merchant', unique('m'), '测试商户');
  const req: TransferRequest = {
    idempotency_key: unique('crash-void'),
    debit_account_id: wallet._id,
    credit_account_id: merchant._id,
    amount_fen: 5000,
    kind: 'payment',
  };
  t.is(await crashAt('inserted', req), null);
  const settled = await waitUntilSettled(req.idempotency_key);
  t.is(settled.status, 'voided');
  t.is(settled.failure_code, 'insufficient_funds');
  t.is(await balance(wallet._id), 1000);
  await assertLedgerClean(t);
});

test.serial('ledger:check finds a tampered balance and exits non-zero', async (t) => {
  const wallet = await fundedWallet(500);
  await stack.api.conn.collection('ledger_accounts').updateOne({ _id: wallet._id as never }, { $inc: { balance_fen: 1 } });
  const report = await stack.api.wallet.check();
  t.false(report.ok);
  t.true(report.violations.some((v) => v.includes(wallet._id)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/api/src/cli/ledger-check.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ...stack.env(), MONGODB_URI: withDatabase(process.env.MONGODB_URI!, stack.dbName) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  const [code] = (await once(child, 'exit')) as [number];
  t.is(code, 1, out);
  t.regex(out, /VIOLATION account/);
  await stack.api.conn.collection('ledger_accounts').updateOne({ _id: wallet._id as never }, { $inc: { balance_fen: -1 } });
  await assertLedgerClean(t);
});
