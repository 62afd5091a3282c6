import type { Commands, CommandSpec } from '../platform/commands';
import { conflict } from '../platform/problem';
import type { Who } from './lifecycle';
import type { OrderDoc, OrderHistoryDoc, OrderModels } from './models';
import type { OrderPorts, RefundOutcome } from './ports';

type Apply = (
  o: OrderDoc,
  action: 'refund_completed',
  who: Who,
  reason: string | null,
  extra: { set?: Record<string, unknown>; guard?: Record<string, unknown> },
) => Promise<OrderDoc>;

/** The wallet's idempotency key of an accepted refund's attempt (the first keeps the key refunds always had). */
export const refundKeyOf = (order_id: string, attempt: number) =>
  attempt <= 1 ? `order:${order_id}:refund` : `order:${order_id}:refund:${attempt}`;

const SYSTEM: Who = { role: 'system', user_id: null };

type Deps = { models: OrderModels; ports: OrderPorts; commands: Commands; apply: Apply };

/** Applies one outcome of the attempt `refund_key`; idempotent (guarded updates), stale attempts change nothing. */
async function recordOutcome(deps: Deps, order_id: string, refund_key: string, out: RefundOutcome): Promise<void> {
  const { Order } = deps.models;
  const guard = { _id: order_id, status: 'refunding', 'refund.refund_key': refund_key };
  if (out.status === 'processing') {
    await Order.updateOne({ ...guard, 'refund.refund_id': null }, { $set: { 'refund.refund_id': out.refund_id } });
    return;
  }
  if (out.status === 'failed') {
    const entry: OrderHistoryDoc = {
      at: new Date(),
      actor_id: null,
      actor_role: 'system',
      action: 'refund_failed',
      from: 'refunding',
      to: 'refunding',
      reason: `退款未成功（${out.failure_code ?? '原因未知'}），款项仍在平台，请服务站处理`,
    };
    await Order.updateOne(
      { ...guard, 'refund.money': 'processing' },
      {
        $set: { 'refund.money': 'failed', 'refund.refund_id': out.refund_id, 'refund.failure_code': out.failure_code },
        $push: { history: entry },
      },
    );
    return;
  }
  const o = await Order.findOne(guard).lean<OrderDoc>();
  if (!o || o.refund?.money === 'succeeded') return;
  const set = {
    'refund.money': 'succeeded',
    'refund.refund_id': out.refund_id,
    'refund.transfer_id': out.transfer_id,
    'refund.refunded_at': new Date(),
  };
  const how = out.transfer_id ? '退回钱包' : '经微信支付原路退回';
  await deps
    .apply(o, 'refund_completed', SYSTEM, `款项已${how}`, { set, guard: { 'refund.refund_key': refund_key } })
    .catch((err: { code?: string }) => {
      if (err.code !== 'illegal_transition') throw err; // told twice: the first one moved it
    });
}

/**
 * The money of an accepted refund (use case on the command kernel): one command per attempt, keyed by the attempt's
 * refund key, so however many times acceptance is replayed, retried by its job or resumed by the recovery job, the
 * wallet is asked once; the wallet's own saga takes it to the origin (the card wallet at once, WeChat Pay through its
 * refund API). The order records where the money stands and becomes `refunded` (a system transition) only when the
 * money is back — from the command's answer (wallet) or from the wallet's refund listener (WeChat Pay).
 */
export function createRefundMoney(deps: Deps) {
  const { Order } = deps.models;
  const record = (order_id: string, refund_key: string, out: RefundOutcome) => recordOutcome(deps, order_id, refund_key, out);

  type Input = { order_id: string; refund_key: string };
  const spec: CommandSpec<Input, RefundOutcome> = {
    name: 'orders.refund-money',
    async run({ order_id, refund_key }, saga) {
      const o = await Order.findById(order_id).lean<OrderDoc>();
      if (!o?.payment?.transfer_id) throw conflict('order_not_paid', '订单没有可退的付款');
      const args = { order_id, refund_key, transfer_id: o.payment.transfer_id, amount_fen: o.total_fen, merchant_name: o.merchant_name };
      const out = await saga.step('refund-to-origin', args, (a) =>
        deps.ports.wallet.refundToOrigin({
          idempotency_key: a.refund_key,
          original_transfer_id: a.transfer_id,
          amount_fen: a.amount_fen,
          memo: `订单退款 · ${a.merchant_name}`,
          reason: `订单退款 · ${a.merchant_name}`,
          reference_id: a.order_id,
        }),
      );
      // Part of the command, so a crash after the money moved is finished by the recovery job, not left unrecorded.
      await saga.step('record-outcome', { order_id, refund_key }, (a) => record(a.order_id, a.refund_key, out));
      return out;
    },
    undo: {
      // The wallet refused the refund for good (nothing moved): the order says so, for an operator.
      'refund-to-origin': async (a: Input, out: RefundOutcome | null) =>
        record(a.order_id, a.refund_key, {
          refund_id: out?.refund_id ?? '',
          status: 'failed',
          transfer_id: null,
          failure_code: 'refund_refused',
        }),
    },
  };
  const command = deps.commands.define(spec);

  return {
    /** Sends the money of an accepted refund (again: the command replays); retried by its job until it is through. */
    async send(order_id: string): Promise<void> {
      const o = await Order.findById(order_id).lean<OrderDoc>();
      const key = o?.refund?.refund_key;
      if (!o || o.status !== 'refunding' || o.refund?.money !== 'processing' || !key) return;
      const input = { order_id, refund_key: key };
      await record(order_id, key, await command.execute({ key, input }));
    },

    /** The wallet's refund listener: a WeChat Pay refund of an order is over. */
    async settled(r: {
      request_key: string;
      reference_id: string | null;
      refund_id: string;
      status: 'succeeded' | 'failed';
      failure_code: string | null;
    }) {
      if (!r.reference_id || !r.request_key.startsWith('origin:')) return;
      const out = { refund_id: r.refund_id, status: r.status, transfer_id: null, failure_code: r.failure_code };
      await record(r.reference_id, r.request_key.slice('origin:'.length), out);
    },
  };
}
export type RefundMoney = ReturnType<typeof createRefundMoney>;
