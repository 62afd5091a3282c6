import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';

/**
 * Kinds of ledger accounts. External money enters and leaves through `topup_source` (WeChat Pay) and `cash_in`
 * (station counters); those two may go negative, so the sum over all accounts is always zero.
 */
/**
 * `delivery_fees` is the platform's spending on couriers' fees (orders carry no delivery fee yet): it may go negative
 * like the external sources, the platform funding it outside the ledger.
 */
export const ACCOUNT_KINDS = [
  'wallet',
  'merchant',
  'courier',
  'provider',
  'platform_clearing',
  'topup_source',
  'cash_in',
  'fees',
  'delivery_fees',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface AccountDoc {
  _id: string;
  kind: AccountKind;
  /** The card, user or merchant the account belongs to; null for the platform's own accounts. */
  owner_id: string | null;
  label: string;
  balance_fen: number;
  allow_negative: boolean;
  /** Transfers applied to this balance but not yet marked posted (the two-phase protocol's in-flight set). */
  pending: string[];
  created_at: Date;
}

export type TransferStatus = 'pending' | 'posted' | 'voided';

export interface TransferDoc {
  _id: string;
  idempotency_key: string;
  /** Hash of the parameters: the same key with other parameters is refused. */
  params_hash: string;
  debit_account_id: string;
  credit_account_id: string;
  amount_fen: number;
  kind: string;
  memo: string;
  /** What the money is for (a top-up, an order, the transfer being refunded…). */
  reference_id: string | null;
  status: TransferStatus;
  failure_code: string | null;
  /** What may still be refunded of this transfer; refunds take from it with a guard, so it never goes below 0. */
  refundable_fen: number;
  created_at: Date;
  posted_at: Date | null;
  voided_at: Date | null;
}

const accountSchema = new Schema<AccountDoc>(
  {
    _id: String,
    kind: { type: String, required: true },
    owner_id: { type: String, default: null },
    label: { type: String, required: true },
    balance_fen: { type: Number, required: true },
    allow_negative: { type: Boolean, required: true },
    pending: { type: [String], default: [] },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);
accountSchema.index({ kind: 1, owner_id: 1 }, { unique: true });

const transferSchema = new Schema<TransferDoc>(
  {
    _id: String,
    idempotency_key: { type: String, required: true, unique: true },
    params_hash: { type: String, required: true },
    debit_account_id: { type: String, required: true },
    credit_account_id: { type: String, required: true },
    amount_fen: { type: Number, required: true },
    kind: { type: String, required: true },
    memo: { type: String, default: '' },
    reference_id: { type: String, default: null },
    status: { type: String, required: true },
    failure_code: { type: String, default: null },
    refundable_fen: { type: Number, required: true },
    created_at: { type: Date, required: true },
    posted_at: { type: Date, default: null },
    voided_at: { type: Date, default: null },
  },
  { versionKey: false },
);
transferSchema.index({ debit_account_id: 1, _id: 1 });
transferSchema.index({ credit_account_id: 1, _id: 1 });
transferSchema.index({ status: 1, created_at: 1 });
transferSchema.index({ reference_id: 1 });

export function ledgerModels(conn: Connection) {
  return {
    Account: modelOn<AccountDoc>(conn, 'Account', accountSchema, 'ledger_accounts'),
    Transfer: modelOn<TransferDoc>(conn, 'Transfer', transferSchema, 'ledger_transfers'),
  };
}
export type LedgerModels = ReturnType<typeof ledgerModels>;

export type CardStatus = 'active' | 'frozen' | 'replaced';

export interface CardDoc {
  _id: string;
  user_id: string;
  /** HMAC-SHA256 of the card number with CARD_HASH_KEY: lookups work, a database dump reveals no numbers. */
  number_hmac: string;
  last4: string;
  holder_name: string;
  card_type: 'standard' | 'senior' | 'student';
  status: CardStatus;
  pin_hash: string | null;
  pin_failures: number;
  locked_until: Date | null;
  account_id: string;
  replaced_by: string | null;
  created_at: Date;
  frozen_at: Date | null;
}

/** Payments of one card on one Asia/Shanghai day, guarded against the daily cap (daily-cap.ts). */
export interface DailySpendDoc {
  /** `${card_id}:${YYYY-MM-DD}` for the hard daily cap, `${card_id}:${YYYY-MM-DD}:pin-free` for the PIN-free total. */
  _id: string;
  /** Posted payments plus the holds of payments in flight, less what refunds gave back; never above the cap. */
  spent_fen: number;
  /** Payments in flight: settled (kept in spent_fen) or released (taken out) exactly once by their request's token. */
  holds: { token: string; key: string; amount_fen: number; at: Date }[];
  /** Refund transfers that gave their amount back (each once). */
  returned: string[];
  /** Ledger keys of the payments settled into `spent_fen`: a refund gives back only what this counter counted. */
  paid?: string[];
}

export interface TopupDoc {
  _id: string;
  user_id: string;
  card_id: string;
  account_id: string;
  channel: 'wechat_pay' | 'cash';
  amount_fen: number;
  status: 'pending' | 'paid' | 'closed';
  /** `${user_id}:${Idempotency-Key}`: the same request again gives the same top-up. */
  request_key: string;
  prepay_id: string | null;
  transaction_id: string | null;
  /** Operator and community for cash at a station counter. */
  operator_id: string | null;
  community_id: string | null;
  created_at: Date;
  paid_at: Date | null;
}

const cardSchema = new Schema<CardDoc>(
  {
    _id: String,
    user_id: { type: String, required: true, index: true },
    number_hmac: { type: String, required: true, unique: true },
    last4: { type: String, required: true },
    holder_name: { type: String, required: true },
    card_type: { type: String, required: true },
    status: { type: String, required: true },
    pin_hash: { type: String, default: null },
    pin_failures: { type: Number, default: 0 },
    locked_until: { type: Date, default: null },
    account_id: { type: String, required: true },
    replaced_by: { type: String, default: null },
    created_at: { type: Date, required: true },
    frozen_at: { type: Date, default: null },
  },
  { versionKey: false },
);

const dailySpendSchema = new Schema<DailySpendDoc>(
  {
    _id: String,
    spent_fen: { type: Number, required: true },
    holds: { type: [{ _id: false, token: String, key: String, amount_fen: Number, at: Date }], default: [] },
    returned: { type: [String], default: [] },
    paid: { type: [String], default: undefined },
  },
  { versionKey: false },
);

const topupSchema = new Schema<TopupDoc>(
  {
    _id: String,
    user_id: { type: String, required: true, index: true },
    card_id: { type: String, required: true },
    account_id: { type: String, required: true },
    channel: { type: String, required: true },
    amount_fen: { type: Number, required: true },
    status: { type: String, required: true },
    request_key: { type: String, required: true, unique: true },
    prepay_id: { type: String, default: null },
    transaction_id: { type: String, default: null },
    operator_id: { type: String, default: null },
    community_id: { type: String, default: null },
    created_at: { type: Date, required: true },
    paid_at: { type: Date, default: null },
  },
  { versionKey: false },
);
topupSchema.index({ status: 1, paid_at: 1 });

export function walletModels(conn: Connection) {
  return {
    ...ledgerModels(conn),
    Card: modelOn<CardDoc>(conn, 'Card', cardSchema, 'wallet_cards'),
    DailySpend: modelOn<DailySpendDoc>(conn, 'DailySpend', dailySpendSchema, 'wallet_daily_spend'),
    Topup: modelOn<TopupDoc>(conn, 'Topup', topupSchema, 'wallet_topups'),
    WechatRefund: wechatRefundModel(conn),
  };
}
export type WalletModels = ReturnType<typeof walletModels>;

/**
 * Money sent back through WeChat Pay's refund API (wechat-refunds.ts): a top-up sent back from the wallet (退回充值), or
 * a payment collected for another module (an order paid by WeChat Pay) refunded from clearing. One saga, one record.
 */
export interface WechatRefundDoc {
  _id: string; // also the out_refund_no, so a retry reuses it
  /** `topup`: the wallet's own top-up; `collection`: a payment collected for another module (collect.ts). */
  kind: 'topup' | 'collection';
  /** The WeChat Pay order refunded (the top-up id, or the collection's out_trade_no) and what was paid for it. */
  out_trade_no: string;
  total_fen: number;
  /** The ledger transfer that brought the money in: the refundable amount is reserved on it. */
  original_transfer_id: string;
  /** Set for top-ups (their API shows it). */
  topup_id: string | null;
  user_id: string;
  /** Where the hold takes the money from: the wallet for a top-up, the platform's clearing account for an order. */
  account_id: string;
  amount_fen: number;
  /** Unique per request: `${user}:${Idempotency-Key}` for top-ups, `origin:${key}` for refunds to origin. */
  request_key: string;
  /** The caller's reference (an order id), told back to the listener. */
  reference_id: string | null;
  reason: string;
  /** Of the hold transfer, as the statement shows it. */
  memo: string;
  status: 'processing' | 'succeeded' | 'failed';
  /** Whether the platform has accepted the refund request (a retry is needed until it has). */
  submitted: boolean;
  /** Whether this refund holds a reservation on the original transfer; cleared exactly once when it is given back. */
  reserved: boolean;
  /** Whether the listener (orders, for collections) has taken the outcome; told again by the sweeper until then. */
  announced: boolean;
  failure_code: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const wechatRefundSchema = new Schema<WechatRefundDoc>(
  {
    _id: String,
    kind: { type: String, default: 'topup' },
    out_trade_no: { type: String, required: true },
    total_fen: { type: Number, required: true },
    original_transfer_id: { type: String, required: true },
    topup_id: { type: String, default: null, index: true },
    user_id: { type: String, required: true },
    account_id: { type: String, required: true },
    amount_fen: { type: Number, required: true },
    request_key: { type: String, required: true, unique: true },
    reference_id: { type: String, default: null },
    reason: { type: String, default: '' },
    memo: { type: String, default: '' },
    status: { type: String, required: true },
    submitted: { type: Boolean, required: true },
    reserved: { type: Boolean, required: true },
    announced: { type: Boolean, default: true },
    failure_code: { type: String, default: null },
    created_at: { type: Date, required: true },
    finished_at: { type: Date, default: null },
  },
  { versionKey: false },
);
wechatRefundSchema.index({ status: 1, created_at: 1 });

/** The collection keeps its first name (top-up refunds were the only kind): existing records stay where they are. */
export function wechatRefundModel(conn: Connection) {
  return modelOn<WechatRefundDoc>(conn, 'WechatRefund', wechatRefundSchema, 'wallet_topup_refunds');
}
