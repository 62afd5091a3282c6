import type { Connection } from 'mongoose';
import { wechatRefundModel, type AccountDoc, type LedgerModels, type TransferDoc } from './models';

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
     * Where a refund of `payment` stands. `refund_id` is a ledger transfer (a wallet refund) or a WeChat refund record
     * (rfd_…, wechat-refunds.ts). out_of_clearing: the money has left the account it was paid into (posted refund, or
     * a WeChat hold not put back); reached_origin: it is back in a card wallet, or WeChat Pay confirmed the refund —
     * moving it to the internal WeChat Pay account alone is not money back in the buyer's hands.
     */
    async refundState(refund_id: string, payment: TransferFact): Promise<{ out_of_clearing: boolean; reached_origin: boolean }> {
      if (refund_id.startsWith('rfd_')) {
        const [doc, hold, undo] = await Promise.all([
          wechatRefundModel(conn).findById(refund_id, { status: 1 }).lean<{ status: string }>(),
          Transfer.findOne({ idempotency_key: `refund-hold:${refund_id}` }, FIELDS).lean<TransferFact>(),
          Transfer.findOne({ idempotency_key: `refund-undo:${refund_id}` }, FIELDS).lean<TransferFact>(),
        ]);
        const out_of_clearing = hold?.status === 'posted' && undo?.status !== 'posted';
        return { out_of_clearing, reached_origin: doc?.status === 'succeeded' && out_of_clearing };
      }
      const refund = await Transfer.findById(refund_id, FIELDS).lean<TransferFact>();
      if (refund?.status !== 'posted') return { out_of_clearing: false, reached_origin: false };
      const [from, to] = await Promise.all([
        Account.findById(payment.debit_account_id, { kind: 1 }).lean<AccountDoc>(),
        Account.findById(refund.credit_account_id, { kind: 1 }).lean<AccountDoc>(),
      ]);
      return { out_of_clearing: true, reached_origin: from?.kind === 'wallet' && to?.kind === 'wallet' };
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
