import type { PublishInboxEvent, Topup } from '@cc/shared';
import type { Logger } from 'pino';
import { assertCommunityRole, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import type { Commands } from '../platform/commands';
import { badRequest, notFound } from '../platform/problem';
import type { WechatPayClient } from '../payments/wechatpay';
import type { CardService } from './cards';
import type { Ledger } from './ledger';
import type { TopupDoc, WalletModels } from './models';
import { tellTopup } from './tell';

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

type TopupDeps = {
  models: WalletModels;
  ledger: Ledger;
  cards: CardService;
  commands: Commands;
  wechatPay: WechatPayClient;
  notifyUrl: string;
  mchid: string;
  logger: Logger;
  /** From the identity module: the payer's WeChat openid. */
  openidOf: (user_id: string) => Promise<string>;
  /** The inbox's publish: the holder is told their top-up arrived. */
  publishInbox: PublishInboxEvent;
  /** REFUND.* notifies arrive at the same address; the refunds saga handles them. */
  onRefundNotify: (resource: Record<string, unknown>) => Promise<void>;
  /** Payments that are not top-ups (orders paid by WeChat Pay) arrive here too; the collect service books them. */
  onCollectionPaid: (tx: PaidTransaction) => Promise<void>;
};

/** Credits a top-up's money to the card in use, once (the ledger transfer is keyed by the top-up), and marks it paid. */
async function credit(d: TopupDeps, topup: TopupDoc, transaction_id: string | null): Promise<TopupDoc> {
  const source =
    topup.channel === 'cash'
      ? await d.ledger.ensureAccount('cash_in', topup.community_id, '服务站现金')
      : await d.ledger.ensureAccount('topup_source', null, '微信支付收款');
  const earlier = await d.ledger.findByKey(`topup:${topup._id}`);
  if (earlier) await d.ledger.replay(earlier);
  else
    await d.ledger.transfer({
      idempotency_key: `topup:${topup._id}`,
      debit_account_id: source._id,
      // A card reissued after the top-up was ordered: the money goes to the card in use.
      credit_account_id: await d.cards.currentAccountOf(topup.account_id),
      amount_fen: topup.amount_fen,
      kind: 'topup',
      memo: topup.channel === 'cash' ? '服务站现金充值' : '微信支付充值',
      reference_id: topup._id,
    });
  const paid = await d.models.Topup.findOneAndUpdate(
    { _id: topup._id, status: { $ne: 'paid' } },
    { $set: { status: 'paid', paid_at: new Date(), transaction_id } },
    { new: true },
  ).lean<TopupDoc>();
  const done = paid ?? ((await d.models.Topup.findById(topup._id).lean<TopupDoc>()) as TopupDoc);
  await tellTopup(d.publishInbox, done);
  return done;
}

/** A paid transaction reported by WeChat Pay (notify or query): checked against our order, then credited once. */
async function applyPaid(d: TopupDeps, tx: PaidTransaction): Promise<TopupDoc> {
  const topup = tx.out_trade_no ? await d.models.Topup.findById(tx.out_trade_no).lean<TopupDoc>() : null;
  if (!topup || topup.channel !== 'wechat_pay') {
    d.logger.error({ out_trade_no: tx.out_trade_no }, 'wechat pay notify for an unknown order');
    throw notFound('payment_order_unknown', '未知的支付订单');
  }
  if (tx.mchid !== d.mchid || tx.amount?.total !== topup.amount_fen) {
    d.logger.error(
      { topup_id: topup._id, expected_fen: topup.amount_fen, notified_fen: tx.amount?.total },
      'wechat pay amount or merchant mismatch',
    );
    throw badRequest('payment_amount_mismatch', '支付金额与订单不符');
  }
  return credit(d, topup, tx.transaction_id ?? null);
}

type OpenTopup = Pick<
  TopupDoc,
  'user_id' | 'card_id' | 'account_id' | 'channel' | 'amount_fen' | 'request_key' | 'operator_id' | 'community_id'
>;

/** The top-up record of one command: written once; a step resumed after a crash finds it by its request key. */
async function openTopup(d: TopupDeps, t: OpenTopup): Promise<string> {
  const doc: TopupDoc = {
    _id: newId('top'),
    ...t,
    status: 'pending',
    prepay_id: null,
    transaction_id: null,
    created_at: new Date(),
    paid_at: null,
  };
  try {
    await d.models.Topup.create(doc);
    return doc._id;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return ((await d.models.Topup.findOne({ request_key: t.request_key }).lean<TopupDoc>()) as TopupDoc)._id;
  }
}

/** The JSAPI order of a WeChat top-up (the same out_trade_no and parameters give the same prepay_id again). */
async function prepayTopup(d: TopupDeps, topup_id: string): Promise<string> {
  const topup = (await d.models.Topup.findById(topup_id).lean<TopupDoc>()) as TopupDoc;
  if (topup.prepay_id) return topup.prepay_id;
  const { prepay_id } = await d.wechatPay.createJsapiOrder({
    out_trade_no: topup._id,
    description: '市民卡钱包充值',
    amount_fen: topup.amount_fen,
    payer_openid: await d.openidOf(topup.user_id),
    notify_url: d.notifyUrl,
  });
  await d.models.Topup.updateOne({ _id: topup._id }, { $set: { prepay_id } });
  return prepay_id;
}

/**
 * Top-ups on the command kernel (platform/commands.ts): a request is keyed by the person and their Idempotency-Key
 * (a repeat answers the first top-up, another amount or card is 409 idempotency_conflict), and its steps — the
 * record, then WeChat Pay's order or the cash credit — are recorded, so a crash between them is finished by recovery.
 */
function topupCommands(d: TopupDeps) {
  const wechat = d.commands.define<
    { user_id: string; card_id: string; account_id: string; amount_fen: number; request_key: string },
    { topup_id: string }
  >({
    name: 'wallet.topup',
    async run(input, saga) {
      const topup_id = await saga.step('topup-open', input, (t) =>
        openTopup(d, { ...t, channel: 'wechat_pay', operator_id: null, community_id: null }),
      );
      await saga.step('topup-prepay', { topup_id }, (a) => prepayTopup(d, a.topup_id));
      return { topup_id };
    },
    undo: {
      // WeChat Pay refused the order for good: the top-up can never be paid, so it is closed.
      'topup-open': async (_: unknown, topup_id: string) => {
        await d.models.Topup.updateOne({ _id: topup_id, status: 'pending' }, { $set: { status: 'closed' } });
      },
    },
  });
  const cash = d.commands.define<OpenTopup, { topup_id: string }>({
    name: 'wallet.cash-topup',
    async run(input, saga) {
      const topup_id = await saga.step('topup-open', input, (t) => openTopup(d, t));
      await saga.step('topup-credit', { topup_id }, async (a) => {
        await credit(d, (await d.models.Topup.findById(a.topup_id).lean<TopupDoc>()) as TopupDoc, null);
        return null;
      });
      return { topup_id };
    },
  });
  return { wechat, cash };
}

const byId = async (d: TopupDeps, topup_id: string) => (await d.models.Topup.findById(topup_id).lean<TopupDoc>()) as TopupDoc;

/**
 * Topping up a card wallet: through WeChat Pay (prepay, then the notify or an order query credits it), or with cash
 * at a station counter. Each payment credits the wallet exactly once, however often the platform notifies.
 */
export function createTopupService(d: TopupDeps) {
  const commands = topupCommands(d);
  return {
    async create(actor: UserActor, amount_fen: number, idempotencyKey: string) {
      const card = await d.cards.requireCurrentCard(actor.user_id);
      d.cards.assertUsable(card);
      const request_key = `${actor.user_id}:${idempotencyKey}`;
      const input = { user_id: actor.user_id, card_id: card._id, account_id: card.account_id, amount_fen, request_key };
      const { topup_id } = await commands.wechat.execute({ key: request_key, input, request: { amount_fen } });
      const topup = await byId(d, topup_id);
      return { topup: toTopup(topup), pay_params: d.wechatPay.jsapiPayParams(topup.prepay_id as string) };
    },

    /** The top-up's status; a pending one is checked with WeChat Pay, in case its notify is late or lost. */
    async get(actor: UserActor, topup_id: string): Promise<Topup> {
      const topup = await d.models.Topup.findOne({ _id: topup_id, user_id: actor.user_id }).lean<TopupDoc>();
      if (!topup) throw notFound('topup_not_found', '充值记录不存在');
      if (topup.status !== 'pending' || topup.channel !== 'wechat_pay') return toTopup(topup);
      const order = await d.wechatPay.queryOrder(topup._id).catch(() => null);
      if (order?.trade_state !== 'SUCCESS') return toTopup(topup);
      const tx = { out_trade_no: topup._id, transaction_id: order.transaction_id, trade_state: 'SUCCESS', mchid: d.mchid };
      return toTopup(await applyPaid(d, { ...tx, amount: { total: order.amount_fen } }));
    },

    /** WeChat Pay's notify: verified and decrypted by the client, then applied. Replays credit nothing new. */
    async notify(headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<void> {
      const flat: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(headers)) flat[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
      const event = await d.wechatPay.parseNotify(flat, rawBody);
      if (event.event_type.startsWith('REFUND.')) return d.onRefundNotify(event.resource);
      if (event.event_type !== 'TRANSACTION.SUCCESS') return;
      const tx = event.resource as PaidTransaction;
      if (tx.trade_state !== 'SUCCESS') return;
      if (tx.out_trade_no && !tx.out_trade_no.startsWith('top_')) return d.onCollectionPaid(tx);
      await applyPaid(d, tx);
    },

    /** Cash handed over at a station counter: the operator of that community credits the card, once per request key. */
    async cash(actor: UserActor, community_id: string, card_number: string, amount_fen: number, idempotencyKey: string): Promise<Topup> {
      assertCommunityRole(actor, community_id, ['operator']);
      const card = await d.cards.findByNumber(card_number);
      if (!card) throw notFound('card_not_bound', '该卡尚未在平台绑定');
      d.cards.assertUsable(card);
      const request_key = `${actor.user_id}:${idempotencyKey}`;
      // The card number itself is never stored (the command records the card's id).
      const input: OpenTopup = {
        ...{ user_id: card.user_id, card_id: card._id, account_id: card.account_id, channel: 'cash', amount_fen, request_key },
        ...{ operator_id: actor.user_id, community_id },
      };
      const { topup_id } = await commands.cash.execute({
        key: request_key,
        input,
        request: { card_id: card._id, amount_fen, community_id },
      });
      return toTopup(await byId(d, topup_id));
    },
  };
}
export type TopupService = ReturnType<typeof createTopupService>;
