import type { Call } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import type { CommandSpec } from '../platform/commands';
import type { CallFees } from './fees';

export interface PayFeeInput {
  /** The payer as the route saw them (without the session: a resumption acts for the same person). */
  actor: Omit<UserActor, 'session_id'>;
  call_id: string;
}

/**
 * Paying a resolved call's fee from the wallet, as a command on the kernel (platform/commands.ts): the request is
 * keyed by the person's Idempotency-Key (another call under the same key → 409), and the payment itself is one step
 * whose ledger key belongs to the call's fee attempt (fees.ts), so a replay or a resumption never pays twice.
 */
export function payFeeCommand(fees: CallFees): CommandSpec<PayFeeInput, Call, { pin?: string }> {
  return {
    name: 'calls.pay_fee',
    inProgress: { code: 'fee_payment_in_progress', title: '请稍后再试' },
    async run(input, saga, transient) {
      const actor: UserActor = { ...input.actor, session_id: 'command' };
      return saga.step('calls.fee_payment', { call_id: input.call_id }, (a) => fees.pay(actor, a.call_id, transient?.pin));
    },
  };
}
