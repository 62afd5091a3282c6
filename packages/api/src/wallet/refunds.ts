import type { TopupRefund } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { conflict, notFound } from '../platform/problem';
import type { Ledger } from './ledger';
import type { TopupDoc, WalletModels, WechatRefundDoc } from './models';
import type { WechatRefunds } from './wechat-refunds';

export function toTopupRefund(r: WechatRefundDoc): TopupRefund {
  return {
    id: r._id,
    topup_id: r.topup_id ?? r.out_trade_no,
    amount_fen: r.amount_fen,
    status: r.status,
    created_at: r.created_at.toISOString(),
    finished_at: r.finished_at ? r.finished_at.toISOString() : null,
  };
}

/**
 * Sending top-up money back to WeChat Pay (退回充值): the WeChat refund saga (wechat-refunds.ts) with the hold taken
 * from the person's wallet, so the amount leaves the wallet at once and cannot be spent meanwhile.
 */
export function createTopupRefunds(deps: { models: WalletModels; ledger: Ledger; wechat: WechatRefunds }) {
  const { Topup, WechatRefund } = deps.models;

  return {
    async create(actor: UserActor, topup_id: string, amount_fen: number, idempotencyKey: string): Promise<TopupRefund> {
      const topup = await Topup.findOne({ _id: topup_id, user_id: actor.user_id }).lean<TopupDoc>();
      if (!topup) throw notFound('topup_not_found', '充值记录不存在');
      if (topup.channel !== 'wechat_pay' || topup.status !== 'paid') throw conflict('topup_not_refundable', '只有已到账的微信充值可以退回');
      const paid = await deps.ledger.findByKey(`topup:${topup_id}`);
      if (!paid || paid.status !== 'posted') throw conflict('topup_not_paid', '该充值尚未到账');
      const refund = await deps.wechat.start({
        kind: 'topup',
        request_key: `${actor.user_id}:${idempotencyKey}`,
        out_trade_no: topup._id,
        total_fen: topup.amount_fen,
        original_transfer_id: paid._id,
        topup_id,
        user_id: actor.user_id,
        account_id: topup.account_id,
        amount_fen,
        reason: '钱包余额退回',
        memo: '退回充值到微信',
        reference_id: topup_id,
      });
      return toTopupRefund(refund);
    },

    async get(actor: UserActor, refund_id: string): Promise<TopupRefund> {
      const refund = await WechatRefund.findOne({
        _id: refund_id,
        user_id: actor.user_id,
        kind: { $ne: 'collection' },
      }).lean<WechatRefundDoc>();
      if (!refund) throw notFound('refund_not_found', '退款记录不存在');
      return toTopupRefund(await deps.wechat.refresh(refund));
    },

    /** The sweeper of every WeChat refund (top-ups and collections): one saga, one job. */
    sweep: (older_than_ms: number) => deps.wechat.sweep(older_than_ms),
  };
}
export type TopupRefunds = ReturnType<typeof createTopupRefunds>;
