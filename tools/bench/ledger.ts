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
import os from 'node:os';
import { parseArgs } from 'node:util';
import { connectDatabase, connectRedis, ensureIndexes } from '@cc/api';
import { createLocks, type Locks } from '@cc/api/platform/lock';
import { checkLedger } from '@cc/api/wallet/check';
import { createLedger, type Ledger, type TransferRequest } from '@cc/api/wallet/ledger';
import { ledgerModels, type AccountDoc } from '@cc/api/wallet/models';
import { startMongo, startRedis, type Service } from '../services';

type Connection = Awaited<ReturnType<typeof connectDatabase>>;
type Redis = ReturnType<typeof connectRedis>;

const WALLETS = 200;
const MERCHANTS = 20;
/** Far more than any run can spend, so no payment is refused for lack of funds (that would measure another path). */
const WALLET_FUNDING_FEN = 100_000_000;
const LOCK_TTL_MS = 15_000;
/**
 * Single-document writes per transfer, read off the protocol in ledger.ts: insert pending, debit, credit, mark
 * posted, and the cleanup `$pull` (one updateMany touching both accounts, counted once here).
 */
const WRITES_PER_TRANSFER = 5;

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

// ---- stopping: Ctrl+C or SIGTERM lets the operations in flight finish, then cleans up (nothing is cut mid-transfer) ----

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // Repeats are ignored: Ctrl+C reaches us twice (directly and relayed by pnpm/tsx). The watchdog in main() ends a hang.
  process.on(signal, () => {
    if (!interrupted) console.error(`\n${signal}: finishing the operations in flight, then cleaning up…`);
    interrupted = true;
  });
}

class Interrupted extends Error {}

function stopIfInterrupted(): void {
  if (interrupted) throw new Interrupted('interrupted');
}

// ---- clean-up: whatever was started or created is undone once, in reverse order, on success, error or signal ----

const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      await step.run().catch((err: unknown) => console.error(`clean-up (${step.name}) failed: ${String(err)}`));
    }
  })();
  return cleaning;
}

// ---- provisioning ----

async function provision(
  given: string | undefined,
  start: () => Promise<Service>,
  name: string,
): Promise<{ url: string; embedded: boolean }> {
  if (given) return { url: given, embedded: false };
  const service = await start();
  cleanups.push({ name: `stop ${name}`, run: () => service.stop() });
  return { url: service.url, embedded: true };
}

/** Puts `db` as the database of a MongoDB connection string, keeping hosts and options (as test/support/stack.ts). */
function withDatabase(uri: string, db: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error('MONGODB_URI is not a mongodb:// or mongodb+srv:// connection string');
  return `${m[1]}/${db}${m[2] ?? ''}`;
}

function withOption(uri: string, option: string): string {
  return uri.includes('?') ? `${uri}&${option}` : `${uri}?${option}`;
}

/** A connection string fit to print: no user or password, no options (they may carry secrets too). */
function printable(uri: string): string {
  return uri.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1').replace(/\?.*$/, '');
}

/** Deletes the keys under our prefix. ioredis does not prefix SCAN patterns, but does prefix DEL's keys. */
async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys.map((k) => k.slice(prefix.length)));
  } while (cursor !== '0');
  return deleted;
}

// ---- measurement ----

interface Run {
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

const elapsedMs = (since_ns: bigint): number => Number(process.hrtime.bigint() - since_ns) / 1e6;

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
      if (interrupted) return;
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

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted_ms: number[], p: number): number {
  if (sorted_ms.length === 0) return NaN;
  return sorted_ms[Math.min(sorted_ms.length - 1, Math.max(0, Math.ceil((p / 100) * sorted_ms.length) - 1))]!;
}

const opsPerSecond = (r: Run): number => r.ops / r.seconds;

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
type Row = Run & { docs_before: number };

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

interface Tally {
  calls: number;
  ms: number;
}

interface Probe {
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

// ---- output ----

const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  // First column left-aligned (names), the rest right-aligned (numbers).
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function resultsTable(runs: Row[], baseline_ops_per_s: number): string {
  return table(
    ['scenario', 'ops', 'errors', 's', 'ops/s', 'p50 ms', 'p99 ms', 'max ms', '÷ raw', 'node cpu ms/op', 'docs before'],
    runs.map((r) => [
      r.label + (r.cut ? ' (cut at time limit)' : ''),
      String(r.ops),
      String(r.errors),
      fixed(r.seconds, 2),
      fixed(opsPerSecond(r), 0),
      fixed(percentile(r.latencies_ms, 50), 2),
      fixed(percentile(r.latencies_ms, 99), 2),
      fixed(percentile(r.latencies_ms, 100), 2),
      fixed(opsPerSecond(r) / baseline_ops_per_s, 3),
      fixed(r.node_cpu_ms_per_op, 2),
      String(r.docs_before),
    ]),
  );
}

/** What the reader needs to judge the table. */
function notes(embedded_mongo: boolean): string[] {
  const lines = [
    '',
    `÷ raw: ops/s ÷ the mean raw inserts/s of the two raw rows. A transfer is ${WRITES_PER_TRANSFER} single-document writes`,
    `  (insert pending, debit, credit, mark posted, cleanup $pull), so ÷ raw ≈ ${fixed(1 / WRITES_PER_TRANSFER, 2)} would mean it costs`,
    '  just its writes; the probe below counts every round trip, reads and Redis included.',
    'node cpu ms/op × ops/s ÷ 1000 = cores this client process kept busy; the rest is the servers or waiting for a core.',
    'docs before: documents in the collection the row writes, when the row started.',
  ];
  if (embedded_mongo) {
    lines.push(
      'mongo-java-server uses an index only when the filter has exactly its fields; otherwise it scans the collection',
      '  (an update scans all of it, a findOne stops at the first match). Mark posted filters {_id, status}, so here each',
      '  transfer scans ledger_transfers and the ledger slows as it grows; MongoDB would use the _id index.',
    );
  }
  return lines;
}

function probeTable(p: Probe): string {
  const rows = [...p.tallies.entries()]
    .filter(([, t]) => t.calls > 0)
    .sort(([, a], [, b]) => b.ms - a.ms)
    .map(([name, t]) => [name, fixed(t.calls / p.transfers, 2), fixed(t.ms / t.calls, 3), fixed(t.ms / p.transfers, 3)]);
  const round_trip_ms = [...p.tallies.values()].reduce((sum, t) => sum + t.ms, 0) / p.transfers;
  rows.push(['sum of round trips', '', '', fixed(round_trip_ms, 3)]);
  return table(['round trip', 'per transfer', 'mean ms', 'ms per transfer'], rows);
}

async function describeServers(
  conn: Connection,
  redis: Redis,
  db_uri: string,
  embedded: { mongo: boolean; redis: boolean },
  redis_url: string,
) {
  const info = await conn
    .getClient()
    .db('admin')
    .command({ buildInfo: 1 })
    .catch(() => ({ version: '?' }));
  const redis_version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
  const database = embedded.mongo ? 'embedded mongo-java-server 1.47, memory backend, loopback' : printable(db_uri);
  const cache = embedded.redis ? 'embedded redis-server, loopback' : printable(redis_url);
  return [`database: ${database} (reports version ${String(info.version)})`, `redis:    ${cache} (version ${redis_version})`];
}

function machineFacts(): string[] {
  const cpus = os.cpus();
  return [
    `machine:  ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${fixed(os.totalmem() / 2 ** 30, 1)} GiB, load average ${os
      .loadavg()
      .map((l) => fixed(l, 2))
      .join(' ')}`,
    `node:     ${process.version} on ${os.platform()} ${os.release()}`,
  ];
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

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  if (err instanceof Interrupted) exitCode = 130;
  else console.error(err);
} finally {
  await cleanUp();
}
process.exit(exitCode);
