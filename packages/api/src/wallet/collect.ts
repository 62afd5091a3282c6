import type { Logger } from 'pino';
import { Schema, type Connection, type Model } from 'mongoose';
import type { WechatPayClient } from '../payments/wechatpay';
import { modelOn } from '../platform/db';
import { AppError, badRequest, conflict, notFound } from '../platform/problem';
import type { Ledger } from './ledger';

/**
 * Money other modules collect through WeChat Pay (an order paid by WeChat Pay rather than from the card wallet): the
 * wallet places the JSAPI order, and when the platform reports it paid (notify or query) books it once in the ledger
 * — from the WeChat Pay source account to the payee the module named (the platform's clearing account for orders) —
 * and tells the module through its listener. Modules never see the WeChat Pay client or the ledger.
 */
interface CollectionDoc {
  /** The out_trade_no. */
  _id: string;
  user_id: string;
  amount_fen: number;
  payee_account_id: string;
  /** The module's own reference, e.g. the checkout id; passed back to its listener. */
  reference_id: string;
  description: string;
  prepay_id: string | null;
  status: 'pending' | 'paid' | 'closed';
  transaction_id: string | null;
  transfer_id: string | null;
  /** When the listener took the payment; null while it has not (a crash between booking and telling). */
  told_at?: Date | null;
  /** When it was booked (the reconciliation's day); absent on collections booked before this field existed. */
  paid_at?: Date | null;
  created_at: Date;
}

const collectionSchema = new Schema<CollectionDoc>(
  {
    _id: String,
    user_id: { type: String, required: true },
    amount_fen: { type: Number, required: true },
    payee_account_id: { type: String, required: true },
    reference_id: { type: String, required: true, index: true },
    description: { type: String, required: true },
    prepay_id: { type: String, default: null },
    status: { type: String, required: true },
    transaction_id: { type: String, default: null },
    transfer_id: { type: String, default: null },
    told_at: { type: Date, default: null },
    paid_at: { type: Date, default: null },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);
// The sweep's query: paid, not yet told, old enough (the embedded database serves a filter from an index of its fields).
collectionSchema.index({ status: 1, told_at: 1, created_at: 1 });
// The reconciliation's query: payments booked on one day.
collectionSchema.index({ status: 1, paid_at: 1 });

export type PaidListener = (paid: { out_trade_no: string; reference_id: string; transfer_id: string; amount_fen: number }) => Promise<void>;

type CollectDeps = {
  conn: Connection;
  ledger: Ledger;
  wechatPay: WechatPayClient;
  notifyUrl: string;
  mchid: string;
  logger: Logger;
  openidOf: (user_id: string) => Promise<string>;
};
type Ctx = CollectDeps & { Collection: Model<CollectionDoc>; listener: { current: PaidListener | null } };

async function book(d: Ctx, c: CollectionDoc, transaction_id: string | null): Promise<CollectionDoc> {
  const source = await d.ledger.ensureAccount('topup_source', null, '微信支付收款');
  const key = `collect:${c._id}`;
  const earlier = await d.ledger.findByKey(key);
  const transfer = earlier
    ? await d.ledger.replay(earlier)
    : await d.ledger.transfer({
        idempotency_key: key,
        debit_account_id: source._id,
        credit_account_id: c.payee_account_id,
        amount_fen: c.amount_fen,
        kind: 'payment',
        memo: `微信支付 · ${c.description}`,
        reference_id: c.reference_id,
      });
  const paid =
    (await d.Collection.findOneAndUpdate(
      { _id: c._id, status: { $ne: 'paid' } },
      { $set: { status: 'paid', transaction_id, transfer_id: transfer._id, paid_at: new Date() } },
      { new: true },
    ).lean<CollectionDoc>()) ?? ((await d.Collection.findById(c._id).lean<CollectionDoc>()) as CollectionDoc);
  // Told every time (notifies repeat): the listener is idempotent. A crash before it ran is healed by a repeated
  // notify, a query (refresh, settleOrClose) or the sweep, which all tell a paid collection not yet told.
  await tell(d, { ...paid, transfer_id: transfer._id });
  return paid;
}

async function tell(d: Ctx, c: CollectionDoc): Promise<void> {
  if (!d.listener.current || !c.transfer_id) return;
  await d.listener.current({ out_trade_no: c._id, reference_id: c.reference_id, transfer_id: c.transfer_id, amount_fen: c.amount_fen });
  if (!c.told_at) await d.Collection.updateOne({ _id: c._id }, { $set: { told_at: new Date() } });
}

/** Places (or finds again) the JSAPI order; the same out_trade_no with another amount is a conflict. */
export interface PrepayRequest {
  out_trade_no: string;
  user_id: string;
  amount_fen: number;
  description: string;
  payee_account_id: string;
  reference_id: string;
}

/** Places (or finds again) the JSAPI order; the same out_trade_no with another amount is a conflict. */
async function prepay(d: Ctx, req: PrepayRequest) {
  let c = await d.Collection.findById(req.out_trade_no).lean<CollectionDoc>();
  if (c && c.amount_fen !== req.amount_fen) throw conflict('idempotency_conflict', '同一支付单对应了不同的金额');
  if (!c) {
    const { out_trade_no, ...rest } = req;
    const doc: CollectionDoc = {
      _id: out_trade_no,
      ...rest,
      prepay_id: null,
      status: 'pending',
      transaction_id: null,
      transfer_id: null,
      created_at: new Date(),
    };
    await d.Collection.create(doc).catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    });
    c = (await d.Collection.findById(req.out_trade_no).lean<CollectionDoc>()) as CollectionDoc;
  }
  if (c.status === 'closed') throw conflict('payment_closed', '该支付单已关闭');
  if (!c.prepay_id) {
    const { prepay_id } = await d.wechatPay.createJsapiOrder({
      out_trade_no: c._id,
      description: c.description.slice(0, 120),
      amount_fen: c.amount_fen,
      payer_openid: await d.openidOf(c.user_id),
      notify_url: d.notifyUrl,
    });
    await d.Collection.updateOne({ _id: c._id }, { $set: { prepay_id } });
    c = { ...c, prepay_id };
  }
  return { out_trade_no: c._id, status: c.status, pay_params: d.wechatPay.jsapiPayParams(c.prepay_id as string) };
}

/**
 * Settles an order's fate with the platform: paid (booked, listener told) → 'paid'; otherwise closed so it can no
 * longer be paid → 'closed'. What an expiry does before cancelling, so a late payment cannot land on a cancelled order.
 */
async function settleOrClose(d: Ctx, out_trade_no: string): Promise<'paid' | 'closed'> {
  const c = await d.Collection.findById(out_trade_no).lean<CollectionDoc>();
  if (!c) return 'closed';
  if (c.status === 'paid') {
    if (!c.told_at) await tell(d, c);
    return 'paid';
  }
  if (c.prepay_id) {
    const order = await d.wechatPay.queryOrder(c._id);
    if (order.trade_state === 'SUCCESS') {
      await book(d, c, order.transaction_id ?? null);
      return 'paid';
    }
    try {
      await d.wechatPay.closeOrder(c._id);
    } catch (err) {
      // Paid in the instant between the query and the close: book it.
      if ((err as AppError).code === 'wechatpay_order_paid') {
        const again = await d.wechatPay.queryOrder(c._id);
        await book(d, c, again.transaction_id ?? null);
        return 'paid';
      }
      throw err;
    }
  }
  await d.Collection.updateOne({ _id: c._id, status: 'pending' }, { $set: { status: 'closed' } });
  return 'closed';
}

export function createWechatCollect(deps: CollectDeps) {
  const Collection = modelOn(deps.conn, 'WechatCollection', collectionSchema, 'wechat_collections');
  const d: Ctx = { ...deps, Collection, listener: { current: null } };

  return {
    /** The module that acts on paid collections (one: orders). */
    onPaid(l: PaidListener): void {
      d.listener.current = l;
    },

    /**
     * Tells the listener of payments booked but never taken (the process died between the two, and the platform's
     * notify retries ran out or came while it was down). Run by the `collection-tell-sweep` job; returns how many.
     */
    async tellUntold(older_than_ms: number): Promise<number> {
      const before = new Date(Date.now() - older_than_ms);
      const due = await d.Collection.find({ status: 'paid', told_at: null, created_at: { $lt: before } })
        .limit(200)
        .lean<CollectionDoc[]>();
      for (const c of due) await tell(d, c);
      return due.length;
    },

    /** Payments booked in [from, to): what the WeChat Pay bill of that day must also list (reconciliation). */
    async paidBetween(from: Date, to: Date): Promise<{ out_trade_no: string; amount_fen: number }[]> {
      const paid = await d.Collection.find({ status: 'paid', paid_at: { $gte: from, $lt: to } }, { _id: 1, amount_fen: 1 }).lean<
        Pick<CollectionDoc, '_id' | 'amount_fen'>[]
      >();
      return paid.map((c) => ({ out_trade_no: c._id, amount_fen: c.amount_fen }));
    },

    /** The collection a ledger transfer booked (its key is `collect:<out_trade_no>`), or null for any other transfer. */
    async ofTransfer(t: { idempotency_key: string }): Promise<{ out_trade_no: string; user_id: string; amount_fen: number } | null> {
      if (!t.idempotency_key.startsWith('collect:')) return null;
      const c = await d.Collection.findById(t.idempotency_key.slice('collect:'.length)).lean<CollectionDoc>();
      return c ? { out_trade_no: c._id, user_id: c.user_id, amount_fen: c.amount_fen } : null;
    },

    /** Is this out_trade_no one of ours (not a top-up)? */
    owns: async (out_trade_no: string) => Boolean(await d.Collection.exists({ _id: out_trade_no })),

    /** Places (or finds again) the JSAPI order; the same out_trade_no with another amount is a conflict. */
    prepay: (req: PrepayRequest) => prepay(d, req),

    /** A paid transaction from the notify route (already verified and decrypted by the WeChat Pay client). */
    async applyPaid(tx: { out_trade_no?: string; transaction_id?: string; mchid?: string; amount?: { total?: number } }): Promise<void> {
      const c = tx.out_trade_no ? await d.Collection.findById(tx.out_trade_no).lean<CollectionDoc>() : null;
      if (!c) {
        d.logger.error({ out_trade_no: tx.out_trade_no }, 'wechat pay notify for an unknown order');
        throw notFound('payment_order_unknown', '未知的支付订单');
      }
      if (tx.mchid !== d.mchid || tx.amount?.total !== c.amount_fen) {
        d.logger.error(
          { out_trade_no: c._id, expected_fen: c.amount_fen, notified_fen: tx.amount?.total },
          'wechat pay amount or merchant mismatch',
        );
        throw badRequest('payment_amount_mismatch', '支付金额与订单不符');
      }
      await book(d, c, tx.transaction_id ?? null);
    },

    /**
     * Settles an order's fate with the platform: paid (booked, listener told) → 'paid'; otherwise closed so it can no
     * longer be paid → 'closed'. What an expiry does before cancelling, so a late payment cannot land on a cancelled order.
     */
    settleOrClose: (out_trade_no: string) => settleOrClose(d, out_trade_no),

    /** For a pending payment page: asks the platform in case the notify is late. */
    async refresh(out_trade_no: string): Promise<'pending' | 'paid' | 'closed'> {
      const c = await d.Collection.findById(out_trade_no).lean<CollectionDoc>();
      if (!c) return 'closed';
      if (c.status === 'paid' && !c.told_at) await tell(d, c);
      if (c.status !== 'pending' || !c.prepay_id) return c.status;
      const order = await d.wechatPay.queryOrder(c._id).catch(() => null);
      if (order?.trade_state === 'SUCCESS') {
        await book(d, c, order.transaction_id ?? null);
        return 'paid';
      }
      return 'pending';
    },
  };
}
export type WechatCollect = ReturnType<typeof createWechatCollect>;
