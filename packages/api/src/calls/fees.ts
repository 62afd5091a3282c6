import type { WalletPort } from '../wallet/port';
import { formatFen, type Call } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import type { JobRunner } from '../platform/jobs';
import { AppError, conflict, forbidden } from '../platform/problem';
import {
  feeKeyOf,
  isOperatorOf,
  loadCall,
  markFeePaid,
  notifyFee,
  roleOf,
  settleFee,
  visibleCall,
  withFeeLease,
  type FeeDeps,
} from './fee-core';
import type { CallDoc, CallFeeDoc, CallHistoryDoc } from './models';
import { toCall } from './service';

/** What the fee of a call needs from the wallet: its one port (wallet/port.ts), never its models or accounts. */
export type FeeWallet = Pick<WalletPort, 'pay' | 'refund' | 'transferByKey' | 'providerAccountOf'>;

/** The provider (of this call) or an operator of its community sets or corrects the fee of a resolved call while unpaid. 0 = free. */
export async function setFee(d: FeeDeps, actor: UserActor, call_id: string, fee_fen: number, note: string | null): Promise<Call> {
  const c0 = await visibleCall(d, actor, call_id);
  if (c0.provider_id !== actor.user_id && !isOperatorOf(actor, c0))
    throw forbidden('not_assigned_to_you', '只有这条呼叫的服务人员或本社区运营人员可以设定费用');
  if (c0.status !== 'resolved') throw conflict('fee_only_when_resolved', '服务完成后才能设定费用');
  if (fee_fen > 0 && !c0.requester_id) throw conflict('fee_without_resident', '这条呼叫没有登记的居民，不能收费');
  const updated = await withFeeLease(
    d,
    call_id,
    async () => null,
    async (stillHeld) => {
      const c = await settleFee(d, await loadCall(d, call_id), stillHeld, { nothingMeansNothing: true });
      if (c.fee?.status === 'paid') throw conflict('fee_already_paid', '费用已支付，不能再修改');
      if (c.fee?.status === 'paying') throw new AppError(409, 'fee_payment_in_progress', '这笔费用正在支付中，请稍后再改');
      const now = new Date();
      // A new attempt number: a payment of the old amount still in flight can never be recorded against this one.
      const fee: CallFeeDoc | null =
        fee_fen > 0
          ? {
              amount_fen: fee_fen,
              status: 'due',
              attempt: (c.fee?.attempt ?? 0) + 1,
              set_by: actor.user_id,
              set_at: now,
              paid_at: null,
              transfer_id: null,
            }
          : null;
      const said = fee_fen > 0 ? `费用设为 ${formatFen(fee_fen)}` : '免收费用';
      const entry: CallHistoryDoc = {
        at: now,
        actor_id: actor.user_id,
        actor_role: roleOf(actor, c),
        from: c.status,
        to: c.status,
        action: 'fee',
        note: [said, c.fee ? `原为 ${formatFen(c.fee.amount_fen)}` : null, note].filter(Boolean).join('；'),
      };
      const guard = c.fee ? { 'fee.attempt': c.fee.attempt, 'fee.status': 'due' } : { fee: null };
      if (!(await stillHeld())) throw new AppError(503, 'fee_payment_in_progress', '请稍后再试');
      const done = await d.models.Call.findOneAndUpdate(
        { _id: c._id, status: 'resolved', ...guard },
        { $set: { fee, updated_at: now }, $push: { history: entry } },
        { new: true },
      ).lean<CallDoc>();
      if (!done) throw conflict('fee_changed', '费用刚被修改或支付，请刷新后再试');
      return done;
    },
  );
  await notifyFee(d, updated, 'fee');
  return toCall(updated);
}

/** The resident pays the fee from their card wallet to the provider. Paid once per call, whatever the requests. */
export async function payFee(d: FeeDeps, actor: UserActor, call_id: string, pin: string | undefined): Promise<Call> {
  const c0 = await visibleCall(d, actor, call_id);
  if (c0.requester_id !== actor.user_id) throw forbidden('not_owner', '只有发起人可以支付');
  const paidAlready = async () => {
    const c = await loadCall(d, call_id);
    return c.fee?.status === 'paid' ? toCall(c) : null;
  };
  if (c0.fee?.status === 'paid') return toCall(c0);
  if (c0.status !== 'resolved' || !c0.fee) throw conflict('no_fee_due', '这条呼叫没有待支付的费用');

  return withFeeLease(d, call_id, paidAlready, async (stillHeld) => {
    // A payment left `paying` by an earlier request is driven to its end under the same key below.
    let c = await loadCall(d, call_id);
    if (c.fee?.status === 'paid') return toCall(c);
    if (c.status !== 'resolved' || !c.fee) throw conflict('no_fee_due', '这条呼叫没有待支付的费用');
    if (!c.provider_id) throw conflict('no_provider', '这条呼叫没有服务人员，无法收款');
    const fee = c.fee;
    const key = feeKeyOf(c._id, fee.attempt);
    const payee = await d.wallet.providerAccountOf(c.provider_id);
    // From here money may move: the fee is frozen until this attempt is known to be paid or to have moved nothing.
    const claimed = await d.models.Call.findOneAndUpdate(
      { _id: c._id, 'fee.attempt': fee.attempt, 'fee.status': { $in: ['due', 'paying'] } },
      { $set: { 'fee.status': 'paying' } },
      { new: true },
    ).lean<CallDoc>();
    if (!claimed) {
      const now = await paidAlready();
      if (now) return now;
      throw conflict('fee_changed', '费用刚被修改，请刷新后再支付');
    }
    c = claimed;
    let transfer_id: string;
    try {
      transfer_id = (
        await d.wallet.pay({
          user_id: actor.user_id,
          amount_fen: fee.amount_fen,
          ...(pin ? { pin } : {}),
          idempotency_key: key,
          payee_account_id: payee,
          memo: `便民服务费：${c.service_name}`,
          reference_id: c._id,
          kind: 'call_fee',
        })
      )._id;
    } catch (err) {
      const settled = await settleFee(d, c, stillHeld, { nothingMeansNothing: true });
      if (settled.fee?.status === 'paid') return toCall(settled);
      if (settled.fee?.status === 'paying') {
        // Still pending in the ledger: its recovery finishes or voids it; look again afterwards.
        await d.recheck
          ?.schedule(`${c._id}-${fee.attempt}`, { call_id: c._id }, new Date(Date.now() + d.recheckAfterMs))
          .catch(() => undefined);
      }
      throw err;
    }
    const paid = await markFeePaid(d, c, fee, transfer_id);
    if (!paid) {
      const current = await loadCall(d, call_id);
      if (current.fee?.status === 'paid' && current.fee.transfer_id === transfer_id) return toCall(current);
      // Our lease lapsed and the fee was changed meanwhile: this money must go back.
      await d.wallet.refund({
        idempotency_key: `callfee-refund:${transfer_id}`,
        original_transfer_id: transfer_id,
        amount_fen: fee.amount_fen,
        memo: '便民服务费退回（费用已变更）',
      });
      throw conflict('fee_changed', '费用已变更，这次支付已退回钱包，请按新费用重新支付');
    }
    await notifyFee(d, paid, 'fee_paid');
    return toCall(paid);
  });
}

/**
 * The optional fee of a resolved call (issue 6, item 5): the provider states it when resolving (or the provider or an
 * operator of the community sets or corrects it while unpaid), and the resident pays it from their citizen-card wallet
 * to the provider's account — exactly once, however many requests race.
 *
 * Payments of one call run one at a time under a Redis lease; the others wait and then see it paid. Each attempt has
 * its own ledger idempotency key (`callfee:<call>:<attempt>`), so a refused attempt (wrong PIN, not enough money) can be
 * retried after topping up, while a retried or concurrent request for the same attempt can never move money twice.
 * While an attempt may be moving money (`paying`), the fee cannot be changed; a new attempt number is only taken when
 * the ledger says the last one surely moved nothing. Should a stalled request outlive its lease and find the fee
 * changed when it comes back, the money it moved is refunded at once.
 */
export function createCallFees(deps: Omit<FeeDeps, 'recheck'> & { jobs: JobRunner }) {
  const d: FeeDeps = { ...deps };
  d.recheck = deps.jobs.delayed<{ call_id: string }>('call-fee-check', async ({ call_id }) => {
    const c = await d.models.Call.findById(call_id).lean<CallDoc>();
    if (c?.fee?.status !== 'paying') return 'nothing to do';
    return withFeeLease(
      d,
      call_id,
      async () => 'busy',
      async (stillHeld) => (await settleFee(d, c, stillHeld, { nothingMeansNothing: true })).fee?.status,
    );
  });
  return {
    setFee: (actor: UserActor, call_id: string, fee_fen: number, note: string | null) => setFee(d, actor, call_id, fee_fen, note),
    pay: (actor: UserActor, call_id: string, pin: string | undefined) => payFee(d, actor, call_id, pin),
  };
}
export type CallFees = ReturnType<typeof createCallFees>;
