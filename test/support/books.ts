/** The books check from tests: polled with a deadline, because jobs (settlement, refunds, notifies) finish after the requests. */
import { booksCheckOn } from '@cc/api';
import type { Connection } from 'mongoose';

export type BooksReport = Awaited<ReturnType<ReturnType<typeof booksCheckOn>>>;

/**
 * The first report whose violations are all `expected` (none, unless a test made some on purpose), or the last one
 * seen when the deadline passes (its violations then say what is wrong).
 */
export async function settledBooks(conn: Connection, expected: (violation: string) => boolean = () => false, timeoutMs = 20_000) {
  const check = booksCheckOn(conn);
  const end = Date.now() + timeoutMs;
  for (;;) {
    const report: BooksReport = await check();
    if (report.violations.every(expected) || Date.now() > end) return report;
    await new Promise((r) => setTimeout(r, 200));
  }
}
