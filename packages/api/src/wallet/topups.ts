import type { Topup } from '@cc/shared';
import type { Logger } from 'pino';
import { assertCommunityRole, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { AppError, badRequest, notFound } from '../platform/problem';
import type { WechatPayClient } from '../payments/wechatpay';
import type { CardService } from './cards';
import type { Ledger } from './ledger';
import type { TopupDoc, WalletModels } from './models';

export function toTopup(t: TopupDoc): Topup {
  return {
    id: t._id,
    channel: t.channel,
    amount_fen: t.amount_fen,
    status: t.status,
    created_at: t.created_at.toISOString(),
    paid_at: t.paid_at ? t.paid_at.toISOString() : null,
  };
}

/** What a WeChat Pay TRANSACTION.SUCCESS notify carries once decrypted (the fields we rely on). */
interface PaidTransaction {
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  mchid?: string;
  amount?: { total?: number };
}

/**
 * Topping up a card wallet: through WeChat Pay (prepay, then the notify or an order query credits it), or with cash
 * at a station counter. Each payment credits the wallet exactly once, however often the platform notifies.
 */
export function createTopupService(deps: {
  models: WalletModels;
  ledger: Ledger;
  cards: CardService;
  wechatPay: WechatPayClient;
  notifyUrl: string;
  mchid: string;
  logger: Logger;
  /** From the identity module: the payer's WeChat openid. */
  openidOf: (user_id: string) => Promise<string>;
  /** REFUND.* notifies arrive at the same address; the refunds saga handles them. */
  onRefundNotify: (resource: Record<string, unknown>) => Promise<void>;
  /** Payments that are not top-ups (orders paid by WeChat Pay) arrive here too; the collect service books them. */
  onCollectionPaid: (tx: PaidTransaction) => Promise<void>;
}) {
  const { Topup } = deps.models;

  async function credit(topup: TopupDoc, transaction_id: string | null): Promise<TopupDoc> {
    const source =
      topup.channel === 'cash'
        ? await deps.ledger.ensureAccount('cash_in', topup.community_id, '服务站现金')
        : await deps.ledger.ensureAccount('topup_source', null, '微信支付收款');
    const earlier = await deps.ledger.findByKey(`topup:${topup._id}`);
    if (earlier) await deps.ledger.replay(earlier);
    else
      await deps.ledger.transfer({
        idempotency_key: `topup:${topup._id}`,
        debit_account_id: source._id,
        // A card reissued after the top-up was ordered: the money goes to the card in use.
        credit_account_id: await deps.cards.currentAccountOf(topup.account_id),
        amount_fen: topup.amount_fen,
        kind: 'topup',
        memo: topup.channel === 'cash' ? '服务站现金充值' : '微信支付充值',
        reference_id: topup._id,
      });
    const paid = await Topup.findOneAndUpdate(
      { _id: topup._id, status: { $ne: 'paid' } },
      { $set: { status: 'paid', paid_at: new Date(), transaction_id } },
      { new: true },
    ).lean<TopupDoc>();
    return paid ?? ((await Topup.findById(topup._id).lean<TopupDoc>()) as TopupDoc);
  }

  /** A paid transaction reported by WeChat Pay (notify or query): checked against our order, then credited once. */
  async function applyPaid(tx: PaidTransaction): Promise<TopupDoc> {
    const topup = tx.out_trade_no ? await Topup.findById(tx.out_trade_no).lean<TopupDoc>() : null;
    if (!topup || topup.channel !== 'wechat_pay') {
      deps.logger.error({ out_trade_no: tx.out_trade_no }, 'wechat pay notify for an unknown order');
      throw notFound('payment_order_unknown', '未知的支付订单');
    }
    if (tx.mchid !== deps.mchid || tx.amount?.total !== topup.amount_fen) {
      deps.logger.error(
        { topup_id: topup._id, expected_fen: topup.amount_fen, notified_fen: tx.amount?.total },
        'wechat pay amount or merchant mismatch',
      );
      throw badRequest('payment_amount_mismatch', '支付金额与订单不符');
    }
    return credit(topup, tx.transaction_id ?? null);
  }

  return {
    async create(actor: UserActor, amount_fen: number, idempotencyKey: string) {
      const card = await deps.cards.requireCurrentCard(actor.user_id);
      deps.cards.assertUsable(card);
      const request_key = `${actor.user_id}:${idempotencyKey}`;
      let topup = await Topup.findOne({ request_key }).lean<TopupDoc>();
      if (topup && topup.amount_fen !== amount_fen) throw new AppError(409, 'idempotency_conflict', '同一幂等键对应了不同的请求参数');
      if (!topup) {
        const doc: TopupDoc = {
          _id: newId('top'),
          user_id: actor.user_id,
          card_id: card._id,
          account_id: card.account_id,
          channel: 'wechat_pay',
          amount_fen,
          status: 'pending',
          request_key,
          prepay_id: null,
          transaction_id: null,
          operator_id: null,
          community_id: null,
          created_at: new Date(),
          paid_at: null,
        };
        try {
          await Topup.create(doc);
          topup = doc;
        } catch (err) {
          if ((err as { code?: number }).code !== 11000) throw err;
          topup = (await Topup.findOne({ request_key }).lean<TopupDoc>()) as TopupDoc;
          if (topup.amount_fen !== amount_fen) throw new AppError(409, 'idempotency_conflict', '同一幂等键对应了不同的请求参数');
        }
      }
      if (!topup.prepay_id) {
        const openid = await deps.openidOf(actor.user_id);
        // The same out_trade_no with the same parameters gives the same prepay_id, so a retry here is safe.
        const { prepay_id } = await deps.wechatPay.createJsapiOrder({
          out_trade_no: topup._id,
          description: '市民卡钱包充值',
          amount_fen: topup.amount_fen,
          payer_openid: openid,
          notify_url: deps.notifyUrl,
        });
        await Topup.updateOne({ _id: topup._id }, { $set: { prepay_id } });
        topup = { ...topup, prepay_id };
      }
      return { topup: toTopup(topup), pay_params: deps.wechatPay.jsapiPayParams(topup.prepay_id as string) };
    },

    /** The top-up's status; a pending one is checked with WeChat Pay, in case its notify is late or lost. */
    async get(actor: UserActor, topup_id: string): Promise<Topup> {
      const topup = await Topup.findOne({ _id: topup_id, user_id: actor.user_id }).lean<TopupDoc>();
      if (!topup) throw notFound('topup_not_found', '充值记录不存在');
      if (topup.status !== 'pending' || topup.channel !== 'wechat_pay') return toTopup(topup);
      const order = await deps.wechatPay.queryOrder(topup._id).catch(() => null);
      if (order?.trade_state === 'SUCCESS') {
        return toTopup(
          await applyPaid({
            out_trade_no: topup._id,
            transaction_id: order.transaction_id,
            trade_state: 'SUCCESS',
            mchid: deps.mchid,
            amount: { total: order.amount_fen },
          }),
        );
      }
      return toTopup(topup);
    },

    /** WeChat Pay's notify: verified and decrypted by the client, then applied. Replays credit nothing new. */
    async notify(headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<void> {
      const flat: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(headers)) flat[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
      const event = await deps.wechatPay.parseNotify(flat, rawBody);
      if (event.event_type.startsWith('REFUND.')) return deps.onRefundNotify(event.resource);
      if (event.event_type !== 'TRANSACTION.SUCCESS') return;
      const tx = event.resource as PaidTransaction;
      if (tx.trade_state !== 'SUCCESS') return;
      if (tx.out_trade_no && !tx.out_trade_no.startsWith('top_')) return deps.onCollectionPaid(tx);
      await applyPaid(tx);
    },

    /** Cash handed over at a station counter: the operator of that community credits the card, once per request key. */
    async cash(actor: UserActor, community_id: string, card_number: string, amount_fen: number, idempotencyKey: string): Promise<Topup> {
      assertCommunityRole(actor, community_id, ['operator']);
      const card = await deps.cards.findByNumber(card_number);
      if (!card) throw notFound('card_not_bound', '该卡尚未在平台绑定');
      deps.cards.assertUsable(card);
      const request_key = `${actor.user_id}:${idempotencyKey}`;
      const doc: TopupDoc = {
        _id: newId('top'),
        user_id: card.user_id,
        card_id: card._id,
        account_id: card.account_id,
        channel: 'cash',
        amount_fen,
        status: 'pending',
        request_key,
        prepay_id: null,
        transaction_id: null,
        operator_id: actor.user_id,
        community_id,
        created_at: new Date(),
        paid_at: null,
      };
      let topup: TopupDoc = doc;
      try {
        await Topup.create(doc);
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        topup = (await Topup.findOne({ request_key }).lean<TopupDoc>()) as TopupDoc;
        if (topup.amount_fen !== amount_fen || topup.card_id !== card._id)
          throw new AppError(409, 'idempotency_conflict', '同一幂等键对应了不同的请求参数');
      }
      return toTopup(await credit(topup, null));
    },
  };
}
export type TopupService = ReturnType<typeof createTopupService>;
