import type { AccountDoc, LedgerModels, TransferDoc } from './models';

export interface LedgerReport {
  ok: boolean;
  accounts: number;
  posted_transfers: number;
  in_flight_transfers: number;
  sum_fen: number;
  violations: string[];
}

/**
 * Verifies the ledger's invariants (DESIGN §4), for `pnpm ledger:check` and the tests:
 *  - the sum over all accounts is zero (allowing for transfers in flight, which the report counts);
 *  - every balance equals its posted entries plus its in-flight ones (so nothing was applied twice or lost);
 *  - accounts that may not go negative are not negative;
 *  - a transfer id is never in an account's in-flight set twice, and voided transfers are in none.
 */
export async function checkLedger(models: LedgerModels): Promise<LedgerReport> {
  // The reads span two collections without a snapshot, so a transfer completing mid-check can look like a
  // violation under live traffic. A real violation persists; a passing glimpse does not.
  let report = await checkOnce(models);
  for (let attempt = 1; attempt < 3 && !report.ok; attempt++) report = await checkOnce(models);
  return report;
}

async function checkOnce({ Account, Transfer }: LedgerModels): Promise<LedgerReport> {
  const violations: string[] = [];
  const accounts = await Account.find().lean<AccountDoc[]>();
  const net = new Map<string, number>();
  const add = (id: string, fen: number) => net.set(id, (net.get(id) ?? 0) + fen);
  const sums = await Transfer.aggregate<{ _id: { account: string; side: 'debit' | 'credit' }; fen: number; n: number }>([
    { $match: { status: 'posted' } },
    {
      $facet: {
        debits: [{ $group: { _id: '$debit_account_id', fen: { $sum: '$amount_fen' }, n: { $sum: 1 } } }],
        credits: [{ $group: { _id: '$credit_account_id', fen: { $sum: '$amount_fen' }, n: { $sum: 1 } } }],
      },
    },
  ]);
  const facet = sums[0] as unknown as {
    debits: { _id: string; fen: number; n: number }[];
    credits: { _id: string; fen: number; n: number }[];
  };
  for (const d of facet.debits) add(d._id, -d.fen);
  for (const c of facet.credits) add(c._id, c.fen);
  const posted = facet.debits.reduce((n, d) => n + d.n, 0);

  const inFlightIds = [...new Set(accounts.flatMap((a) => a.pending))];
  const inFlight = await Transfer.find({ _id: { $in: inFlightIds } }).lean<TransferDoc[]>();
  const byId = new Map(inFlight.map((t) => [t._id, t]));
  let inFlightSum = 0;
  for (const a of accounts) {
    if (new Set(a.pending).size !== a.pending.length) violations.push(`account ${a._id}: a transfer is in flight twice`);
    for (const id of a.pending) {
      const t = byId.get(id);
      if (!t) violations.push(`account ${a._id}: in-flight transfer ${id} does not exist`);
      else if (t.status === 'voided') violations.push(`account ${a._id}: voided transfer ${id} is still applied`);
      else if (t.status === 'pending') {
        const fen = t.debit_account_id === a._id ? -t.amount_fen : t.amount_fen;
        add(a._id, fen);
        inFlightSum += fen;
      }
    }
  }
  let sum = 0;
  for (const a of accounts) {
    sum += a.balance_fen;
    if (!Number.isSafeInteger(a.balance_fen)) violations.push(`account ${a._id}: balance is not an integer number of fen`);
    const expected = net.get(a._id) ?? 0;
    if (a.balance_fen !== expected) violations.push(`account ${a._id} (${a.kind}): balance ${a.balance_fen} ≠ entries ${expected}`);
    if (!a.allow_negative && a.balance_fen < 0) violations.push(`account ${a._id} (${a.kind}): negative balance ${a.balance_fen}`);
  }
  if (sum - inFlightSum !== 0) violations.push(`sum over all accounts is ${sum - inFlightSum}, not 0`);
  return {
    ok: violations.length === 0,
    accounts: accounts.length,
    posted_transfers: posted,
    in_flight_transfers: inFlight.filter((t) => t.status === 'pending').length,
    sum_fen: sum - inFlightSum,
    violations,
  };
}
