/**
 * Ledger benchmark (DESIGN §7: performance is measured by scripts that print figures, never by timed tests).
 *
 *   pnpm bench:ledger [--ops 3000] [--concurrency 32] [--warmup 500] [--probe 100] [--max-seconds 300]
 *
 * Drives the real two-phase ledger (packages/api/src/wallet/ledger.ts) on the real database and Redis and prints
 * transfers/s and latency percentiles for (a) payments spread over 200 wallets and 20 merchants, (b) every worker
 * paying one hot merchant, (c) idempotent replays — each next to raw single-document inserts measured in the same
 * run on the same server, so a slow machine or a busy neighbour moves the baseline too. A sequential probe with
 * command monitoring then shows where one transfer's time goes. Finally the ledger's invariants are checked
 * (exit 1 on a violation or a failed operation).
 *
 * With MONGODB_URI / REDIS_URL set it uses them, in its own database `bench_<random>` and key prefix
 * `bench_<random>:`, both removed at the end. Otherwise it starts the embedded database (memory backend) and Redis
 * on loopback and stops them at the end, also on error or Ctrl+C.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { connectDatabase, connectRedis, ensureIndexes } from '@cc/api';
import { createLocks, type Locks } from '@cc/api/platform/lock';
import { checkLedger } from '@cc/api/wallet/check';
import { createLedger, type Ledger, type TransferRequest } from '@cc/api/wallet/ledger';
import { ledgerModels, type AccountDoc } from '@cc/api/wallet/models';
import { startMongo, startRedis } from '../services';
import {
  cleanUp,
  cleanups,
  deleteKeys,
  elapsedMs,
  fixed,
  runBench,
  isInterrupted,
  opsPerSecond,
  percentile,
  provision,
  stopIfInterrupted,
  stopOnSignals,
  withDatabase,
} from './harness';
import { describeServers, machineFacts, notes, probeTable, resultsTable } from './ledger-report';

type Connection = Awaited<ReturnType<typeof connectDatabase>>;
type Redis = ReturnType<typeof connectRedis>;

const WALLETS = 200;
const MERCHANTS = 20;
/** Far more than any run can spend, so no payment is refused for lack of funds (that would measure another path). */
const WALLET_FUNDING_FEN = 100_000_000;
const LOCK_TTL_MS = 15_000;

interface Options {
  ops: number;
  concurrency: number;
  warmup: number;
  probe: number;
  max_seconds: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    // pnpm may pass a literal `--` before the script's own arguments.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      ops: { type: 'string', default: '3000' },
      concurrency: { type: 'string', default: '32' },
      warmup: { type: 'string', default: '500' },
      probe: { type: 'string', default: '100' },
      'max-seconds': { type: 'string', default: '300' },
    },
  });
  const int = (name: string, value: string, min: number, max: number): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  return {
    ops: int('ops', values.ops, 1, 100_000),
    concurrency: int('concurrency', values.concurrency, 1, 256),
    warmup: int('warmup', values.warmup, 0, 10_000),
    probe: int('probe', values.probe, 1, 10_000),
    max_seconds: int('max-seconds', values['max-seconds'], 10, 3600),
  };
}

// Ctrl+C or SIGTERM lets the operations in flight finish, then cleans up (nothing is cut mid-transfer).
stopOnSignals('operations');

function withOption(uri: string, option: string): string {
  return uri.includes('?') ? `${uri}&${option}` : `${uri}?${option}`;
}

// ---- measurement ----

export interface Run {
  label: string;
  ops: number;
  errors: number;
  first_error: string | null;
  seconds: number;
  /** Latency of each successful operation, sorted ascending. */
  latencies_ms: number[];
  /** CPU time of this Node process (the client side: ledger code, mongoose, driver) per successful operation. */
  node_cpu_ms_per_op: number;
  /** Stopped at the time limit before all operations were done. */
  cut: boolean;
}

/** Runs `count` operations on `concurrency` workers that each take the next index until none is left. */
async function runConcurrent(
  label: string,
  count: number,
  concurrency: number,
  deadline_ns: bigint,
  op: (i: number) => Promise<void>,
): Promise<Run> {
  const latencies_ms: number[] = [];
  let next = 0;
  let errors = 0;
  let first_error: string | null = null;
  let cut = false;
  const worker = async () => {
    while (next < count) {
      if (isInterrupted()) return;
      if (process.hrtime.bigint() > deadline_ns) {
        cut = true;
        return;
      }
      const i = next++;
      const start_ns = process.hrtime.bigint();
      try {
        await op(i);
        latencies_ms.push(elapsedMs(start_ns));
      } catch (err) {
        errors++;
        first_error ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  const start_ns = process.hrtime.bigint();
  const cpu_start = process.cpuUsage();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const seconds = elapsedMs(start_ns) / 1000;
  const cpu = process.cpuUsage(cpu_start);
  const node_cpu_ms_per_op = (cpu.user + cpu.system) / 1000 / latencies_ms.length;
  return {
    label,
    ops: latencies_ms.length,
    errors,
    first_error,
    seconds,
    latencies_ms: latencies_ms.sort((a, b) => a - b),
    node_cpu_ms_per_op,
    cut,
  };
}

// ---- the ledger under test ----

interface Fixture {
  ledger: Ledger;
  wallets: AccountDoc[];
  merchants: AccountDoc[];
  hot_merchant: AccountDoc;
  run_id: string;
}

/** Funds every wallet from a cash account (which may go negative) through the ledger itself. */
async function createFixture(ledger: Ledger, run_id: string, opts: Options, deadline_ns: bigint): Promise<Fixture> {
  const cash = await ledger.ensureAccount('cash_in', `bench-${run_id}`, '压测现金');
  const wallets = await Promise.all(
    Array.from({ length: WALLETS }, (_, i) => ledger.ensureAccount('wallet', `bench-${run_id}-w${i}`, `压测钱包${i}`)),
  );
  const merchants = await Promise.all(
    Array.from({ length: MERCHANTS }, (_, i) => ledger.ensureAccount('merchant', `bench-${run_id}-m${i}`, `压测商户${i}`)),
  );
  const hot_merchant = await ledger.ensureAccount('merchant', `bench-${run_id}-hot`, '压测热门商户');
  const funding = await runConcurrent('funding', WALLETS, opts.concurrency, deadline_ns, async (i) => {
    await ledger.transfer({
      idempotency_key: `${run_id}:fund:${i}`,
      debit_account_id: cash._id,
      credit_account_id: wallets[i]!._id,
      amount_fen: WALLET_FUNDING_FEN,
      kind: 'topup',
    });
  });
  stopIfInterrupted();
  if (funding.ops !== WALLETS) throw new Error(`funding the wallets failed: ${funding.first_error ?? 'time limit'}`);
  return { ledger, wallets, merchants, hot_merchant, run_id };
}

/** Small, varied amounts, the same for the same index (a replay must repeat the parameters exactly). */
const amountFen = (i: number): number => 1 + ((i * 7919) % 500);

function payment(f: Fixture, scenario: string, i: number, merchant: AccountDoc): TransferRequest {
  return {
    idempotency_key: `${f.run_id}:${scenario}:${i}`,
    debit_account_id: f.wallets[i % WALLETS]!._id,
    credit_account_id: merchant._id,
    amount_fen: amountFen(i),
    kind: 'payment',
  };
}

/** Transfers that this run expects to be posted, to compare with what the ledger check counts. */
let transfersMade = 0;

type Phase = 'warm' | 'run';

interface Scenario {
  label: string;
  /** The collection it writes: its size is printed, because on the embedded server some updates scan it. */
  collection: string;
  op: (phase: Phase, i: number) => Promise<void>;
}

/** A measured run, with the size of the scenario's collection when it started. */
export type Row = Run & { docs_before: number };

function rawInserts(conn: Connection, label: string): Scenario {
  // The same driver the ledger uses (mongoose's), without mongoose's casting: the floor of one write round trip.
  const scratch = conn.getClient().db(conn.name).collection('bench_scratch');
  return {
    label,
    collection: 'bench_scratch',
    op: async (phase, i) => {
      await scratch.insertOne({ phase, n: i, at: new Date(), note: 'bench' });
    },
  };
}

function spreadPayments(f: Fixture, posted: TransferRequest[]): Scenario {
  return {
    label: '(a) transfer, 200 wallets → 20 merchants',
    collection: 'ledger_transfers',
    op: async (phase, i) => {
      const req = payment(f, `spread-${phase}`, i, f.merchants[i % MERCHANTS]!);
      await f.ledger.transfer(req);
      transfersMade++;
      posted.push(req);
    },
  };
}

function hotPayments(f: Fixture): Scenario {
  return {
    label: '(b) transfer, all → 1 hot merchant',
    collection: 'ledger_transfers',
    op: async (phase, i) => {
      await f.ledger.transfer(payment(f, `hot-${phase}`, i, f.hot_merchant));
      transfersMade++;
    },
  };
}

/** Replays requests that (a) completed, warm-up included, so every key exists and is posted. */
function replays(f: Fixture, posted: TransferRequest[]): Scenario {
  return {
    label: '(c) idempotent replay (same key)',
    collection: 'ledger_transfers',
    op: async (_phase, i) => {
      if (posted.length === 0) throw new Error('no posted transfer to replay');
      const { replayed } = await f.ledger.submit(posted[i % posted.length]!);
      if (!replayed) throw new Error('a replay made a new transfer');
    },
  };
}

/**
 * Warms every scenario first (own keys, not measured), so the first measured row does not pay for a cold JVM, cold
 * JIT or empty connection pools; then measures them in order.
 */
async function runScenarios(conn: Connection, warm: Scenario[], measured: Scenario[], opts: Options, deadline_ns: bigint): Promise<Row[]> {
  for (const s of warm) {
    stopIfInterrupted();
    console.error(`  warm-up: ${s.label}…`);
    await runConcurrent(s.label, opts.warmup, opts.concurrency, deadline_ns, (i) => s.op('warm', i));
  }
  const rows: Row[] = [];
  for (const s of measured) {
    stopIfInterrupted();
    console.error(`  ${s.label}…`);
    const docs_before = await conn.getClient().db(conn.name).collection(s.collection).countDocuments();
    const run = await runConcurrent(s.label, opts.ops, opts.concurrency, deadline_ns, (i) => s.op('run', i));
    rows.push({ ...run, docs_before });
  }
  return rows;
}

// ---- where one transfer's time goes: a sequential probe on a connection with command monitoring ----

export interface Tally {
  calls: number;
  ms: number;
}

export interface Probe {
  transfers: number;
  transfer_p50_ms: number;
  insert_p50_ms: number;
  /** Per MongoDB command and collection (`update ledger_accounts`), and `redis lease` for the lease calls. */
  tallies: Map<string, Tally>;
}

function tallyOf(tallies: Map<string, Tally>, name: string): Tally {
  let t = tallies.get(name);
  if (!t) tallies.set(name, (t = { calls: 0, ms: 0 }));
  return t;
}

/** Locks that count and time their calls (each is one Redis round trip). */
function countingLocks(locks: Locks, tally: Tally): Locks {
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const start_ns = process.hrtime.bigint();
    try {
      return await call();
    } finally {
      tally.calls++;
      tally.ms += elapsedMs(start_ns);
    }
  };
  return {
    acquire: (name, ttl_ms) => timed(() => locks.acquire(name, ttl_ms)),
    extend: (name, token, ttl_ms) => timed(() => locks.extend(name, token, ttl_ms)),
    release: (name, token) => timed(() => locks.release(name, token)),
  };
}

/**
 * Runs transfers one at a time on a second connection opened with `monitorCommands` (the timed runs above stay
 * unmonitored) and adds up the round trips by command. At concurrency 1 nothing queues, so this is the bare cost.
 */
async function probe(db_uri: string, redis: Redis, f: Fixture, opts: Options): Promise<Probe> {
  const conn = await connectDatabase(withOption(db_uri, 'monitorCommands=true'));
  try {
    const tallies = new Map<string, Tally>();
    let counting = false;
    // A succeeded event does not name the collection; the started event of the same request does.
    const names = new Map<number, string>();
    const client = conn.getClient();
    client.on('commandStarted', (ev) => {
      if (counting) names.set(ev.requestId, `${ev.commandName} ${String(ev.command[ev.commandName])}`);
    });
    client.on('commandSucceeded', (ev) => {
      const name = names.get(ev.requestId);
      if (name === undefined) return;
      names.delete(ev.requestId);
      const t = tallyOf(tallies, name);
      t.calls++;
      t.ms += ev.duration;
    });
    const ledger = createLedger({
      models: ledgerModels(conn),
      locks: countingLocks(createLocks(redis), tallyOf(tallies, 'redis lease')),
      lockTtlMs: LOCK_TTL_MS,
    });
    const scratch = client.db(conn.name).collection('bench_scratch');
    const sequential = (count: number, op: (i: number) => Promise<void>) =>
      runConcurrent('probe', count, 1, process.hrtime.bigint() + 60_000_000_000n, op);

    // Opens the pool's connection and warms the code paths before anything is counted.
    await sequential(10, async (i) => {
      await ledger.transfer(payment(f, 'probe-warm', i, f.merchants[i % MERCHANTS]!));
      transfersMade++;
    });
    const inserts = await sequential(opts.probe, async (i) => {
      await scratch.insertOne({ phase: 'probe', n: i, at: new Date(), note: 'bench' });
    });
    // The lease wrapper counts always; only what follows is wanted.
    for (const t of tallies.values()) Object.assign(t, { calls: 0, ms: 0 });
    counting = true;
    const transfers = await sequential(opts.probe, async (i) => {
      await ledger.transfer(payment(f, 'probe', i, f.merchants[i % MERCHANTS]!));
      transfersMade++;
    });
    counting = false;
    if (transfers.errors) throw new Error(`probe transfer failed: ${transfers.first_error}`);
    return {
      transfers: transfers.ops,
      transfer_p50_ms: percentile(transfers.latencies_ms, 50),
      insert_p50_ms: percentile(inserts.latencies_ms, 50),
      tallies,
    };
  } finally {
    await conn.close();
  }
}

// ---- main ----

async function main(): Promise<number> {
  const opts = readOptions();
  const started_ns = process.hrtime.bigint();
  // Operations stop at the soft deadline; this catches anything that hangs (start-up, a stuck server).
  setTimeout(
    () => {
      console.error(`time limit: still running ${opts.max_seconds + 120} s after the start, stopping`);
      void cleanUp().finally(() => process.exit(2));
    },
    (opts.max_seconds + 120) * 1000,
  ).unref();
  const deadline_ns = started_ns + BigInt(opts.max_seconds) * 1_000_000_000n;
  const run_id = randomBytes(4).toString('hex');
  const db_name = `bench_${run_id}`;
  const key_prefix = `bench_${run_id}:`;

  console.error(`ledger benchmark ${run_id}: starting services…`);
  const mongo = await provision(process.env.MONGODB_URI, () => startMongo(), 'embedded database');
  const cache = await provision(process.env.REDIS_URL, () => startRedis(), 'redis');
  const db_uri = withDatabase(mongo.url, db_name);
  stopIfInterrupted();

  const conn = await connectDatabase(db_uri);
  cleanups.push({ name: 'close database connection', run: () => conn.close() });
  cleanups.push({ name: `drop database ${db_name}`, run: () => conn.dropDatabase() });
  const redis = connectRedis(cache.url, key_prefix);
  cleanups.push({ name: 'close redis', run: () => redis.quit() });
  cleanups.push({ name: `delete redis keys ${key_prefix}*`, run: () => deleteKeys(redis, key_prefix) });

  const models = ledgerModels(conn);
  await ensureIndexes(conn);
  const ledger = createLedger({ models, locks: createLocks(redis), lockTtlMs: LOCK_TTL_MS });

  console.error('  funding 200 wallets…');
  const fixture = await createFixture(ledger, run_id, opts, deadline_ns);
  stopIfInterrupted();
  transfersMade += WALLETS;

  const posted: TransferRequest[] = [];
  const baseline = rawInserts(conn, 'raw insertOne (baseline)');
  const scenarios = [baseline, spreadPayments(fixture, posted), hotPayments(fixture), replays(fixture, posted)];
  // The baseline again at the end: if it drifted (a neighbour got busy, the JVM's JIT improved), it shows.
  const runs = await runScenarios(
    conn,
    scenarios,
    [...scenarios, rawInserts(conn, 'raw insertOne (again, at the end)')],
    opts,
    deadline_ns,
  );
  stopIfInterrupted();
  console.error('  probe (concurrency 1, command monitoring)…');
  const probed = await probe(db_uri, redis, fixture, opts);
  stopIfInterrupted();

  // The mean of the raw rows before and after: the machine's load drifts during a run (both rows are printed).
  const baseline_ops_per_s = (opsPerSecond(runs[0]!) + opsPerSecond(runs[runs.length - 1]!)) / 2;
  console.log(`\nledger benchmark ${run_id}: ${opts.ops} ops per scenario after ${opts.warmup} warm-up, concurrency ${opts.concurrency}\n`);
  console.log(resultsTable(runs, baseline_ops_per_s));
  for (const line of notes(mongo.embedded)) console.log(line);
  for (const r of runs) if (r.first_error) console.log(`first error in ${r.label}: ${r.first_error}`);

  console.log(
    `\nwhere one transfer's time goes (concurrency 1, ${probed.transfers} transfers: p50 ${fixed(probed.transfer_p50_ms, 2)} ms; ` +
      `raw insertOne p50 ${fixed(probed.insert_p50_ms, 2)} ms; the two account reads run in parallel):\n`,
  );
  console.log(probeTable(probed));

  const report = await checkLedger(models);
  const lost_or_doubled = report.posted_transfers !== transfersMade;
  console.log(
    `\nledger check: ${report.ok && !lost_or_doubled ? 'ok' : 'VIOLATED'} — accounts ${report.accounts}, posted transfers ` +
      `${report.posted_transfers} (made ${transfersMade}), in flight ${report.in_flight_transfers}, sum ${report.sum_fen} fen`,
  );
  for (const v of report.violations.slice(0, 20)) console.log(`  VIOLATION ${v}`);
  if (lost_or_doubled) console.log(`  VIOLATION posted transfers ${report.posted_transfers} ≠ transfers made ${transfersMade}`);

  console.log('');
  for (const line of [
    ...machineFacts(),
    ...(await describeServers(conn, redis, db_uri, { mongo: mongo.embedded, redis: cache.embedded }, cache.url)),
  ])
    console.log(line);
  console.log(`total:    ${fixed(elapsedMs(started_ns) / 1000, 1)} s`);

  const failed_ops = runs.reduce((n, r) => n + r.errors, 0);
  return report.ok && !lost_or_doubled && failed_ops === 0 ? 0 : 1;
}

await runBench(main);
