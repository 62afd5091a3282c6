import type { Connection } from 'mongoose';
import type { AccountDoc, LedgerModels, TransferDoc } from './models';

export type TransferFact = Pick<
  TransferDoc,
  '_id' | 'status' | 'amount_fen' | 'debit_account_id' | 'credit_account_id' | 'kind' | 'reference_id' | 'idempotency_key'
>;

const FIELDS = { status: 1, amount_fen: 1, debit_account_id: 1, credit_account_id: 1, kind: 1, reference_id: 1, idempotency_key: 1 };

/**
 * Read-only facts the books check (books/check.ts) needs from the wallet: the clearing account, transfers by id (in
 * batches), the payments that came into clearing (streamed), refunds of a payment, and WeChat Pay collections.
 */
export function walletBooksFacts(models: LedgerModels, conn: Connection) {
  const { Account, Transfer } = models;
  return {
    clearing: () => Account.findOne({ kind: 'platform_clearing', owner_id: null }).lean<AccountDoc>(),

    async transfers(ids: readonly string[]): Promise<Map<string, TransferFact>> {
      const found = await Transfer.find({ _id: { $in: [...ids] } }, FIELDS).lean<TransferFact[]>();
      return new Map(found.map((t) => [t._id, t]));
    },

    /** Posted payments credited to clearing (wallet payments of checkouts and WeChat Pay collections). */
    async *paymentsInto(account_id: string): AsyncGenerator<TransferFact> {
      yield* Transfer.find({ credit_account_id: account_id, status: 'posted', kind: 'payment' }, FIELDS).lean<TransferFact[]>().cursor();
    },

    /** Posted refunds of a payment (the paying service refers them to the original transfer). */
    refundsOf: (original_transfer_id: string) =>
      Transfer.find({ reference_id: original_transfer_id, kind: 'refund', status: 'posted' }, FIELDS).lean<TransferFact[]>(),

    /**
     * Did this refund reach the payer's original method? A wallet payment: the money is back in a card wallet (the
     * card or its replacement). A WeChat Pay payment: only a refund WeChat Pay confirmed counts — moving it to the
     * internal WeChat Pay account is not money back in the buyer's hands.
     */
    async refundReachedOrigin(original: TransferFact, refund: TransferFact): Promise<boolean> {
      const [from, to] = await Promise.all([
        Account.findById(original.debit_account_id, { kind: 1 }).lean<AccountDoc>(),
        Account.findById(refund.credit_account_id, { kind: 1 }).lean<AccountDoc>(),
      ]);
      if (from?.kind === 'wallet') return to?.kind === 'wallet';
      if (from?.kind !== 'topup_source') return false;
      const confirmed = await conn.collection('wechat_refunds').countDocuments({ refund_transfer_id: refund._id, status: 'succeeded' });
      return confirmed > 0;
    },

    /** WeChat Pay collections booked as paid (wallet/collect.ts). */
    async *paidCollections(): AsyncGenerator<{ _id: string; reference_id: string; transfer_id: string | null; amount_fen: number }> {
      yield* conn
        .collection<{ _id: string; reference_id: string; transfer_id: string | null; amount_fen: number }>('wechat_collections')
        .find({ status: 'paid' });
    },
  };
}
export type WalletBooksFacts = ReturnType<typeof walletBooksFacts>;
