import type { TopupRefund } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import type { Commands } from '../platform/commands';
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

type RefundInput = { user_id: string; topup_id: string; amount_fen: number; request_key: string };

/**
 * Sending top-up money back to WeChat Pay (退回充值) on the command kernel: the request is keyed by the person and
 * their Idempotency-Key (a repeat answers the first refund, another body is 409 idempotency_conflict) and its one
 * step starts the WeChat refund saga (wechat-refunds.ts) — reserve on the top-up's transfer, hold the amount out of
 * the wallet so it cannot be spent meanwhile, ask WeChat Pay — whose own record carries the part that ends later
 * (the refund notify, a query, the sweeper). A crash inside the step is resumed by the kernel's recovery; the saga
 * finds its record again by the same request key.
 */
export function createTopupRefunds(deps: { models: WalletModels; ledger: Ledger; wechat: WechatRefunds; commands: Commands }) {
  const { Topup, WechatRefund } = deps.models;
  const command = deps.commands.define<RefundInput, { refund_id: string }>({
    name: 'wallet.topup-refund',
    async run(input, saga) {
      const topup = await Topup.findOne({ _id: input.topup_id, user_id: input.user_id }).lean<TopupDoc>();
      if (!topup) throw notFound('topup_not_found', '充值记录不存在');
      if (topup.channel !== 'wechat_pay' || topup.status !== 'paid') throw conflict('topup_not_refundable', '只有已到账的微信充值可以退回');
      const paid = await deps.ledger.findByKey(`topup:${topup._id}`);
      if (!paid || paid.status !== 'posted') throw conflict('topup_not_paid', '该充值尚未到账');
      const args = { ...input, total_fen: topup.amount_fen, account_id: topup.account_id, original_transfer_id: paid._id };
      const refund_id = await saga.step('wechat-refund-start', args, async (a) => {
        const refund = await deps.wechat.start({
          kind: 'topup',
          request_key: a.request_key,
          out_trade_no: a.topup_id,
          total_fen: a.total_fen,
          original_transfer_id: a.original_transfer_id,
          topup_id: a.topup_id,
          user_id: a.user_id,
          account_id: a.account_id,
          amount_fen: a.amount_fen,
          reason: '钱包余额退回',
          memo: '退回充值到微信',
          reference_id: a.topup_id,
        });
        return refund._id;
      });
      return { refund_id };
    },
  });

  return {
    async create(actor: UserActor, topup_id: string, amount_fen: number, idempotencyKey: string): Promise<TopupRefund> {
      const request_key = `${actor.user_id}:${idempotencyKey}`;
      const input = { user_id: actor.user_id, topup_id, amount_fen, request_key };
      const { refund_id } = await command.execute({ key: request_key, input, request: { topup_id, amount_fen } });
      return toTopupRefund((await WechatRefund.findById(refund_id).lean<WechatRefundDoc>()) as WechatRefundDoc);
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
