/**
 * The crash loop, long mode (issue 10 C):
 *
 *   pnpm chaos [--rounds 1000]
 *
 * Runs the workload of test/support/chaos-workload.ts against the API as its own process, kills it with SIGKILL at a
 * random moment each round and starts it again, then checks the books and the ledger and that nothing acknowledged to
 * a client was lost (test/support/chaos.ts; the suite's test/api/chaos.test.ts is the short mode). Prints rounds,
 * operations by outcome, acknowledged-then-lost (must be 0), violations (must be 0), kills and restart times; exits 1
 * unless both are 0.
 *
 * With MONGODB_URI / REDIS_URL set it uses them (its own database and key prefix, removed at the end); otherwise it
 * starts the embedded database and Redis on loopback and stops them at the end.
 */
import { parseArgs } from 'node:util';
import { runChaos, type ChaosReport } from '../test/support/chaos';
import { cleanUp, fixed, percentile, provision, table } from './bench/harness';
import { startMongo, startRedis } from './services';

function readRounds(): number {
  const { values } = parseArgs({
    // pnpm may pass a literal `--` before the script's own arguments.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { rounds: { type: 'string', default: '1000' } },
  });
  const rounds = Number(values.rounds);
  if (!Number.isSafeInteger(rounds) || rounds < 1 || rounds > 100_000) throw new Error('--rounds must be an integer from 1 to 100000');
  return rounds;
}

const spread = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `p50 ${fixed(percentile(sorted, 50), 0)} ms, p95 ${fixed(percentile(sorted, 95), 0)} ms, max ${fixed(sorted.at(-1) ?? NaN, 0)} ms`;
};

function print(report: ChaosReport, seconds: number): void {
  const rows = [...report.outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => [...k.split(' '), String(n)]);
  console.log(`\nrounds ${report.rounds}, kills ${report.kills}, ${fixed(seconds, 0)} s`);
  console.log(`\noperations by outcome\n${table(['operation', 'outcome', 'count'], rows)}`);
  console.log(`\nacknowledged: ${report.acked_paid} paid checkouts, ${report.acked_refunds} refund acceptances`);
  console.log(`restart (kill → healthy): ${spread(report.restart_ms)}`);
  console.log(`recovery (restart → checks clean): ${spread(report.settle_ms)}`);
  console.log(`acknowledged-then-lost: ${report.lost.length}`);
  for (const l of report.lost) console.log(`  LOST ${l}`);
  console.log(`violations: ${report.violations.length}`);
  for (const v of report.violations) console.log(`  VIOLATION ${v}`);
}

async function main(): Promise<number> {
  const rounds = readRounds();
  const mongo = await provision(process.env.MONGODB_URI, () => startMongo(), 'embedded database');
  const redis = await provision(process.env.REDIS_URL, () => startRedis(), 'redis');
  process.env.MONGODB_URI = mongo.url;
  process.env.REDIS_URL = redis.url;
  const began = Date.now();
  const report = await runChaos({
    rounds,
    onRound: (n, r) => {
      if (n % 10 === 0 || n === rounds)
        console.log(`round ${n}/${rounds}: restart ${r.restart_ms.at(-1)} ms, lost ${r.lost.length}, violations ${r.violations.length}`);
    },
  });
  print(report, (Date.now() - began) / 1000);
  return report.lost.length === 0 && report.violations.length === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    await cleanUp();
    process.exit(1);
  });
