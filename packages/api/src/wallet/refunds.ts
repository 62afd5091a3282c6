import type { TopupRefund } from '@cc/shared';
import type { Logger } from 'pino';
import { readRefund, type WechatPayClient } from '../payments/wechatpay';
import type { UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { AppError, conflict, notFound } from '../platform/problem';
import type { Ledger } from './ledger';
import type { TopupDoc, TopupRefundDoc, WalletModels } from './models';

export function toTopupRefund(r: TopupRefundDoc): TopupRefund {
  return {
    id: r._id,
    topup_id: r.topup_id,
    amount_fen: r.amount_fen,
    status: r.status,
    created_at: r.created_at.toISOString(),
    finished_at: r.finished_at ? r.finished_at.toISOString() : null,
  };
}

/**
 * Verified refusals of a refund request. Even then the refund is looked up before anything is given back, because
 * the platform may have accepted an earlier attempt under the same out_refund_no. An unverifiable refusal (say, a
 * proxy's 4xx) is treated as an unknown outcome and retried.
 */
const VERIFIED_REFUSALS = new Set(['wechatpay_invalid_request', 'wechatpay_order_not_found', 'wechatpay_order_closed']);

/**
 * Sending top-up money back to WeChat Pay, a saga over the ledger and the platform (DESIGN §2, §4):
 *   1. reserve the amount on the top-up (never more than was topped up, even when raced)
 *   2. hold: move it out of the wallet (so it cannot be spent meanwhile)
 *   3. ask the platform, with out_refund_no = our refund id (a retry reuses it, the platform answers the same refund)
 *   4. success only from the REFUND.SUCCESS notify or a query; a refusal or ABNORMAL/CLOSED compensates: the hold is
 *      put back into the wallet and the reservation released.
 * A sweeper job retries refunds the platform has not accepted yet and queries those it has.
 */
export function createTopupRefunds(deps: {
  models: WalletModels;
  ledger: Ledger;
  wechatPay: WechatPayClient;
  notifyUrl: string;
  logger: Logger;
}) {
  const { Topup, TopupRefund } = deps.models;

  async function topupTransferId(topup_id: string): Promise<string> {
    const t = await deps.ledger.findByKey(`topup:${topup_id}`);
    if (!t || t.status !== 'posted') throw conflict('topup_not_paid', '该充值尚未到账');
    return t._id;
  }

  /** Ends the saga once (the status is claimed first); a failure then puts the held money back. */
  async function finish(
    refund: TopupRefundDoc,
    status: 'succeeded' | 'failed',
    failure_code: string | null = null,
  ): Promise<TopupRefundDoc> {
    const claimed = await TopupRefund.findOneAndUpdate(
      { _id: refund._id, status: 'processing' },
      { $set: { status, failure_code, finished_at: new Date() } },
      { new: true },
    ).lean<TopupRefundDoc>();
    if (claimed && status === 'failed') await compensate(claimed);
    return claimed ?? ((await TopupRefund.findById(refund._id).lean<TopupRefundDoc>()) as TopupRefundDoc);
  }

  /**
   * Compensation: the held money goes back to the wallet and the amount becomes refundable again. Idempotent: the
   * reservation is released only by the call that made the reversing transfer.
   */
  async function compensate(refund: TopupRefundDoc): Promise<void> {
    const hold = await deps.ledger.findByKey(`refund-hold:${refund._id}`);
    if (!hold || hold.status !== 'posted') return;
    await deps.ledger.transfer({
      idempotency_key: `refund-undo:${refund._id}`,
      debit_account_id: hold.credit_account_id,
      credit_account_id: hold.debit_account_id,
      amount_fen: refund.amount_fen,
      kind: 'refund_reversal',
      memo: '退回充值未成功，金额已退回钱包',
      reference_id: refund._id,
    });
    await releaseOnce(refund);
  }

  /** Gives the reservation back to the top-up, once, whichever path gets here first. */
  async function releaseOnce(refund: TopupRefundDoc): Promise<void> {
    const claimed = await TopupRefund.findOneAndUpdate(
      { _id: refund._id, reserved: true },
      { $set: { reserved: false } },
    ).lean<TopupRefundDoc>();
    if (claimed) await deps.ledger.releaseRefund(await topupTransferId(refund.topup_id), refund.amount_fen);
  }

  /** Ends a refund whose hold never moved money: nothing to put back, only the reservation. */
  async function abandon(refund: TopupRefundDoc, failure_code: string): Promise<TopupRefundDoc> {
    const ended = await TopupRefund.findOneAndUpdate(
      { _id: refund._id, status: 'processing' },
      { $set: { status: 'failed', failure_code, finished_at: new Date() } },
      { new: true },
    ).lean<TopupRefundDoc>();
    await releaseOnce(refund);
    return ended ?? ((await TopupRefund.findById(refund._id).lean<TopupRefundDoc>()) as TopupRefundDoc);
  }

  /** Step 3, safe to repeat: the same out_refund_no gives the same refund at the platform. */
  async function submit(refund: TopupRefundDoc): Promise<TopupRefundDoc> {
    // Never ask the platform to pay out money the wallet has not given up.
    const hold = await deps.ledger.findByKey(`refund-hold:${refund._id}`);
    if (!hold || hold.status === 'voided') return abandon(refund, hold?.failure_code ?? 'hold_missing');
    if (hold.status !== 'posted') return refund; // the recovery job finishes it; the next sweep submits
    const topup = (await Topup.findById(refund.topup_id).lean<TopupDoc>()) as TopupDoc;
    try {
      await deps.wechatPay.createRefund({
        out_trade_no: topup._id,
        out_refund_no: refund._id,
        refund_fen: refund.amount_fen,
        total_fen: topup.amount_fen,
        reason: '钱包余额退回',
        notify_url: deps.notifyUrl,
      });
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (VERIFIED_REFUSALS.has(code)) {
        const known = await deps.wechatPay
          .queryRefund(refund._id)
          .catch((e: { code?: string }) => (e.code === 'wechatpay_not_found' ? null : undefined));
        if (known) return applyStatus(refund, known.status);
        if (known === null) return finish(refund, 'failed', code); // the platform has no such refund: give it back
      }
      // Unknown outcome (timeout, 503): stays processing; the sweeper asks again with the same number.
      deps.logger.warn({ refund_id: refund._id, code }, 'wechat pay refund not accepted yet');
      return refund;
    }
    return (await TopupRefund.findOneAndUpdate(
      { _id: refund._id },
      { $set: { submitted: true } },
      { new: true },
    ).lean<TopupRefundDoc>()) as TopupRefundDoc;
  }

  /** Applies the platform's word on a refund (from a notify or a query). */
  async function applyStatus(refund: TopupRefundDoc, status: string): Promise<TopupRefundDoc> {
    if (refund.status !== 'processing') return refund;
    if (status === 'SUCCESS') return finish(refund, 'succeeded');
    if (status === 'CLOSED') return finish(refund, 'failed', 'wechatpay_refund_closed');
    // ABNORMAL (e.g. the payer's bank card was cancelled) can still be re-issued by an operator from the merchant
    // portal, so the money is not put back automatically; it stays processing for a person to decide.
    if (status === 'ABNORMAL') deps.logger.error({ refund_id: refund._id }, 'wechat pay refund abnormal: needs an operator');
    return refund;
  }

  const exceeds = () => conflict('refund_exceeds_payment', '退回金额超过可退金额');

  /** The first result of a request again: its refund, or the refusal it ended with. */
  function replay(existing: TopupRefundDoc, topup_id: string, amount_fen: number): TopupRefund {
    if (existing.topup_id !== topup_id || existing.amount_fen !== amount_fen)
      throw conflict('idempotency_conflict', '同一幂等键对应了不同的请求参数');
    if (existing.failure_code === 'refund_exceeds_payment') throw exceeds();
    if (existing.failure_code === 'insufficient_funds') throw conflict('insufficient_funds', '余额不足');
    return toTopupRefund(existing);
  }

  return {
    async create(actor: UserActor, topup_id: string, amount_fen: number, idempotencyKey: string): Promise<TopupRefund> {
      const topup = await Topup.findOne({ _id: topup_id, user_id: actor.user_id }).lean<TopupDoc>();
      if (!topup) throw notFound('topup_not_found', '充值记录不存在');
      if (topup.channel !== 'wechat_pay' || topup.status !== 'paid') throw conflict('topup_not_refundable', '只有已到账的微信充值可以退回');
      const request_key = `${actor.user_id}:${idempotencyKey}`;
      const existing = await TopupRefund.findOne({ request_key }).lean<TopupRefundDoc>();
      if (existing) return replay(existing, topup_id, amount_fen);
      const transfer_id = await topupTransferId(topup_id);
      const refund: TopupRefundDoc = {
        _id: newId('rfd'),
        topup_id,
        user_id: actor.user_id,
        account_id: topup.account_id,
        amount_fen,
        request_key,
        status: 'processing',
        submitted: false,
        reserved: false,
        failure_code: null,
        created_at: new Date(),
        finished_at: null,
      };
      // The request key is claimed first, so concurrent repeats of one request never reserve twice.
      try {
        await TopupRefund.create(refund);
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        return replay((await TopupRefund.findOne({ request_key }).lean<TopupRefundDoc>()) as TopupRefundDoc, topup_id, amount_fen);
      }
      const fail = async (code: string, error: AppError) => {
        await TopupRefund.updateOne({ _id: refund._id }, { $set: { status: 'failed', failure_code: code, finished_at: new Date() } });
        return error;
      };
      if (!(await deps.ledger.reserveRefund(transfer_id, amount_fen))) throw await fail('refund_exceeds_payment', exceeds());
      // Recorded after the reservation: a crash in between leaves it held (nothing refundable is invented).
      await TopupRefund.updateOne({ _id: refund._id }, { $set: { reserved: true } });
      const reservedRefund = { ...refund, reserved: true };
      const source = await deps.ledger.ensureAccount('topup_source', null, '微信支付收款');
      try {
        await deps.ledger.transfer({
          idempotency_key: `refund-hold:${refund._id}`,
          debit_account_id: topup.account_id,
          credit_account_id: source._id,
          amount_fen,
          kind: 'refund',
          memo: '退回充值到微信',
          reference_id: refund._id,
        });
      } catch (err) {
        const hold = await deps.ledger.findByKey(`refund-hold:${refund._id}`);
        // Still pending: the recovery job will finish the hold and the sweeper will submit it; keep everything.
        if (hold && hold.status === 'pending') throw err;
        // Nothing left the wallet: end the saga without compensation.
        await abandon(reservedRefund, (err as AppError).code ?? 'hold_failed');
        throw err;
      }
      return toTopupRefund(await submit(reservedRefund));
    },

    async get(actor: UserActor, refund_id: string): Promise<TopupRefund> {
      let refund = await TopupRefund.findOne({ _id: refund_id, user_id: actor.user_id }).lean<TopupRefundDoc>();
      if (!refund) throw notFound('refund_not_found', '退款记录不存在');
      if (refund.status === 'processing' && refund.submitted) {
        const answer = await deps.wechatPay.queryRefund(refund._id).catch(() => null);
        if (answer) refund = await applyStatus(refund, answer.status);
      }
      return toTopupRefund(refund);
    },

    /** REFUND.* notifies (already verified and decrypted). */
    async onNotify(resource: Record<string, unknown>): Promise<void> {
      const r = readRefund(resource);
      const refund = await TopupRefund.findById(r.out_refund_no).lean<TopupRefundDoc>();
      if (!refund) throw notFound('refund_not_found', '未知的退款单');
      if (r.refund_fen !== refund.amount_fen) throw new AppError(400, 'refund_amount_mismatch', '退款金额与退款单不符');
      await applyStatus(refund, r.status);
    },

    /** The sweeper: submits refunds the platform never accepted, queries the ones it did, finishes compensations. */
    async sweep(older_than_ms: number): Promise<{ resubmitted: number; settled: number }> {
      const cutoff = new Date(Date.now() - older_than_ms);
      let resubmitted = 0;
      let settled = 0;
      // A crash between "failed" and its compensation is finished here (compensate is idempotent).
      for (const failed of await TopupRefund.find({ status: 'failed', finished_at: { $gte: new Date(Date.now() - 24 * 3600 * 1000) } })
        .limit(200)
        .lean<TopupRefundDoc[]>()) {
        await compensate(failed);
      }
      for (const refund of await TopupRefund.find({ status: 'processing', created_at: { $lte: cutoff } })
        .limit(200)
        .lean<TopupRefundDoc[]>()) {
        if (!refund.submitted) {
          await submit(refund);
          resubmitted++;
          continue;
        }
        const answer = await deps.wechatPay.queryRefund(refund._id).catch(() => null);
        if (answer && (await applyStatus(refund, answer.status)).status !== 'processing') settled++;
      }
      return { resubmitted, settled };
    },
  };
}
export type TopupRefunds = ReturnType<typeof createTopupRefunds>;
