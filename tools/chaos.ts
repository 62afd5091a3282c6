/**
 * pnpm chaos --rounds N — the crash loop's long mode (issue 10 C; the short mode is test/api/chaos.test.ts, the same
 * code in test/support/chaos.ts): N rounds of a mixed workload (checkout, wallet payment, WeChat Pay by notify, refund)
 * against the API as a child process SIGKILLed at a random moment in each round and started again. Prints rounds,
 * kills, acknowledged and refused requests, acknowledged-then-lost (must be 0), books violations (must be 0) and
 * restart times; exit 1 on a loss or a violation. Starts its own embedded database and Redis unless MONGODB_URI /
 * REDIS_URL are set.
 */
import { parseArgs } from 'node:util';
import { seedDemo } from '@cc/api';
import { ChaosApi, chaosRound, databaseOf, newFigures, verifyRound } from '../test/support/chaos';
import { preparePeople } from '../test/support/chaos-people';
import { startStack } from '../test/support/stack';
import { cleanUp, percentile, provision, stopOnSignals } from './bench/harness';
import { startMongo, startRedis } from './services';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '100' } } });
const rounds = Number(values.rounds);
stopOnSignals('the crash loop');
process.env.MONGODB_URI = (await provision(process.env.MONGODB_URI, startMongo, 'database')).url;
process.env.REDIS_URL = (await provision(process.env.REDIS_URL, startRedis, 'redis')).url;
process.env.TEST_LOG_LEVEL ??= 'silent';
const stack = await startStack();
const api = await ChaosApi.create(stack);
const conn = await databaseOf(stack);
const figures = newFigures();
const started = Date.now();
try {
  const people = await preparePeople(
    stack,
    await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog }),
  );
  await stack.api.close();
  await api.start();
  const toRefund = new Map<number, string>();
  for (let r = 1; r <= rounds; r++) {
    const seen = { lost: figures.lost_stories.length, violations: figures.violations.length };
    const stories = await chaosRound(api, stack, people, toRefund, figures);
    await verifyRound(api, people, conn, stories, figures);
    // Said when found, so a long run that goes wrong can be looked into while its database still exists.
    for (const l of figures.lost_stories.slice(seen.lost)) console.log(`  LOST ${l}`);
    for (const v of figures.violations.slice(seen.violations)) console.log(`  VIOLATION ${v}`);
    if (r % 10 === 0 || r === rounds)
      console.log(
        `round ${r}/${rounds}: acknowledged ${figures.acknowledged}, lost ${figures.lost}, violations ${figures.violations.length}`,
      );
  }
} finally {
  await api.kill();
  await stack.api.conn.dropDatabase().catch(() => undefined);
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
  await Promise.all([stack.sim.close(), stack.cardGateway.close(), stack.pay.close()]);
  await cleanUp();
}
const sorted = [...figures.restart_ms].sort((a, b) => a - b);
console.log(`rounds ${figures.rounds}, kills ${figures.kills}, wall ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`acknowledged ${figures.acknowledged}, retried after a kill ${figures.retried}, refused ${JSON.stringify(figures.refusals)}`);
console.log(`restart ms p50 ${percentile(sorted, 50)} p95 ${percentile(sorted, 95)} max ${sorted.at(-1) ?? 0}`);
console.log(`acknowledged then lost: ${figures.lost}`);
console.log(`books violations: ${figures.violations.length}`);
for (const v of [...new Set(figures.violations)]) console.log(`  VIOLATION ${v}`);
process.exit(figures.lost === 0 && figures.violations.length === 0 ? 0 : 1);
