/**
 * Resilience (issue 10, findings 5–7): WeChat Pay notifies are not held back by the per-address rate limit; with
 * Redis or the database stalled (SIGSTOP of this file's own servers, never the shared ones) every request answers
 * within a bound — 503 `dependency_unavailable` with Retry-After, or success — and the API recovers by itself;
 * `ledger:check` runs with only MONGODB_URI.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { Writable } from 'node:stream';
import test, { type ExecutionContext } from 'ava';
import { createLogger } from '@cc/api';
import { routes } from '@cc/shared';
import { startMongo, startRedis, type Service } from '@cc/tools/services';
import { createLocks } from '../../packages/api/src/platform/lock';
import { raw, startStack, withDatabase, type Stack } from '../support/stack';

const repoRoot = path.resolve(import.meta.dirname, '../..');
/** Every request, during a stall too, is answered within this. */
const ANSWER_BOUND_MS = 3000;
const STALL_MS = 10_000;
const TOPUP_FEN = 100;
const DEMO_CARD = '8860330102047283159'; // 王秀英's, bound by the demo seed

let mongo: Service | undefined;
let redis: Service | undefined;
let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
let logs = '';

test.before(async () => {
  [mongo, redis] = await Promise.all([startMongo(), startRedis()]);
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  stack = await startStack(
    {
      MONGODB_URI: withDatabase(mongo.url, 'resilience'),
      REDIS_URL: redis.url,
      REDIS_COMMAND_TIMEOUT_MS: '1000',
      DB_OPERATION_TIMEOUT_MS: '1000',
      DB_SERVER_SELECTION_TIMEOUT_MS: '1000',
      // A command whose run was cut by the stall is taken over by a retry soon after.
      COMMAND_LEASE_MS: '2000',
    },
    { logger: createLogger('warn', sink as never) },
  );
  seed = await stack.seed();
});

test.after.always(async () => {
  // A failed test may have left a server stopped.
  for (const s of [mongo, redis]) if (s) process.kill(s.pid, 'SIGCONT');
  await stack?.stop();
  await Promise.all([mongo?.stop(), redis?.stop()]);
});

type Sample = {
  kind: 'read' | 'topup' | 'readyz';
  started_ms: number;
  ms: number;
  status: number;
  code?: string;
  retry_after: string | null;
};

async function timed(kind: Sample['kind'], url: string, init: RequestInit = {}): Promise<Sample> {
  const started_ms = Date.now();
  let res: Response;
  try {
    // Far beyond the bound: a request that hangs shows up as status 0 instead of hanging the test.
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  } catch {
    return { kind, started_ms, ms: Date.now() - started_ms, status: 0, retry_after: null };
  }
  const text = await res.text();
  const code = res.status >= 400 ? ((JSON.parse(text) as { code?: string }).code ?? '') : undefined;
  return { kind, started_ms, ms: Date.now() - started_ms, status: res.status, code, retry_after: res.headers.get('retry-after') };
}

/** Steady load: 16 clients reading their wallet (session in Redis, wallet in the database), 4 crediting cash. */
function startLoad(tokens: { resident: string; operator: string }) {
  const samples: Sample[] = [];
  const keys: string[] = [];
  let stopping = false;
  const topupUrl = `${stack.apiUrl}${routes.cashTopup.path.replace(':community_id', seed.communities.wenxin)}`;
  const read = () => timed('read', `${stack.apiUrl}${routes.getWallet.path}`, { headers: { authorization: `Bearer ${tokens.resident}` } });
  const topup = () => {
    const key = randomUUID();
    keys.push(key);
    return timed('topup', topupUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.operator}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ card_number: DEMO_CARD, amount_fen: TOPUP_FEN }),
    });
  };
  const client = async (call: () => Promise<Sample>) => {
    // Bounded: 2,000 calls or 60 s per client, whatever the test does.
    const deadline = Date.now() + 60_000;
    for (let i = 0; i < 2000 && !stopping && Date.now() < deadline; i++) samples.push(await call());
  };
  const clients = [...Array.from({ length: 16 }, () => client(read)), ...Array.from({ length: 4 }, () => client(topup))];
  return {
    samples,
    keys,
    async stop() {
      stopping = true;
      await Promise.all(clients);
    },
  };
}

async function until<T>(what: string, deadline_ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + deadline_ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${deadline_ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const balanceOf = async (token: string) => (await stack.as(token).call(routes.getWallet, {})).balance_fen;
const warningsAbout = (dependency: string) =>
  logs.split('\n').filter((l) => l.includes('"msg":"dependency unavailable"') && l.includes(`"dependency":"${dependency}"`)).length;

/** Stalls one server under load and checks the answers during the stall, the recovery, and that nothing was lost. */
async function stallUnderLoad(t: ExecutionContext, server: Service, dependency: 'redis' | 'database') {
  const resident = await stack.login('demo-resident-1');
  const operator = await stack.login('demo-operator-1');
  const before_fen = await balanceOf(resident.token);
  const warningsBefore = warningsAbout(dependency);
  const load = startLoad({ resident: resident.token, operator: operator.token });
  await until('the load is running', 10_000, async () => (load.samples.filter((s) => s.status === 200).length >= 20 ? true : undefined));

  process.kill(server.pid, 'SIGSTOP');
  const stalled_at = Date.now();
  const readyz: Sample[] = [];
  // The stall itself is the scenario: readiness is probed all along it.
  while (Date.now() - stalled_at < STALL_MS) readyz.push(await timed('readyz', `${stack.apiUrl}/readyz`));
  process.kill(server.pid, 'SIGCONT');
  const resumed_at = Date.now();

  const recovered_ms = await until('the API recovers by itself', 20_000, async () => {
    const [ready, read] = await Promise.all([
      raw(`${stack.apiUrl}/readyz`),
      raw(`${stack.apiUrl}${routes.getWallet.path}`, { headers: { authorization: `Bearer ${resident.token}` } }),
    ]);
    return ready.status === 200 && read.status === 200 ? Date.now() - resumed_at : undefined;
  });
  await load.stop();

  const during = load.samples.filter((s) => s.started_ms >= stalled_at && s.started_ms < resumed_at);
  const unavailable = during.filter((s) => s.status === 503);
  const slowest_ms = Math.max(...load.samples.map((s) => s.ms));
  t.log(
    `${dependency} stall: ${load.samples.length} requests, ${during.length} during the stall (${unavailable.length} × 503), ` +
      `slowest ${slowest_ms} ms, readyz ${readyz.length} × (slowest ${Math.max(...readyz.map((s) => s.ms))} ms), recovered ${recovered_ms} ms after SIGCONT`,
  );
  t.true(unavailable.length > 0, 'the stall is felt');
  for (const s of load.samples) {
    t.true(s.ms < ANSWER_BOUND_MS, `${s.kind} answered in ${s.ms} ms`);
    if (s.status >= 300) t.like(s, { status: 503, code: 'dependency_unavailable' }, JSON.stringify(s));
    if (s.status === 503) t.true(Number(s.retry_after) >= 1);
  }
  for (const r of readyz) t.like({ status: r.status, fast: r.ms < 1000 }, { status: 503, fast: true }, JSON.stringify(r));
  const warnings = warningsAbout(dependency) - warningsBefore;
  t.true(warnings >= 1 && warnings <= 3, `${warnings} warnings about ${dependency}: logged, not flooded`);

  await retryTopups(t, load.keys, operator.token);
  t.is(await balanceOf(resident.token), before_fen + load.keys.length * TOPUP_FEN, 'every top-up credited exactly once');
  const report = await stack.api.wallet.check();
  t.deepEqual(report.violations, []);
}

/** Every top-up key of the load, retried until it answers 201: the ones cut by the stall finish now, the others replay. */
async function retryTopups(t: ExecutionContext, keys: string[], operatorToken: string) {
  const operator = stack.as(operatorToken);
  for (const key of keys) {
    await until(`top-up ${key} completes on retry`, 30_000, async () => {
      try {
        const topup = await operator.call(routes.cashTopup, {
          params: { community_id: seed.communities.wenxin },
          body: { card_number: DEMO_CARD, amount_fen: TOPUP_FEN },
          idempotencyKey: key,
        });
        return topup.status === 'paid' ? true : undefined;
      } catch {
        return undefined;
      }
    });
  }
  t.pass();
}

test.serial('Redis stalled for 10 s under load: bounded 503s with Retry-After, readyz 503 within 1 s, recovery by itself', async (t) => {
  await stallUnderLoad(t, redis!, 'redis');
});

test.serial(
  'the database stalled for 10 s under load: bounded 503s with Retry-After, readyz 503 within 1 s, recovery by itself',
  async (t) => {
    await stallUnderLoad(t, mongo!, 'database');
  },
);

test.serial('a lease whose acquire timed out in a Redis stall is neither reported as held nor left behind', async (t) => {
  const locks = createLocks(stack.api.redis);
  const name = `stalled-${randomUUID()}`;
  process.kill(redis!.pid, 'SIGSTOP');
  try {
    const err = await t.throwsAsync(locks.acquire(name, 60_000));
    t.is(err?.message, 'Command timed out');
  } finally {
    process.kill(redis!.pid, 'SIGCONT');
  }
  // Redis runs the timed-out SET when it comes back, and the release queued right behind it.
  t.is(await stack.api.redis.exists(`lock:${name}`), 0);
  const token = await locks.acquire(name, 60_000);
  t.truthy(token, 'free for the next holder at once, not after the 60 s TTL');
  await locks.release(name, token!);
});

test('a burst of signed WeChat Pay notifies is all accepted while ordinary requests from the address get 429', async (t) => {
  const s = await startStack({ RATE_LIMIT_PER_MINUTE: '10' });
  try {
    await s.seed();
    const resident = await s.login('demo-resident-2');
    const { topup } = await resident.client.call(routes.createTopup, { body: { amount_fen: 2000 }, idempotencyKey: randomUUID() });
    // Use up the address's budget with ordinary requests.
    await until('ordinary requests are limited', 10_000, async () =>
      (await raw(`${s.apiUrl}/api/v1/communities`)).status === 429 ? true : undefined,
    );
    await s.pay.pay(topup.id);
    for (let i = 0; i < 40; i++) s.pay.redeliver(topup.id);
    await s.pay.drain();
    const deliveries = s.pay.notifyLog().filter((e) => e.out_trade_no === topup.id);
    t.is(deliveries.length, 41);
    // A notify answered 429 would have been retried: every one was accepted at its first attempt.
    t.deepEqual(
      deliveries.filter((e) => !e.delivered || e.attempts !== 1),
      [],
    );
    const limited = await raw(`${s.apiUrl}/api/v1/communities`);
    t.is(limited.status, 429);
    t.is(limited.body?.code, 'rate_limited');
    // Booked once (read in-process: this address may not ask any more).
    t.is(await s.api.conn.collection('ledger_transfers').countDocuments({ reference_id: topup.id, status: 'posted' }), 1);
  } finally {
    await s.stop();
  }
});

function runCli(file: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  return once(child, 'exit').then(([code]) => ({ code: code as number, out }));
}

test('ledger:check runs with only MONGODB_URI set, and names MONGODB_URI when it is missing', async (t) => {
  const s = await startStack();
  try {
    const seeded = await s.seed();
    const operator = await s.login('demo-operator-1');
    await operator.client.call(routes.cashTopup, {
      params: { community_id: seeded.communities.wenxin },
      body: { card_number: DEMO_CARD, amount_fen: 500 },
      idempotencyKey: randomUUID(),
    });
    const only = { PATH: process.env.PATH ?? '', MONGODB_URI: withDatabase(process.env.MONGODB_URI!, s.dbName) };
    const clean = await runCli('packages/api/src/cli/ledger-check.ts', only);
    t.is(clean.code, 0, clean.out);
    t.regex(clean.out, /ledger ok/);
    const missing = await runCli('packages/api/src/cli/ledger-check.ts', { PATH: only.PATH });
    t.is(missing.code, 78, missing.out);
    t.regex(missing.out, /MONGODB_URI:/);
  } finally {
    await s.stop();
  }
});
