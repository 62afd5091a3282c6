/**
 * pnpm fuzz [--long] — the API fuzzer's long mode (issue 11; the short mode is test/api/fuzz.test.ts, the same code in
 * test/support/fuzz.ts): schemathesis against a stack of our own with the demo seed, once per role (resident, farmer,
 * operator, admin), checking for server errors and for responses, statuses and content types the OpenAPI document
 * does not declare. Prints the cases by operation and outcome and every failure; exit 1 on any failure. --long runs
 * at least 20,000 cases (more examples per operation, a larger time budget); --seconds and --examples override;
 * --checks narrows the checks (comma-separated schemathesis names), --report-dir keeps the ndjson reports.
 * Starts its own embedded database and Redis unless MONGODB_URI / REDIS_URL are set.
 */
import { parseArgs } from 'node:util';
import { fuzz, fuzzStack, type FuzzFigures } from '../test/support/fuzz';
import { cleanUp, provision, stopOnSignals, table } from './bench/harness';
import { ensureFuzzer, startMongo, startRedis } from './services';

const { values } = parseArgs({
  options: {
    long: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    examples: { type: 'string' },
    seed: { type: 'string' },
    'report-dir': { type: 'string' },
    checks: { type: 'string' },
  },
});
const maxSecondsPerRole = Number(values.seconds ?? (values.long ? 900 : 60));
const maxExamples = Number(values.examples ?? (values.long ? 60 : 10));
const LONG_MINIMUM_CASES = 20_000;

function print(figures: FuzzFigures): void {
  const outcomes = [...new Set(Object.values(figures.cases).flatMap((o) => Object.keys(o)))].sort();
  const rows = Object.entries(figures.cases)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, o]) => [op, ...outcomes.map((k) => String(o[k] ?? 0))]);
  console.log(table(['operation', ...outcomes], rows));
  const byOutcome = outcomes.map((k) => `${k} ${Object.values(figures.cases).reduce((n, o) => n + (o[k] ?? 0), 0)}`);
  console.log(`\ncases ${figures.total} (${byOutcome.join(', ')}) over ${Object.keys(figures.cases).length} operations`);
  for (const f of figures.failures) console.log(`FAILURE ${f}`);
}

stopOnSignals('fuzz run');
ensureFuzzer();
process.env.MONGODB_URI = (await provision(process.env.MONGODB_URI, startMongo, 'database')).url;
process.env.REDIS_URL = (await provision(process.env.REDIS_URL, startRedis, 'redis')).url;
process.env.TEST_LOG_LEVEL ??= 'silent';
const { stack, tokens } = await fuzzStack();
let figures: FuzzFigures;
const started = Date.now();
try {
  figures = await fuzz(stack, tokens, {
    maxSecondsPerRole,
    maxExamples,
    seed: values.seed === undefined ? undefined : Number(values.seed),
    reportDir: values['report-dir'],
    checks: values.checks?.split(','),
    progress: (role, f) => console.log(`${role}: ${f.total} cases, ${f.failures.length} failures`),
  });
} finally {
  await stack.stop();
  await cleanUp();
}
print(figures);
console.log(`wall ${Math.round((Date.now() - started) / 1000)} s`);
const short = values.long && figures.total < LONG_MINIMUM_CASES;
if (short) console.log(`only ${figures.total} cases: a long run needs at least ${LONG_MINIMUM_CASES} (raise --seconds or --examples)`);
process.exit(figures.failures.length === 0 && !short ? 0 : 1);
