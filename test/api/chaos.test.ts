/**
 * The crash loop, short mode (issue 10 C): ≈ 20 rounds of shopping — checkout, wallet payments, WeChat Pay (prepay,
 * paying in the simulator, the notify), refunds requested and accepted — against the API as its own process, killed
 * with SIGKILL at a random moment each round and started again. After every round the books check and the ledger
 * check are clean and nothing acknowledged to a client is lost. The long mode is `pnpm chaos --rounds 1000`.
 */
import test from 'ava';
import { runChaos } from '../support/chaos';

const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? 20);

test('killed with SIGKILL at random moments and restarted: the books stay clean and nothing acknowledged is lost', async (t) => {
  t.timeout(4.5 * 60_000);
  const report = await runChaos({ rounds: ROUNDS });
  const outcomes = [...report.outcomes].map(([k, n]) => `${k} ${n}`).join(', ');
  t.log(`rounds ${report.rounds}, kills ${report.kills}, acknowledged paid ${report.acked_paid}, refunds ${report.acked_refunds}`);
  t.log(`outcomes: ${outcomes}`);
  t.log(`restart ms: ${report.restart_ms.join(' ')}; settle ms: ${report.settle_ms.join(' ')}`);
  t.deepEqual(report.violations, [], 'books and ledger violations');
  t.deepEqual(report.lost, [], 'acknowledged, then lost');
  t.is(report.kills, ROUNDS);
  t.true(report.acked_paid > ROUNDS, 'the buyers got things done between the kills');
  t.true(report.acked_refunds > 0, 'refunds were accepted');
  t.false(outcomes.includes('gave_up'), 'every unanswered request was answered after the restart');
});
