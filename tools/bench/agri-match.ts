/**
 * Matching benchmark (issue 14; DESIGN §7: scripts that print figures, not timed tests).
 *
 *   pnpm bench:agri [--sizes 1000,10000,100000] [--creates 200] [--probes 300] [--inserts 1000] [--koa 2000]
 *
 * The real API (startApi in this process, with the simulators of bench:commerce) on the demo data. For each size N the
 * collection first holds N open posts spread across the demo region (insertMany of posts made by the posts' own
 * `derived`, plus their match buckets), then, in the same run:
 *   - posts created per second: `--creates` supply and purchase posts through the posts' service (verified posters,
 *     plausibility checks, insert, expiry job) including the match recompute its listener runs, one at a time;
 *   - a match computation: `rank` (read the candidate buckets by _id, score, sort — what a recompute decides on) and
 *     `recompute` (the same plus its writes: buckets, the post's list, the counterparts' lists), p50/p99 over
 *     `--probes` random open posts;
 *   - a filtered search (posts' search: kind, category, variety, price ceiling, sort by price, 20 a page), p50/p99;
 *   - the database's raw single-document insertOne (sequential) and a bare Koa route (concurrency 32), as baselines.
 * With MONGODB_URI / REDIS_URL set it uses them (its own database and key prefix, removed at the end); otherwise it
 * starts the embedded database (memory backend) and Redis.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { seedDemo, type RunningApi } from '@cc/api';
import { createMatching } from '../../packages/api/src/agri/match/index';
import { matchPostsOf } from '../../packages/api/src/agri/match/adapters';
import { rank } from '../../packages/api/src/agri/match/recompute';
import { candidatesOf } from '../../packages/api/src/agri/match/buckets';
import { entryOf } from '../../packages/api/src/agri/match/score';
import type { AgriPostDoc } from '../../packages/api/src/agri/models';
import { startMongo, startRedis } from '../services';
import { elapsedMs, fixed, percentile, provision, runBench, stopIfInterrupted, stopOnSignals, table, withDatabase } from './harness';
import { startBareKoa, startStack } from './commerce-stack';
import { fillInBulk, pick, purchaseBody, supplyBody, verifiedPosters, type FillBuckets } from './agri-setup';

stopOnSignals('operations');

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      creates: { type: 'string', default: '200' },
      probes: { type: 'string', default: '300' },
      inserts: { type: 'string', default: '1000' },
      koa: { type: 'string', default: '2000' },
    },
  });
  return {
    sizes: values.sizes.split(',').map(Number),
    creates: Number(values.creates),
    probes: Number(values.probes),
    inserts: Number(values.inserts),
    koa: Number(values.koa),
  };
}

/** Sequential timings of `n` runs of `op`, ascending. */
async function timed(n: number, op: (i: number) => Promise<unknown>): Promise<{ ms: number[]; seconds: number }> {
  const ms: number[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    stopIfInterrupted();
    const t0 = process.hrtime.bigint();
    await op(i);
    ms.push(elapsedMs(t0));
  }
  return { ms: ms.sort((a, b) => a - b), seconds: elapsedMs(start) / 1000 };
}

async function koaReqPerSecond(url: string, n: number, concurrency = 32): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        await (await fetch(url)).json();
      }
    }),
  );
  return n / (elapsedMs(start) / 1000);
}

type Row = string[];

type Timed = Awaited<ReturnType<typeof timed>>;

function rowsOf(
  o: ReturnType<typeof options>,
  r: Record<'creates' | 'ranks' | 'recomputes' | 'searches' | 'inserts', Timed>,
  koa: number,
): Row[] {
  const row = (name: string, n: number, t: Timed, digits = 1): Row => [
    name,
    fixed(n / t.seconds, 1),
    fixed(percentile(t.ms, 50), digits),
    fixed(percentile(t.ms, 99), digits),
  ];
  return [
    row('posts created (service, incl. matching)', o.creates, r.creates),
    row('match: rank (candidates + score)', o.probes, r.ranks),
    row('match: recompute (with writes)', o.probes, r.recomputes),
    row("filtered search (posts' search)", o.probes, r.searches),
    row('raw insertOne (baseline)', o.inserts, r.inserts, 2),
    ['bare Koa route, concurrency 32', fixed(koa, 0), '', ''],
  ];
}

async function level(
  api: RunningApi,
  o: ReturnType<typeof options>,
  community_id: string,
  n: number,
  sample: AgriPostDoc[],
  koa_url: string,
) {
  const matching = createMatching({
    conn: api.conn,
    logger: pino({ level: 'silent' }),
    publish: async () => undefined,
    posts: matchPostsOf(api.agri),
  });
  const tag = `n${n}`;
  const farmers = await verifiedPosters(api, community_id, Math.ceil(o.creates / 8), tag, 'farmer');
  const buyers = await verifiedPosters(api, community_id, Math.ceil(o.creates / 8), tag, 'buyer');
  const creates = await timed(o.creates, (i) =>
    i % 2 === 0
      ? api.agri.posts.createSupply(farmers[(i >> 1) % farmers.length]!, supplyBody())
      : api.agri.posts.createPurchase(buyers[(i >> 1) % buyers.length]!, purchaseBody()),
  );
  const probe = () => sample[Math.floor(Math.random() * sample.length)]!;
  let candidates = 0;
  const ranks = await timed(o.probes, async () => {
    const e = entryOf(probe());
    const c = await candidatesOf(matching.models, e, Date.now());
    candidates += c.length;
    return rank(e, c);
  });
  const recomputes = await timed(o.probes, () => matching.recompute(probe()));
  const searches = await timed(o.probes, () => {
    const v = pick();
    return api.agri.search({
      kind: 'supply',
      category: v.category,
      variety: v.variety,
      base_price_max_fen: v.price * 2,
      sort: 'price',
      limit: 20,
      certified_only: false,
    } as never);
  });
  const scratch = api.conn.getClient().db(api.conn.name).collection('bench_scratch');
  const inserts = await timed(o.inserts, (i) => scratch.insertOne({ n: i, at: new Date(), note: 'bench' }));
  const koa = await koaReqPerSecond(koa_url, o.koa);
  const rows = rowsOf(o, { creates, ranks, recomputes, searches, inserts }, koa);
  return { rows, candidates_avg: candidates / o.probes };
}

async function main(): Promise<number> {
  const o = options();
  const run_id = randomBytes(4).toString('hex');
  // 100k posts with their lists do not fit the embedded server's default 1 GB heap (it stopped with OutOfMemoryError).
  process.env.MONGO_JAVA_HEAP ??= '4g';
  const mongo = await provision(process.env.MONGODB_URI, () => startMongo(), 'embedded database');
  const cache = await provision(process.env.REDIS_URL, () => startRedis(), 'redis');
  const koa_url = await startBareKoa();
  // A 100k-post fill sends large batches to a busy embedded server: give each round trip a minute.
  const env = { DB_OPERATION_TIMEOUT_MS: '60000' };
  const { api } = await startStack(withDatabase(mongo.url, `bench_${run_id}`), cache.url, `bench_${run_id}:`, run_id, env);
  const seed = await seedDemo({ identity: api.identity, wallet: api.wallet, catalog: api.catalog });
  console.log(`agri matching benchmark ${run_id} (database ${mongo.embedded ? 'embedded mongo-java-server, memory' : 'given'})`);
  let filled = 0;
  let sample: AgriPostDoc[] = [];
  const buckets: FillBuckets = new Map();
  for (const n of o.sizes) {
    const t0 = process.hrtime.bigint();
    sample = sample.concat(await fillInBulk(api, buckets, filled, n - filled));
    const fill_s = elapsedMs(t0) / 1000;
    filled = n;
    const { rows, candidates_avg } = await level(api, o, seed.communities.jingshan, n, sample, koa_url);
    console.log(
      `\n${n.toLocaleString('en')} open posts (bulk fill ${fixed(fill_s, 1)} s; ${fixed(candidates_avg, 0)} candidates per match on average)`,
    );
    console.log(table(['operation', 'per s', 'p50 ms', 'p99 ms'], rows));
  }
  return 0;
}

void runBench(main);
