import { booksCheckOn } from '../books/index';
import { runDatabaseCommand } from './context';

/**
 * pnpm books:check — the ledger's invariants plus the money of every order (books/check.ts). Prints each violation by
 * name and exits 1 on any. Needs only MONGODB_URI.
 */
await runDatabaseCommand(async ({ conn }) => {
  const report = await booksCheckOn(conn)();
  console.log(
    `paid orders ${report.paid_orders}, payments into clearing ${report.payments} (${report.waiting_family_payments} family payments waiting for the elder), clearing ${report.clearing_fen} fen, expected ${report.expected_clearing_fen} fen`,
  );
  for (const v of report.violations) console.error(`VIOLATION ${v}`);
  console.log(report.ok ? 'books ok' : `books have ${report.violations.length} violation(s)`);
  return report.ok ? 0 : 1;
});
