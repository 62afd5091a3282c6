import type { StatementEntry } from '@cc/shared';
import { pageNewestFirst } from '../platform/pagination';
import type { TransferDoc, WalletModels } from './models';

function entryFor(account_id: string, t: TransferDoc): StatementEntry {
  return {
    transfer_id: t._id,
    kind: t.kind,
    direction: t.credit_account_id === account_id ? 'in' : 'out',
    amount_fen: t.amount_fen,
    memo: t.memo,
    created_at: t.created_at.toISOString(),
  };
}

/** Posted movements of one account, newest first, paged by an opaque cursor over the time-ordered transfer id. */
export function createStatements(models: WalletModels) {
  const { Transfer } = models;
  return {
    async page(account_id: string, opts: { limit: number; cursor?: string }) {
      const page = await pageNewestFirst<TransferDoc>(
        Transfer,
        { status: 'posted', $or: [{ debit_account_id: account_id }, { credit_account_id: account_id }] },
        opts,
      );
      return { items: page.items.map((t) => entryFor(account_id, t)), next_cursor: page.next_cursor };
    },

    /** The last payments out of a wallet (for the kiosk's balance screen). */
    async lastPayments(account_id: string, count: number): Promise<StatementEntry[]> {
      const rows = await Transfer.find({ status: 'posted', debit_account_id: account_id, kind: 'payment' })
        .sort({ _id: -1 })
        .limit(count)
        .lean<TransferDoc[]>();
      return rows.map((t) => entryFor(account_id, t));
    },
  };
}
export type Statements = ReturnType<typeof createStatements>;
