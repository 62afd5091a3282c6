import type { Logger } from 'pino';
import { readRefund, type WechatPayClient } from '../payments/wechatpay';
import { newId } from '../platform/ids';
import { AppError, conflict, notFound } from '../platform/problem';
import type { Ledger } from './ledger';
import type { WalletModels, WechatRefundDoc } from './models';

/**
 * Money sent back through WeChat Pay's refund API, one saga for every kind (DESIGN §2, §4): a top-up sent back from
 * the wallet (refunds.ts) and a payment collected for another module (an order paid by WeChat Pay, origin.ts).
 *   1. reserve the amount on the original ledger transfer (never more than was paid, even when raced)
 *   2. hold: move it to the WeChat Pay source account (out of the wallet, or out of clearing), so it cannot be spent
 *      or settled meanwhile
 *   3. ask the platform, with out_refund_no = our refund id (a retry reuses it, the platform answers the same refund)
 *   4. success only from the REFUND.SUCCESS notify or a query; a refusal or CLOSED compensates: the hold is put back
 *      where it came from and the reservation released.
 * A sweeper job retries refunds the platform has not accepted yet, queries those it has, finishes compensations and
 * tells the listener (orders) what it has not heard yet.
 */

/**
 * Verified refusals of a refund request. Even then the refund is looked up before anything is given back, because
 * the platform may have accepted an earlier attempt under the same out_refund_no. An unverifiable refusal (say, a
 * proxy's 4xx) is treated as an unknown outcome and retried.
 */
const VERIFIED_REFUSALS = new Set(['wechatpay_invalid_request', 'wechatpay_order_not_found', 'wechatpay_order_closed']);

const UNDO_MEMO: Record<WechatRefundDoc['kind'], string> = {
  topup: '退回充值未成功，金额已退回钱包',
  collection: '微信退款未成功，款项退回平台待结算',
};

/** What the listener hears once a collection's refund is over (told again until it has taken it). */
export type RefundSettledListener = (r: {
  refund_id: string;
  request_key: string;
  reference_id: string | null;
  status: 'succeeded' | 'failed';
  amount_fen: number;
  failure_code: string | null;
}) => Promise<void>;

export type RefundStart = Pick<
  WechatRefundDoc,
  | 'kind'
  | 'request_key'
  | 'out_trade_no'
  | 'total_fen'
  | 'original_transfer_id'
  | 'user_id'
  | 'account_id'
  | 'amount_fen'
  | 'reason'
  | 'memo'
  | 'reference_id'
> & { topup_id?: string | null };

interface Ctx {
  models: WalletModels;
  ledger: Ledger;
  wechatPay: WechatPayClient;
  notifyUrl: string;
  logger: Logger;
  listener: { current: RefundSettledListener | null };
}

const reload = (c: Ctx, id: string) => c.models.WechatRefund.findById(id).lean<WechatRefundDoc>() as Promise<WechatRefundDoc>;

/** Tells the listener about a finished collection refund, and records that it was heard. */
async function announce(c: Ctx, r: WechatRefundDoc): Promise<void> {
  if (r.kind !== 'collection' || r.status === 'processing' || r.announced || !c.listener.current) return;
  await c.listener.current({
    refund_id: r._id,
    request_key: r.request_key,
    reference_id: r.reference_id,
    status: r.status,
    amount_fen: r.amount_fen,
    failure_code: r.failure_code,
  });
  await c.models.WechatRefund.updateOne({ _id: r._id }, { $set: { announced: true } });
}

/** Gives the reservation back to the original transfer, once, whichever path gets here first. */
async function releaseOnce(c: Ctx, r: WechatRefundDoc): Promise<void> {
  const claimed = await c.models.WechatRefund.findOneAndUpdate({ _id: r._id, reserved: true }, { $set: { reserved: false } }).lean();
  if (claimed) await c.ledger.releaseRefund(r.original_transfer_id, r.amount_fen);
}

/**
 * Compensation: the held money goes back where it was taken from and the amount becomes refundable again.
 * Idempotent: the reversing transfer is keyed, the reservation released once.
 */
async function compensate(c: Ctx, r: WechatRefundDoc): Promise<void> {
  const hold = await c.ledger.findByKey(`refund-hold:${r._id}`);
  // Still pending: the recovery job finishes it and the next sweep compensates.
  if (hold?.status === 'pending') return;
  // Never moved (not written, or voided): nothing to put back, only the reservation.
  if (!hold || hold.status === 'voided') return releaseOnce(c, r);
  await c.ledger.transfer({
    idempotency_key: `refund-undo:${r._id}`,
    debit_account_id: hold.credit_account_id,
    credit_account_id: hold.debit_account_id,
    amount_fen: r.amount_fen,
    kind: 'refund_reversal',
    memo: UNDO_MEMO[r.kind ?? 'topup'],
    reference_id: r._id,
  });
  await releaseOnce(c, r);
}

/** Ends the saga once (the status is claimed first); a failure then puts the held money back. */
async function finish(c: Ctx, r: WechatRefundDoc, status: 'succeeded' | 'failed', failure_code: string | null = null) {
  const claimed = await c.models.WechatRefund.findOneAndUpdate(
    { _id: r._id, status: 'processing' },
    { $set: { status, failure_code, finished_at: new Date() } },
    { new: true },
  ).lean<WechatRefundDoc>();
  if (claimed && status === 'failed') await compensate(c, claimed);
  const ended = claimed ?? (await reload(c, r._id));
  await announce(c, ended);
  return ended;
}

/** Ends a refund whose hold never moved money (compensation then only gives the reservation back). */
const abandon = (c: Ctx, r: WechatRefundDoc, failure_code: string) => finish(c, r, 'failed', failure_code);

/** Applies the platform's word on a refund (from a notify or a query). */
async function applyStatus(c: Ctx, r: WechatRefundDoc, status: string): Promise<WechatRefundDoc> {
  if (r.status !== 'processing') return r;
  if (status === 'SUCCESS') return finish(c, r, 'succeeded');
  if (status === 'CLOSED') return finish(c, r, 'failed', 'wechatpay_refund_closed');
  // ABNORMAL (e.g. the payer's bank card was cancelled) can still be re-issued by an operator from the merchant
  // portal, so the money is not put back automatically; it stays processing for a person to decide.
  if (status === 'ABNORMAL') c.logger.error({ refund_id: r._id }, 'wechat pay refund abnormal: needs an operator');
  return r;
}

/** Step 3, safe to repeat: the same out_refund_no gives the same refund at the platform. */
async function submit(c: Ctx, r: WechatRefundDoc): Promise<WechatRefundDoc> {
  // Never ask the platform to pay out money that has not been taken out of the wallet or clearing.
  const hold = await c.ledger.findByKey(`refund-hold:${r._id}`);
  if (!hold || hold.status === 'voided') return abandon(c, r, hold?.failure_code ?? 'hold_missing');
  if (hold.status !== 'posted') return r; // the recovery job finishes it; the next sweep submits
  try {
    await c.wechatPay.createRefund({
      out_trade_no: r.out_trade_no,
      out_refund_no: r._id,
      refund_fen: r.amount_fen,
      total_fen: r.total_fen,
      reason: r.reason,
      notify_url: c.notifyUrl,
    });
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (VERIFIED_REFUSALS.has(code)) {
      const known = await c.wechatPay
        .queryRefund(r._id)
        .catch((e: { code?: string }) => (e.code === 'wechatpay_not_found' ? null : undefined));
      if (known) return applyStatus(c, r, known.status);
      if (known === null) return finish(c, r, 'failed', code); // the platform has no such refund: give it back
    }
    // Unknown outcome (timeout, 503): stays processing; the sweeper asks again with the same number.
    c.logger.warn({ refund_id: r._id, code }, 'wechat pay refund not accepted yet');
    return r;
  }
  return (await c.models.WechatRefund.findOneAndUpdate(
    { _id: r._id },
    { $set: { submitted: true } },
    { new: true },
  ).lean<WechatRefundDoc>()) as WechatRefundDoc;
}

/** The first result of a request again: its refund, or the refusal it ended with. */
function replay(existing: WechatRefundDoc, s: RefundStart): WechatRefundDoc {
  if (existing.original_transfer_id !== s.original_transfer_id || existing.amount_fen !== s.amount_fen)
    throw conflict('idempotency_conflict', '同一幂等键对应了不同的请求参数');
  if (existing.failure_code === 'refund_exceeds_payment') throw conflict('refund_exceeds_payment', '退款金额超过可退金额');
  if (existing.failure_code === 'insufficient_funds') throw conflict('insufficient_funds', '余额不足');
  return existing;
}

/** Steps 1–3 for a new request; a repeat of the request (same request_key) answers the first refund. */
async function start(c: Ctx, s: RefundStart): Promise<WechatRefundDoc> {
  const { WechatRefund } = c.models;
  const existing = await WechatRefund.findOne({ request_key: s.request_key }).lean<WechatRefundDoc>();
  if (existing) return replay(existing, s);
  const refund: WechatRefundDoc = {
    _id: newId('rfd'),
    ...s,
    topup_id: s.topup_id ?? null,
    status: 'processing',
    submitted: false,
    reserved: false,
    // Only collections have a listener to tell.
    announced: s.kind !== 'collection',
    failure_code: null,
    created_at: new Date(),
    finished_at: null,
  };
  // The request key is claimed first, so concurrent repeats of one request never reserve twice.
  try {
    await WechatRefund.create(refund);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return replay((await WechatRefund.findOne({ request_key: s.request_key }).lean<WechatRefundDoc>()) as WechatRefundDoc, s);
  }
  if (!(await c.ledger.reserveRefund(s.original_transfer_id, s.amount_fen))) {
    await WechatRefund.updateOne(
      { _id: refund._id },
      { $set: { status: 'failed', failure_code: 'refund_exceeds_payment', finished_at: new Date(), announced: true } },
    );
    throw conflict('refund_exceeds_payment', '退款金额超过可退金额');
  }
  // Recorded after the reservation: a crash in between leaves it held (nothing refundable is invented).
  await WechatRefund.updateOne({ _id: refund._id }, { $set: { reserved: true } });
  return hold(c, { ...refund, reserved: true });
}

/** Step 2, then step 3. A hold that surely failed ends the saga with nothing to compensate. */
async function hold(c: Ctx, r: WechatRefundDoc): Promise<WechatRefundDoc> {
  const source = await c.ledger.ensureAccount('topup_source', null, '微信支付收款');
  try {
    await c.ledger.transfer({
      idempotency_key: `refund-hold:${r._id}`,
      debit_account_id: r.account_id,
      credit_account_id: source._id,
      amount_fen: r.amount_fen,
      kind: 'refund',
      memo: r.memo,
      reference_id: r._id,
    });
  } catch (err) {
    const held = await c.ledger.findByKey(`refund-hold:${r._id}`);
    // Still pending: the recovery job will finish the hold and the sweeper will submit it; keep everything.
    if (held && held.status === 'pending') throw err;
    await abandon(c, r, (err as AppError).code ?? 'hold_failed');
    throw err;
  }
  return submit(c, r);
}

/** The sweeper: submits refunds the platform never accepted, queries the ones it did, finishes what a crash left. */
async function sweep(c: Ctx, older_than_ms: number): Promise<{ resubmitted: number; settled: number }> {
  const { WechatRefund } = c.models;
  const cutoff = new Date(Date.now() - older_than_ms);
  let resubmitted = 0;
  let settled = 0;
  // A crash between "failed" and its compensation, or before the listener heard, is finished here (both idempotent).
  const recent = { status: { $in: ['failed', 'succeeded'] }, finished_at: { $gte: new Date(Date.now() - 24 * 3600 * 1000) } };
  for (const r of await WechatRefund.find({ ...recent, $or: [{ status: 'failed' }, { announced: false }] })
    .limit(200)
    .lean<WechatRefundDoc[]>()) {
    if (r.status === 'failed') await compensate(c, r);
    await announce(c, r);
  }
  for (const r of await WechatRefund.find({ status: 'processing', created_at: { $lte: cutoff } })
    .limit(200)
    .lean<WechatRefundDoc[]>()) {
    if (!r.submitted) {
      await submit(c, r);
      resubmitted++;
      continue;
    }
    const answer = await c.wechatPay.queryRefund(r._id).catch(() => null);
    if (answer && (await applyStatus(c, r, answer.status)).status !== 'processing') settled++;
  }
  return { resubmitted, settled };
}

export function createWechatRefunds(deps: Omit<Ctx, 'listener'>) {
  const c: Ctx = { ...deps, listener: { current: null } };
  return {
    start: (s: RefundStart) => start(c, s),
    sweep: (older_than_ms: number) => sweep(c, older_than_ms),

    /** Who is told when a collection's refund is over (one listener: modules.ts routes it to orders or proxy orders). */
    onSettled(l: RefundSettledListener): void {
      c.listener.current = l;
    },

    /** The refund as it stands; a submitted one still processing is asked about first (its notify may be late). */
    async refresh(r: WechatRefundDoc): Promise<WechatRefundDoc> {
      if (r.status !== 'processing' || !r.submitted) return r;
      const answer = await c.wechatPay.queryRefund(r._id).catch(() => null);
      return answer ? applyStatus(c, r, answer.status) : r;
    },

    /** REFUND.* notifies (already verified and decrypted), for refunds of either kind. */
    async onNotify(resource: Record<string, unknown>): Promise<void> {
      const n = readRefund(resource);
      const r = await c.models.WechatRefund.findById(n.out_refund_no).lean<WechatRefundDoc>();
      if (!r) throw notFound('refund_not_found', '未知的退款单');
      if (n.refund_fen !== r.amount_fen) throw new AppError(400, 'refund_amount_mismatch', '退款金额与退款单不符');
      await applyStatus(c, r, n.status);
    },
  };
}
export type WechatRefunds = ReturnType<typeof createWechatRefunds>;
