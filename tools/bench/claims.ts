/**
 * Claim benchmark (issue 13; DESIGN §7: performance is measured by scripts that print figures, never by timed tests).
 *
 *   pnpm bench:claims [--sizes 1000,10000,100000] [--ops 500] [--koa-ops 2000] [--warmup 100] [--racers 10] [--couriers 200]
 *                     [--max-tasks 100] [--fill api|bulk] [--fill-concurrency 16] [--max-seconds 1200]
 *
 * Drives POST /api/v1/delivery-tasks/:id/claim of the real HTTP API (startApi from @cc/api, in this process, with the
 * simulators of bench:commerce) with the typed client over fetch, on the demo data (seedDemo). `--couriers` real users
 * sign in through the API (WeChat simulator), get the courier role from the admin and go on duty (PUT
 * /api/v1/couriers/me/duty); DELIVERY_MAX_TASKS_PER_COURIER is `--max-tasks` (100, the API's bound), and the options
 * are refused if the claims won could reach it, so the maximum is not what is measured. For each size N of `--sizes`,
 * the collection first holds N open tasks plus those the level's claims take (made through api.delivery.tasks.fromOrder,
 * or with `--fill bulk` by insertMany copies of an API-made task); then, after a warm-up:
 *   - the bare Koa route and claims of distinct tasks, at concurrency 32 and 100 (the Koa run right before each);
 *   - claims racing: `--racers` couriers at once on each task, at concurrency 100 (all but one get 409 task_taken).
 * After each level the invariant is checked and printed: every task claimed at most once (one claim in its history per
 * claimed task, none on an open one), no courier above the maximum (counter = tasks held ≤ maximum), claimed tasks =
 * claims won. Exit 1 on a violation or a failed claim.
 *
 * With MONGODB_URI / REDIS_URL set it uses them, in its own database `bench_<random>` and key prefix
 * `bench_<random>:`, both removed at the end. Otherwise it starts the embedded database (memory backend) and Redis
 * on loopback and stops them at the end, also on error or Ctrl+C.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { seedDemo } from '@cc/api';
import { createClient } from '@cc/shared';
import { startMongo, startRedis } from '../services';
import { cleanUp, elapsedMs, fixed, runBench, printable, provision, stopIfInterrupted, stopOnSignals, withDatabase } from './harness';
import { startBareKoa, startStack } from './commerce-stack';
import { transport } from './commerce-shop';
import { codes, machineFacts } from './commerce-report';
import {
  checkInvariant,
  fillInBulk,
  fillThroughApi,
  openTaskIds,
  signInCouriers,
  type Courier,
  type Invariant,
  type World,
} from './claims-setup';
import {
  claimRun,
  CONCURRENCIES,
  distinct,
  koaRun,
  racing,
  readOptions,
  rowsTable,
  scanProbe,
  tasksPerLevel,
  type Options,
  type Row,
} from './claims-run';

// Ctrl+C or SIGTERM lets the requests in flight finish, then cleans up.
stopOnSignals('requests');

interface Bench {
  opts: Options;
  deadline_ns: bigint;
  since: () => string;
  koa_url: string;
  w: World;
  couriers: Courier[];
  rows: Row[];
  won: number;
  errors: number;
}

interface Level {
  open: number;
  fill_per_s: number;
  fill_how: string;
  probe: { by_id_ms: number; guarded_ms: number };
  invariant: Invariant;
}

async function setUp(opts: Options, started_ns: bigint) {
  const run_id = randomBytes(4).toString('hex');
  const since = () => `${fixed(elapsedMs(started_ns) / 1000, 0)} s`;
  console.error(`claims benchmark ${run_id}: starting services…`);
  const mongo = await provision(process.env.MONGODB_URI, () => startMongo(), 'embedded database');
  const cache = await provision(process.env.REDIS_URL, () => startRedis(), 'redis');
  stopIfInterrupted();
  const koa_url = await startBareKoa();
  const env = { DELIVERY_MAX_TASKS_PER_COURIER: String(opts.max_tasks) };
  const { api, sim } = await startStack(withDatabase(mongo.url, `bench_${run_id}`), cache.url, `bench_${run_id}:`, run_id, env);
  console.error(`  seeding the demo data… (${since()})`);
  const seed = await seedDemo({ identity: api.identity, wallet: api.wallet, catalog: api.catalog });
  const community_id = seed.communities.wenxin;
  const merchant = await api.conn.collection('merchants').findOne({ community_id });
  if (!merchant) throw new Error('益乐社区 has no merchant in the demo data');
  const w: World = {
    api,
    sim,
    anonymous: createClient({ baseUrl: api.url, transport }),
    community_id,
    merchant_id: String(merchant._id),
    buyer_id: seed.users['demo-resident-2'] as string,
    run_id,
    made: 0,
  };
  console.error(`  signing in ${opts.couriers} couriers and putting them on duty… (${since()})`);
  const couriers = await signInCouriers(w, opts.couriers, 32);
  const b: Bench = {
    opts,
    deadline_ns: started_ns + BigInt(opts.max_seconds) * 1_000_000_000n,
    since,
    koa_url,
    w,
    couriers,
    rows: [],
    won: 0,
    errors: 0,
  };
  return { b, mongo, cache };
}

/** Tops the open tasks up to `open` plus what the level's claims take; the first tasks are always made through the API. */
async function fill(b: Bench, open: number): Promise<{ per_s: number; how: string }> {
  const { opts, w } = b;
  const have = await w.api.conn.collection('delivery_tasks').countDocuments({ status: 'open' });
  const need = open + tasksPerLevel(opts) - have;
  if (need <= 0) return { per_s: NaN, how: 'none needed' };
  const bulk = opts.fill === 'bulk' && w.made > 0;
  console.error(`  adding ${need} open tasks ${bulk ? 'in bulk' : 'through the API'}… (${b.since()})`);
  const per_s = bulk ? await fillInBulk(w, need) : await fillThroughApi(w, need, opts.fill_concurrency);
  return { per_s, how: bulk ? 'insertMany' : 'fromOrder' };
}

/** One size level: fill, warm up, Koa and distinct claims at each concurrency, the race, the probe and the invariant. */
async function level(b: Bench, open: number): Promise<Level> {
  const { opts, deadline_ns, couriers, rows, w } = b;
  const filled = await fill(b, open);
  const docs = await w.api.conn.collection('delivery_tasks').estimatedDocumentCount();
  const pool = await openTaskIds(w);
  let used = 0;
  const take = (n: number) => pool.slice(used, (used += n));
  const record = <R extends { run: { errors: number }; outcomes: Map<string, number> }>(r: R): R => {
    b.won += r.outcomes.get('won') ?? 0;
    b.errors += r.run.errors;
    return r;
  };
  console.error(`  ${open} open tasks (${docs} in the collection): warm-up, then the runs… (${b.since()})`);
  record(await claimRun('warm-up', opts.warmup, 32, deadline_ns, distinct(couriers, take(opts.warmup))));
  for (const c of CONCURRENCIES) {
    stopIfInterrupted();
    const koa = await koaRun(b.koa_url, opts, c, deadline_ns);
    const r = record(await claimRun(`claim, distinct tasks`, opts.ops, c, deadline_ns, distinct(couriers, take(opts.ops))));
    rows.push({ open, docs, scenario: 'claim, distinct tasks', concurrency: c, run: r.run, koa, outcomes: r.outcomes });
  }
  stopIfInterrupted();
  const race_tasks = take(Math.ceil(opts.ops / opts.racers));
  const r = record(await claimRun('race', opts.ops, 100, deadline_ns, racing(couriers, race_tasks, opts.racers)));
  rows.push({ open, docs, scenario: `claim, ${opts.racers} racers a task`, concurrency: 100, run: r.run, outcomes: r.outcomes });
  const probe = await scanProbe(w);
  const invariant = await checkInvariant(w, couriers, opts.max_tasks, b.won);
  return { open, fill_per_s: filled.per_s, fill_how: filled.how, probe, invariant };
}

const out = (line = '') => console.log(line);

function report(b: Bench, levels: Level[]): void {
  const { opts, rows } = b;
  out(
    `\nclaims benchmark: ${opts.ops} claims a run after ${opts.warmup} warm-up, ${opts.koa_ops} bare Koa requests a run; ` +
      `${opts.couriers} couriers on duty, maximum ${opts.max_tasks} tasks each\n`,
  );
  out(rowsTable(rows));
  out();
  out('open tasks: open when the level started, besides the ones its claims took; docs: documents in delivery_tasks then.');
  out('req: claims answered (won or 409 task_taken); latency covers both. koa: the bare Koa route right before, same fetch');
  out('and concurrency; ÷ koa: claims/s relative to its req/s; p99 × koa: how many times its p99.');
  for (const r of rows) if (r.run.errors) out(`errors in ${r.scenario} c${r.concurrency} at ${r.open}: ${codes(r.run.error_codes)}`);
  out();
  for (const l of levels) {
    const i = l.invariant;
    out(
      `${String(l.open).padStart(6)} open: tasks made ${l.fill_how}${Number.isFinite(l.fill_per_s) ? ` at ${fixed(l.fill_per_s, 0)}/s` : ''}; ` +
        `findOne {_id} ${fixed(l.probe.by_id_ms, 2)} ms, findOne {_id, status, courier_id} ${fixed(l.probe.guarded_ms, 2)} ms; ` +
        `invariant ${i.violations.length ? 'VIOLATED' : 'ok'}: ${i.tasks} tasks, ${i.claimed} claimed once each = ${i.won} claims won, ` +
        `${i.open} open, busiest courier ${i.max_active}/${opts.max_tasks}`,
    );
    for (const v of i.violations.slice(0, 10)) out(`  VIOLATION ${v}`);
  }
}

async function main(): Promise<number> {
  const opts = readOptions();
  const started_ns = process.hrtime.bigint();
  const load_at_start = os.loadavg();
  // Measured runs stop at the soft deadline; this catches anything that hangs (start-up, filling, a stuck server).
  setTimeout(
    () => {
      console.error(`time limit: still running ${opts.max_seconds + 300} s after the start, stopping`);
      void cleanUp().finally(() => process.exit(2));
    },
    (opts.max_seconds + 300) * 1000,
  ).unref();
  const { b, mongo, cache } = await setUp(opts, started_ns);
  const levels: Level[] = [];
  for (const open of [...opts.sizes].sort((x, y) => x - y)) levels.push(await level(b, open));
  report(b, levels);
  out();
  for (const line of machineFacts(load_at_start)) out(line);
  out(`database: ${mongo.embedded ? 'embedded mongo-java-server 1.47, memory backend, loopback' : printable(mongo.url)}`);
  out(`redis:    ${cache.embedded ? 'embedded redis-server, loopback' : printable(cache.url)}`);
  out(`total:    ${fixed(elapsedMs(started_ns) / 1000, 1)} s`);
  const ok = b.errors === 0 && levels.every((l) => l.invariant.violations.length === 0);
  return ok ? 0 : 1;
}

await runBench(main);
