import type { Connection } from 'mongoose';
import { checkLedger } from './check';
import { ledgerModels, walletModels, type AccountDoc, type AccountKind, type CardDoc, type LedgerModels, type TransferDoc } from './models';

export type TransferFact = Pick<
  TransferDoc,
  '_id' | 'status' | 'amount_fen' | 'debit_account_id' | 'credit_account_id' | 'kind' | 'reference_id' | 'idempotency_key'
>;

/** A WeChat Pay refund record (wechat-refunds.ts on the refunds branch: one record per out_refund_no, `rfd_…`). */
export interface WechatRefundFact {
  _id: string;
  status: 'processing' | 'succeeded' | 'failed';
  amount_fen: number;
  original_transfer_id: string;
}

export interface CollectionFact {
  _id: string;
  reference_id: string;
  transfer_id: string | null;
  amount_fen: number;
}

const FIELDS = { status: 1, amount_fen: 1, debit_account_id: 1, credit_account_id: 1, kind: 1, reference_id: 1, idempotency_key: 1 };

/** The collection WeChat Pay refund records live in (the name top-up refunds had first). */
const WECHAT_REFUNDS = 'wallet_topup_refunds';

/**
 * Read-only facts the books check (books/check.ts) needs from the wallet. Every lookup is by `_id` or by the unique
 * idempotency key alone (the embedded database uses an index only when the filter has exactly its fields); the
 * streams are full scans read once with a cursor.
 */
export function walletBooksFacts(models: LedgerModels, conn: Connection) {
  const { Account, Transfer } = models;
  const { Card } = walletModels(conn);
  return {
    ledgerCheck: () => checkLedger(models),

    /** The clearing account and its balance counting posted transfers only (the ledger check accounts for the rest). */
    async clearing(): Promise<{ _id: string; posted_fen: number } | null> {
      const a = await Account.findOne({ kind: 'platform_clearing', owner_id: null }).lean<AccountDoc>();
      if (!a) return null;
      const inFlight = await Transfer.find({ _id: { $in: a.pending }, status: 'pending' }, FIELDS).lean<TransferFact[]>();
      const applied_fen = inFlight.reduce((sum, t) => sum + (t.credit_account_id === a._id ? t.amount_fen : -t.amount_fen), 0);
      return { _id: a._id, posted_fen: a.balance_fen - applied_fen };
    },

    async transfers(ids: readonly string[]): Promise<Map<string, TransferFact>> {
      if (ids.length === 0) return new Map();
      const found = await Transfer.find({ _id: { $in: [...new Set(ids)] } }, FIELDS).lean<TransferFact[]>();
      return new Map(found.map((t) => [t._id, t]));
    },

    /** Transfers by their idempotency keys (keyed steps of sagas: `refund-hold:<id>`, `refund-undo:<id>`). */
    async transfersByKey(keys: readonly string[]): Promise<Map<string, TransferFact>> {
      if (keys.length === 0) return new Map();
      const found = await Transfer.find({ idempotency_key: { $in: [...new Set(keys)] } }, FIELDS).lean<TransferFact[]>();
      return new Map(found.map((t) => [t.idempotency_key, t]));
    },

    /** Kind of each account and, for card wallets, the person holding the card (a replaced card's successor is theirs too). */
    async holders(account_ids: readonly string[]): Promise<Map<string, { kind: AccountKind; user_id: string | null }>> {
      const accounts = await Account.find({ _id: { $in: [...new Set(account_ids)] } }, { kind: 1, owner_id: 1 }).lean<AccountDoc[]>();
      const cardIds = accounts.filter((a) => a.kind === 'wallet' && a.owner_id).map((a) => a.owner_id as string);
      const cards = cardIds.length ? await Card.find({ _id: { $in: cardIds } }, { user_id: 1 }).lean<CardDoc[]>() : [];
      const userOf = new Map(cards.map((c) => [c._id, c.user_id]));
      return new Map(accounts.map((a) => [a._id, { kind: a.kind, user_id: a.owner_id ? (userOf.get(a.owner_id) ?? null) : null }]));
    },

    async wechatRefunds(ids: readonly string[]): Promise<Map<string, WechatRefundFact>> {
      if (ids.length === 0) return new Map();
      const found = await conn
        .collection<WechatRefundFact>(WECHAT_REFUNDS)
        .find({ _id: { $in: [...new Set(ids)] } }, { projection: { status: 1, amount_fen: 1, original_transfer_id: 1 } })
        .toArray();
      return new Map(found.map((r) => [r._id, r]));
    },

    /** Posted payments credited to clearing (wallet payments of checkouts and WeChat Pay collections). */
    async *paymentsInto(account_id: string): AsyncGenerator<TransferFact> {
      yield* Transfer.find({ credit_account_id: account_id, status: 'posted', kind: 'payment' }, FIELDS).lean<TransferFact[]>().cursor();
    },

    /** WeChat Pay collections booked as paid (collect.ts). */
    async *paidCollections(): AsyncGenerator<CollectionFact> {
      yield* conn
        .collection<CollectionFact>('wechat_collections')
        .find({ status: 'paid' }, { projection: { reference_id: 1, transfer_id: 1, amount_fen: 1 } });
    },
  };
}
export type WalletBooksFacts = ReturnType<typeof walletBooksFacts>;

/** The wallet's books facts on a database connection alone (the CLI needs only MONGODB_URI). */
export const walletBooksFactsOn = (conn: Connection) => walletBooksFacts(ledgerModels(conn), conn);
