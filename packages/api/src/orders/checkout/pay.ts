import type { BodyOf, CheckoutResult, routes } from '@cc/shared';
import type { CommandSpec } from '../../platform/commands';
import { conflict, notFound } from '../../platform/problem';
import type { CheckoutDoc, OrderDoc, OrderModels } from '../models';
import type { OrderPorts } from '../ports';
import type { PaymentBook } from './book';

type PayBody = BodyOf<typeof routes.payCheckout>;
export type WechatPayParams = Awaited<ReturnType<OrderPorts['wallet']['wechat']['prepay']>>['pay_params'];
export type PayResult = CheckoutResult & { wechat_pay: { out_trade_no: string; pay_params: WechatPayParams } | null };

export interface PayInput {
  user_id: string;
  checkout_id: string;
  method: PayBody['method'];
}

const PAYMENT_LEASE_MS = 30_000;

export interface PayDeps {
  models: OrderModels;
  ports: OrderPorts;
  book: PaymentBook;
  result(checkout_id: string): Promise<CheckoutResult>;
}

/** The checkout and its unpaid orders, or the reason it cannot be paid now. null: already paid (a replay after success). */
async function payable(deps: PayDeps, input: PayInput, command_id: string): Promise<{ c: CheckoutDoc; unpaid: OrderDoc[] } | null> {
  const { Checkout, Order } = deps.models;
  const c = await Checkout.findById(input.checkout_id).lean<CheckoutDoc>();
  if (!c || c.buyer_id !== input.user_id) throw notFound('checkout_not_found', '订单不存在');
  if (c.status !== 'placed') throw conflict('checkout_not_placed', '订单没有提交成功，不能付款');
  const unpaid = await Order.find({ checkout_id: c._id, status: 'pending_payment' }).lean<OrderDoc[]>();
  if (unpaid.length === 0) {
    if ((await Order.countDocuments({ checkout_id: c._id, payment: { $ne: null } })) > 0) return null;
    throw conflict('not_payable', '订单已取消，不能付款');
  }
  if (new Date() >= c.pay_by) throw conflict('payment_expired', '已超过付款时间，订单将自动取消');
  // Another payment holds the checkout; a resumption of the one holding it goes on.
  const held = c.payment.in_progress_until && c.payment.in_progress_until > new Date() && c.payment.lease_holder !== command_id;
  if (held) throw conflict('payment_in_progress', '正在付款，请稍候');
  return { c, unpaid };
}

const memoOf = (unpaid: OrderDoc[]) => `社区订单 · ${unpaid.map((o) => o.merchant_name).join('、')}`;

/**
 * Paying a checkout (on the command kernel): every unpaid order of it, once, from the citizen-card wallet or through
 * WeChat Pay. Before the wallet is charged, an open WeChat Pay order of the checkout is closed — or found paid, and
 * then nothing more is charged — so one checkout is never paid twice by two methods; money that lands anyway (a
 * late notify, an order cancelled meanwhile) is refunded by the payment book (settle.ts).
 */
export function payCommand(deps: PayDeps): CommandSpec<PayInput, PayResult, { pin?: string }> {
  const { Checkout } = deps.models;
  const done = async (checkout_id: string): Promise<PayResult> => ({ ...(await deps.result(checkout_id)), wechat_pay: null });

  return {
    name: 'orders.pay',
    inProgress: { code: 'payment_in_progress', title: '正在付款，请稍候' },
    replay: async (result, input) => (result.wechat_pay ? result : done(input.checkout_id)),
    async run(input, saga, transient) {
      const found = await payable(deps, input, saga.command_id);
      if (!found) return done(input.checkout_id);
      const { c, unpaid } = found;
      const amount_fen = unpaid.reduce((sum, o) => sum + o.total_fen, 0);
      if (input.method === 'wechatpay') {
        const wechat_pay = await saga.step('wechat.prepay', { checkout_id: c._id, amount_fen }, () => prepay(deps, c, unpaid, amount_fen));
        return wechat_pay ? { ...(await deps.result(c._id)), wechat_pay } : done(c._id);
      }
      const open = c.payment.wechat;
      if (open) {
        const outcome = await saga.step('wechat.close', { out_trade_no: open.out_trade_no }, (a) =>
          deps.ports.wallet.wechat.settleOrClose(a.out_trade_no),
        );
        // Paid through WeChat after all: the collect listener has marked the orders; nothing more is charged.
        if (outcome === 'paid') return done(c._id);
        await Checkout.updateOne({ _id: c._id, 'payment.wechat.out_trade_no': open.out_trade_no }, { $set: { 'payment.wechat': null } });
      }
      const attempt = await saga.step('wallet.lease', { checkout_id: c._id }, () => lease(deps, c._id, saga.command_id));
      const clearing_account_id = await deps.ports.wallet.clearingAccountId();
      try {
        const ledger_key = `checkout:${c._id}:pay:${attempt}`;
        const payment = { ledger_key, amount_fen };
        const t = await saga.step('wallet.pay', payment, (a) =>
          deps.ports.wallet.pay({
            user_id: input.user_id,
            amount_fen: a.amount_fen,
            ...(transient?.pin ? { pin: transient.pin } : {}),
            idempotency_key: a.ledger_key,
            payee_account_id: clearing_account_id,
            memo: memoOf(unpaid),
            reference_id: c._id,
          }),
        );
        await saga.step('orders.mark_paid', { transfer_id: t._id }, (a) =>
          deps.book.paid(c, { transfer_id: a.transfer_id, amount_fen, method: 'wallet' }),
        );
      } finally {
        await Checkout.updateOne(
          { _id: c._id, 'payment.lease_holder': saga.command_id },
          { $set: { 'payment.in_progress_until': null, 'payment.lease_holder': null } },
        );
      }
      return done(c._id);
    },
  };
}

/**
 * One wallet payment at a time per checkout (a lease in the record; the pay-by job waits for it). The ledger key's
 * attempt number moves on only after the last attempt surely moved nothing (voided: not enough money, say).
 */
async function lease(deps: PayDeps, checkout_id: string, command_id: string): Promise<number> {
  const { Checkout } = deps.models;
  const now = new Date();
  const leased = await Checkout.findOneAndUpdate(
    {
      _id: checkout_id,
      $or: [{ 'payment.in_progress_until': null }, { 'payment.in_progress_until': { $lt: now } }, { 'payment.lease_holder': command_id }],
    },
    { $set: { 'payment.in_progress_until': new Date(now.getTime() + PAYMENT_LEASE_MS), 'payment.lease_holder': command_id } },
    { new: true },
  ).lean<CheckoutDoc>();
  if (!leased) throw conflict('payment_in_progress', '正在付款，请稍候');
  const attempt = leased.payment.attempt;
  const last = await deps.ports.wallet.transferByKey(`checkout:${checkout_id}:pay:${attempt}`);
  if (last?.status !== 'voided') return attempt;
  await Checkout.updateOne({ _id: checkout_id, 'payment.attempt': attempt }, { $set: { 'payment.attempt': attempt + 1 } });
  return attempt + 1;
}

/** WeChat Pay: one JSAPI order per checkout and amount (`<checkout>-<n>`), placed by the wallet's collect service. */
async function prepay(deps: PayDeps, c: CheckoutDoc, unpaid: OrderDoc[], amount_fen: number): Promise<PayResult['wechat_pay']> {
  const { Checkout } = deps.models;
  let open = c.payment.wechat ?? null;
  if (open && open.amount_fen !== amount_fen) {
    // The amount changed (an order was cancelled): the old WeChat order is closed — or it was paid after all.
    if ((await deps.ports.wallet.wechat.settleOrClose(open.out_trade_no)) === 'paid') return null;
    open = null;
  }
  if (!open) {
    const n = Number(c.payment.wechat?.out_trade_no.split('-')[1] ?? 0) + 1;
    open = { out_trade_no: `${c._id}-${n}`, amount_fen };
    await Checkout.updateOne({ _id: c._id }, { $set: { 'payment.wechat': open } });
  }
  return deps.ports.wallet.wechat.prepay({
    out_trade_no: open.out_trade_no,
    user_id: c.buyer_id,
    amount_fen,
    description: memoOf(unpaid),
    payee_account_id: await deps.ports.wallet.clearingAccountId(),
    reference_id: c._id,
  });
}
