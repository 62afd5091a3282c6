import type { Commands, CommandSpec } from '../../platform/commands';
import type { TaskModels, DeliveryTaskDoc } from './models';
import type { TaskPorts } from './context';

/** The courier's work is done once the task is delivered, or left at its drop station for the buyer to collect. */
export const PAID_AT: string[] = ['delivered', 'at_station'];

type Deps = { models: TaskModels; ports: TaskPorts; commands: Commands };

/** The ledger key of a task's fee: one transfer per task, whatever runs the command. */
export const feeKey = (task_id: string) => `delivery:${task_id}:fee`;

/**
 * A delivered task pays its courier (use case on the command kernel, like orders/settle-money.ts): one command per
 * task, keyed by it, with two steps — the ledger transfer from the platform's delivery-fee account to the courier's
 * account (itself keyed, so never twice) and marking the task paid — so a crash between them is finished by the
 * recovery job, and a replay (the request, the safety-net job, a retry) pays nothing more. Nothing to compensate:
 * a refused transfer moved nothing.
 */
export function createEarnings(deps: Deps) {
  const { Task } = deps.models;
  type Input = { task_id: string };
  const spec: CommandSpec<Input, { paid: boolean }> = {
    name: 'delivery.courier-fee',
    async run({ task_id }, saga) {
      const t = await Task.findById(task_id).lean<DeliveryTaskDoc>();
      if (!t || !PAID_AT.includes(t.status) || !t.courier_id) return { paid: false };
      const args = { task_id, courier_id: t.courier_id, amount_fen: t.fee_fen, memo: `配送费 · ${t.drop.label}` };
      if (args.amount_fen > 0)
        await saga.step('ledger-fee', args, async (a) =>
          deps.ports.wallet.settle({
            idempotency_key: feeKey(a.task_id),
            from_account_id: await deps.ports.wallet.deliveryFeeAccountId(),
            to_account_id: await deps.ports.wallet.courierAccountOf(a.courier_id),
            amount_fen: a.amount_fen,
            memo: a.memo,
            reference_id: a.task_id,
          }),
        );
      await saga.step('mark-paid', { task_id }, (a) => Task.updateOne({ _id: a.task_id }, { $set: { fee_paid: true } }).then(() => null));
      return { paid: true };
    },
  };
  const command = deps.commands.define(spec);
  return {
    /** Pays a delivered task's fee once (a replay when it ran; resumed by the command recovery job after a crash). */
    async pay(task_id: string): Promise<void> {
      const t = await Task.findById(task_id).lean<DeliveryTaskDoc>();
      if (!t || !PAID_AT.includes(t.status) || t.fee_paid) return;
      await command.execute({ key: `task:${task_id}:fee`, input: { task_id } });
    },
  };
}
