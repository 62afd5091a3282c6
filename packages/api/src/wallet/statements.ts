import type { StatementEntry } from '@cc/shared';
import { badRequest } from '../platform/problem';
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
      let before: string | undefined;
      if (opts.cursor) {
        before = Buffer.from(opts.cursor, 'base64url').toString('utf8');
        if (!/^trf_[0-9A-Z]{26}$/.test(before)) throw badRequest('invalid_cursor', '分页游标无效');
      }
      const filter = {
        status: 'posted',
        $or: [{ debit_account_id: account_id }, { credit_account_id: account_id }],
        ...(before ? { _id: { $lt: before } } : {}),
      };
      const rows = await Transfer.find(filter)
        .sort({ _id: -1 })
        .limit(opts.limit + 1)
        .lean<TransferDoc[]>();
      const items = rows.slice(0, opts.limit);
      const last = items[items.length - 1];
      return {
        items: items.map((t) => entryFor(account_id, t)),
        next_cursor: rows.length > opts.limit && last ? Buffer.from(last._id).toString('base64url') : null,
      };
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
