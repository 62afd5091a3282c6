import { checkLedger } from '../wallet/check';
import { ledgerModels } from '../wallet/models';
import { runDatabaseCommand } from './context';

/**
 * pnpm ledger:check — verifies the ledger's invariants (sum zero, balances equal their entries, nothing applied
 * twice, no negative wallet). Exits 1 on any violation, so it can run from cron or a deploy check. Needs only
 * MONGODB_URI: it reads the ledger's two collections and nothing else.
 */
await runDatabaseCommand(async ({ conn }) => {
  const report = await checkLedger(ledgerModels(conn));
  console.log(
    `accounts ${report.accounts}, posted transfers ${report.posted_transfers}, in flight ${report.in_flight_transfers}, sum ${report.sum_fen} fen`,
  );
  for (const v of report.violations) console.error(`VIOLATION ${v}`);
  console.log(report.ok ? 'ledger ok' : `ledger has ${report.violations.length} violation(s)`);
  return report.ok ? 0 : 1;
});
