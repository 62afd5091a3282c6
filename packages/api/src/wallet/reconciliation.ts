import { fromShanghai, shanghaiDate, type ReconciliationMismatch } from '@cc/shared';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Logger } from 'pino';
import type { WechatPayClient } from '../payments/wechatpay';
import { modelOn } from '../platform/db';
import { newId } from '../platform/ids';
import { badRequest, notFound } from '../platform/problem';
import type { CardGatewayClient, CardTxnRow } from './card-gateway';
import type { AccountDoc, CardDoc, TopupDoc, TransferDoc, WalletModels } from './models';

export type MismatchSource = 'wechat_pay' | 'citizen_card';
export type MismatchKind = 'missing_in_ledger' | 'missing_in_statement' | 'amount_mismatch';

interface MismatchDoc {
  _id: string;
  date: string;
  source: MismatchSource;
  kind: MismatchKind;
  /** out_trade_no for WeChat Pay, the transfer id for the card centre. */
  reference: string;
  ledger_fen: number | null;
  external_fen: number | null;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  note: string | null;
}

const mismatchSchema = new Schema<MismatchDoc>(
  {
    _id: String,
    date: { type: String, required: true },
    source: { type: String, required: true },
    kind: { type: String, required: true },
    reference: { type: String, required: true },
    ledger_fen: { type: Number, default: null },
    external_fen: { type: Number, default: null },
    created_at: { type: Date, required: true },
    resolved_at: { type: Date, default: null },
    resolved_by: { type: String, default: null },
    note: { type: String, default: null },
  },
  { versionKey: false },
);
// Running a day again records nothing twice.
mismatchSchema.index({ source: 1, date: 1, reference: 1, kind: 1 }, { unique: true });

export function toMismatch(m: MismatchDoc): ReconciliationMismatch {
  return {
    id: m._id,
    date: m.date,
    source: m.source,
    kind: m.kind,
    reference: m.reference,
    ledger_fen: m.ledger_fen,
    external_fen: m.external_fen,
    created_at: m.created_at.toISOString(),
    resolved_at: m.resolved_at ? m.resolved_at.toISOString() : null,
    note: m.note,
  };
}

/** Compares two keyed amount lists and names every difference. */
export function compare(
  ledger: Map<string, number>,
  external: Map<string, number>,
): { reference: string; kind: MismatchKind; ledger_fen: number | null; external_fen: number | null }[] {
  const out = [];
  for (const [reference, ledger_fen] of ledger) {
    const external_fen = external.get(reference);
    if (external_fen === undefined) out.push({ reference, kind: 'missing_in_statement' as const, ledger_fen, external_fen: null });
    else if (external_fen !== ledger_fen) out.push({ reference, kind: 'amount_mismatch' as const, ledger_fen, external_fen });
  }
  for (const [reference, external_fen] of external) {
    if (!ledger.has(reference)) out.push({ reference, kind: 'missing_in_ledger' as const, ledger_fen: null, external_fen });
  }
  return out;
}

type ReconciliationDeps = {
  conn: Connection;
  models: WalletModels;
  wechatPay: WechatPayClient;
  gateway: CardGatewayClient;
  logger: Logger;
  /** Orders paid through WeChat Pay (collect.ts): the bill lists them beside the top-ups. */
  collectionsPaid: (from: Date, to: Date) => Promise<{ out_trade_no: string; amount_fen: number }[]>;
};
type Ctx = ReconciliationDeps & { Mismatch: Model<MismatchDoc> };

function dayRange(date: string) {
  const start = fromShanghai(date, '00:00');
  return { $gte: start, $lt: new Date(start.getTime() + 24 * 3600 * 1000) };
}

async function record(c: Ctx, date: string, source: MismatchSource, found: ReturnType<typeof compare>): Promise<number> {
  for (const m of found) {
    await c.Mismatch.updateOne(
      { source, date, reference: m.reference, kind: m.kind },
      {
        $setOnInsert: { _id: newId('mis'), ...m, source, date, created_at: new Date(), resolved_at: null, resolved_by: null, note: null },
      },
      { upsert: true },
    ).catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    });
  }
  return found.length;
}

async function wechatPay(c: Ctx, date: string): Promise<number> {
  const bill = await c.wechatPay.downloadTradeBill(date);
  const external = new Map<string, number>();
  for (const row of bill) if (row.trade_state === 'SUCCESS' && !row.out_refund_no) external.set(row.out_trade_no, row.amount_fen);
  const paid = await c.models.Topup.find({ channel: 'wechat_pay', status: 'paid', paid_at: dayRange(date) }).lean<TopupDoc[]>();
  const ledger = new Map(paid.map((t) => [t._id, t.amount_fen]));
  const range = dayRange(date);
  for (const p of await c.collectionsPaid(range.$gte, range.$lt)) ledger.set(p.out_trade_no, p.amount_fen);
  return record(c, date, 'wechat_pay', compare(ledger, external));
}

/** The card wallets' movements of the day, as the card centre books them. */
async function cardRows(c: Ctx, date: string): Promise<CardTxnRow[]> {
  const wallets = await c.models.Account.find({ kind: 'wallet' }, { _id: 1, owner_id: 1 }).lean<Pick<AccountDoc, '_id' | 'owner_id'>[]>();
  const cardOfAccount = new Map(wallets.map((a) => [a._id, a.owner_id as string]));
  const cards = await c.models.Card.find({}, { _id: 1, last4: 1 }).lean<Pick<CardDoc, '_id' | 'last4'>[]>();
  const last4 = new Map(cards.map((c) => [c._id, c.last4]));
  const ids = [...cardOfAccount.keys()];
  const moves = await c.models.Transfer.find({
    status: 'posted',
    posted_at: dayRange(date),
    kind: { $in: ['payment', 'refund', 'topup'] },
    $or: [{ debit_account_id: { $in: ids } }, { credit_account_id: { $in: ids } }],
  }).lean<TransferDoc[]>();
  return moves.map((t) => {
    const account = cardOfAccount.has(t.debit_account_id) ? t.debit_account_id : t.credit_account_id;
    return {
      txn_id: t._id,
      card_last4: last4.get(cardOfAccount.get(account) as string) ?? '0000',
      kind: t.kind as CardTxnRow['kind'],
      amount_fen: t.amount_fen,
      occurred_at: (t.posted_at as Date).toISOString(),
    };
  });
}

/** null while the centre has not published the day's file (it settles finished days only). */
async function citizenCard(c: Ctx, date: string): Promise<number | null> {
  if (date >= shanghaiDate(new Date())) return null;
  const rows = await cardRows(c, date);
  // Report first (idempotent at the centre), then compare with what the centre settled.
  for (let i = 0; i < rows.length; i += 500) await c.gateway.reportTransactions(rows.slice(i, i + 500));
  const file = await c.gateway.settlementFile(date).catch((err: { code?: string }) => {
    if (err.code === 'settlement_file_not_ready') return null;
    throw err;
  });
  if (!file) return null;
  const ledger = new Map(rows.map((r) => [r.txn_id, r.amount_fen]));
  const external = new Map(file.rows.map((r) => [r.txn_id, r.amount_fen]));
  return record(c, date, 'citizen_card', compare(ledger, external));
}

/**
 * Daily reconciliation (DESIGN §4): the WeChat Pay trade bill against paid top-ups, and the citizen-card centre's
 * settlement file against the card wallets' movements, for one Asia/Shanghai day. Every difference is recorded for
 * operators; nothing is corrected automatically, because only a person can tell which side is wrong.
 */
export function createReconciliation(deps: ReconciliationDeps) {
  const Mismatch = modelOn<MismatchDoc>(deps.conn, 'ReconciliationMismatch', mismatchSchema, 'reconciliation_mismatches');
  const c: Ctx = { ...deps, Mismatch };

  return {
    /** Reconciles one Shanghai day with both sources; safe to run again. */
    async run(date: string): Promise<{ date: string; wechat_pay_mismatches: number; citizen_card_mismatches: number | null }> {
      // A day still going on (or to come) has no bill yet: WeChat Pay refuses it, and today's would record every
      // payment after the bill's cut-off as a mismatch. Only an ended Asia/Shanghai day can be compared.
      if (date >= shanghaiDate(new Date()))
        throw badRequest('day_not_over', '只能对账已经结束的日期（北京时间），今天和以后的日期还不能对账', [
          { path: 'body.date', message: '日期须早于今天（北京时间）', code: 'day_not_over' },
        ]);
      const wechat_pay_mismatches = await wechatPay(c, date);
      const citizen_card_mismatches = await citizenCard(c, date);
      deps.logger.info({ date, wechat_pay_mismatches, citizen_card_mismatches }, 'reconciliation done');
      return { date, wechat_pay_mismatches, citizen_card_mismatches };
    },

    async list(query: { limit: number; cursor?: string; date?: string; unresolved_only?: boolean }) {
      const filter: Record<string, unknown> = {};
      if (query.date) filter.date = query.date;
      if (query.unresolved_only) filter.resolved_at = null;
      if (query.cursor) filter._id = { $gt: Buffer.from(query.cursor, 'base64url').toString('utf8') };
      const rows = await Mismatch.find(filter)
        .sort({ _id: 1 })
        .limit(query.limit + 1)
        .lean<MismatchDoc[]>();
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      return {
        items: items.map(toMismatch),
        next_cursor: rows.length > query.limit && last ? Buffer.from(last._id).toString('base64url') : null,
      };
    },

    async resolve(id: string, user_id: string, note: string): Promise<ReconciliationMismatch> {
      const m = await Mismatch.findOneAndUpdate(
        { _id: id },
        { $set: { resolved_at: new Date(), resolved_by: user_id, note } },
        { new: true },
      ).lean<MismatchDoc>();
      if (!m) throw notFound('mismatch_not_found', '对账差异不存在');
      return toMismatch(m);
    },
  };
}
export type Reconciliation = ReturnType<typeof createReconciliation>;
