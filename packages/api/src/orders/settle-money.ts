import type { Commands, CommandSpec } from '../platform/commands';
import type { OrderDoc, OrderModels } from './models';
import type { OrderPorts } from './ports';

type Deps = { models: OrderModels; ports: OrderPorts; commands: Commands };

/**
 * A completed order's money moves from clearing to its merchant (use case on the command kernel): one command per
 * order, keyed by it, with two steps — the ledger transfer (itself keyed, so never twice) and marking the order
 * settled — so a crash between them is finished by the recovery job rather than left for the next settle run to notice.
 * Nothing to compensate: a refused transfer moved nothing, and the order stays unsettled for the job to retry.
 */
export function createSettleMoney(deps: Deps) {
  const { Order } = deps.models;
  type Input = { order_id: string };
  const spec: CommandSpec<Input, { settled: boolean }> = {
    name: 'orders.settle',
    async run({ order_id }, saga) {
      const o = await Order.findById(order_id).lean<OrderDoc>();
      if (!o || o.status !== 'completed' || !o.payment) return { settled: false };
      const args = {
        order_id,
        merchant_account_id: o.merchant_account_id,
        amount_fen: o.total_fen,
        memo: `订单结算 · ${o.lines[0]?.name ?? ''}${o.lines.length > 1 ? ` 等 ${o.lines.length} 件` : ''}`,
      };
      await saga.step('ledger-settle', args, async (a) =>
        deps.ports.wallet.settle({
          idempotency_key: `order:${a.order_id}:settle`,
          from_account_id: await deps.ports.wallet.clearingAccountId(),
          to_account_id: a.merchant_account_id,
          amount_fen: a.amount_fen,
          memo: a.memo,
          reference_id: a.order_id,
        }),
      );
      await saga.step('mark-settled', { order_id }, (a) =>
        Order.updateOne({ _id: a.order_id }, { $set: { settled: true } }).then(() => null),
      );
      return { settled: true };
    },
  };
  const command = deps.commands.define(spec);

  return {
    /** The settle job: runs the order's settle command (a replay once it has run; resumed by recovery after a crash). */
    async settle(order_id: string): Promise<void> {
      const o = await Order.findById(order_id).lean<OrderDoc>();
      if (!o || o.status !== 'completed' || o.settled || !o.payment) return;
      await command.execute({ key: `order:${order_id}:settle`, input: { order_id } });
    },
  };
}
export type SettleMoney = ReturnType<typeof createSettleMoney>;
