/**
 * The crash loop, short mode (issue 10 C): rounds of a mixed workload against the API as a child process that is
 * SIGKILLed at a random moment and started again; nothing acknowledged is lost and the books stay clean. The long mode
 * is `pnpm chaos --rounds N` (tools/chaos.ts).
 */
import test from 'ava';
import { seedDemo } from '@cc/api';
import { ChaosApi, chaosRound, databaseOf, newFigures, verifyRound, type ChaosPeople } from '../support/chaos';
import { preparePeople } from '../support/chaos-people';
import { startStack } from '../support/stack';

const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? 20);

test('crash loop: SIGKILL at random moments loses nothing acknowledged; books and ledger clean after every round', async (t) => {
  const stack = await startStack();
  const api = await ChaosApi.create(stack);
  const conn = await databaseOf(stack);
  try {
    const seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
    const people: ChaosPeople = await preparePeople(stack, seed);
    // From here only the child process serves (the in-process API would recover for it).
    await stack.api.close();
    await api.start();
    const figures = newFigures();
    const toRefund = new Map<number, string>();
    for (let r = 0; r < ROUNDS; r++) {
      const stories = await chaosRound(api, stack, people, toRefund, figures);
      await verifyRound(api, people, conn, stories, figures);
    }
    t.log(JSON.stringify({ ...figures, restart_ms: undefined, restart_ms_max: Math.max(...figures.restart_ms) }));
    t.deepEqual(figures.lost_stories, [], 'nothing acknowledged was lost');
    t.deepEqual(figures.violations, []);
    t.true(figures.acknowledged > ROUNDS, 'the workload went through');
  } finally {
    await api.kill();
    await conn.close();
    await Promise.all([stack.sim.close(), stack.cardGateway.close(), stack.pay.close()]);
  }
});
