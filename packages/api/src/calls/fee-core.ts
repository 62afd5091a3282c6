import { formatFen } from '@cc/shared';
import { hasCommunityRole, isAdmin, type UserActor } from '../platform/actor';
import type { DelayedJobs } from '../platform/jobs';
import type { Locks } from '../platform/lock';
import { AppError, notFound } from '../platform/problem';
import type { RealtimeEvent, RealtimeTarget } from '../platform/realtime';
import type { FeeWallet } from './fees';
import type { CallDoc, CallFeeDoc, CallHistoryDoc, CallModels } from './models';

const LEASE_MS = 30_000;
const WAIT_MS = 25_000;

/** What the fee use cases share (fees.ts wires it). */
export interface FeeDeps {
  models: CallModels;
  locks: Locks;
  wallet: FeeWallet;
  publish(to: RealtimeTarget, event: RealtimeEvent): Promise<void>;
  /** When a payment is left pending (a crash, a timeout), check it again after the ledger's recovery had its turn. */
  recheckAfterMs: number;
  /** Set once the job exists (it calls back into these functions). */
  recheck?: DelayedJobs<{ call_id: string }>;
}

export const feeKeyOf = (call_id: string, attempt: number) => `callfee:${call_id}:${attempt}`;

export async function loadCall(d: FeeDeps, call_id: string): Promise<CallDoc> {
  const c = await d.models.Call.findById(call_id).lean<CallDoc>();
  if (!c) throw notFound('call_not_found', '呼叫不存在');
  return c;
}

export const isOperatorOf = (actor: UserActor, c: CallDoc) => hasCommunityRole(actor, c.community_id, ['operator']);

/** The same visibility as every call route: others get 404. */
export async function visibleCall(d: FeeDeps, actor: UserActor, call_id: string): Promise<CallDoc> {
  const c = await loadCall(d, call_id);
  if (c.requester_id !== actor.user_id && c.provider_id !== actor.user_id && !isOperatorOf(actor, c))
    throw notFound('call_not_found', '呼叫不存在');
  return c;
}

export function roleOf(actor: UserActor, c: CallDoc): CallHistoryDoc['actor_role'] {
  if (actor.user_id === c.requester_id) return 'resident';
  if (actor.user_id === c.provider_id) return 'provider';
  return isAdmin(actor) && !actor.roles.some((g) => g.role === 'operator' && g.community_id === c.community_id) ? 'admin' : 'operator';
}

export async function notifyFee(d: FeeDeps, c: CallDoc, action: string): Promise<void> {
  const user_ids = [c.requester_id, c.provider_id].filter((id): id is string => Boolean(id));
  await d
    .publish({ user_ids, operators_of: c.community_id }, { type: 'call.updated', action, call_id: c._id, status: c.status })
    .catch(() => undefined);
}

/** Runs `work` holding the call's fee lease; while another request holds it, waits (returning early if `done`). */
export async function withFeeLease<T>(
  d: FeeDeps,
  call_id: string,
  done: () => Promise<T | null>,
  work: (stillHeld: () => Promise<boolean>) => Promise<T>,
): Promise<T> {
  const name = `callfee:${call_id}`;
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    const token = await d.locks.acquire(name, LEASE_MS);
    if (token) {
      try {
        return await work(() => d.locks.extend(name, token, LEASE_MS));
      } finally {
        await d.locks.release(name, token);
      }
    }
    const early = await done();
    if (early !== null) return early;
    if (Date.now() > deadline)
      throw new AppError(503, 'fee_payment_in_progress', '这笔费用正在支付中，请稍后查看', { headers: { 'Retry-After': '2' } });
    await new Promise((r) => setTimeout(r, Math.min(200, 10 * 2 ** attempt)));
  }
}

/** Records a posted transfer as the payment of `attempt`; null if the fee moved on meanwhile (then we refund). */
export async function markFeePaid(d: FeeDeps, c: CallDoc, fee: CallFeeDoc, transfer_id: string): Promise<CallDoc | null> {
  const now = new Date();
  const entry: CallHistoryDoc = {
    at: now,
    actor_id: c.requester_id,
    actor_role: 'resident',
    from: c.status,
    to: c.status,
    action: 'fee_paid',
    note: `已用市民卡钱包支付 ${formatFen(fee.amount_fen)}`,
  };
  return d.models.Call.findOneAndUpdate(
    { _id: c._id, 'fee.attempt': fee.attempt, 'fee.status': { $in: ['due', 'paying'] } },
    {
      $set: { 'fee.status': 'paid', 'fee.paid_at': now, 'fee.transfer_id': transfer_id, updated_at: now },
      $push: { history: entry },
    },
    { new: true },
  ).lean<CallDoc>();
}

/**
 * Brings a fee left `paying` in line with the ledger (under the lease): a posted transfer → paid; one that surely
 * did not move money → due again (a voided key is spent, so the next attempt gets a new one). A pending transfer
 * is left to the ledger's recovery. Returns the call as it is afterwards.
 */
export async function settleFee(
  d: FeeDeps,
  c: CallDoc,
  stillHeld: () => Promise<boolean>,
  opts: { nothingMeansNothing: boolean },
): Promise<CallDoc> {
  const fee = c.fee;
  if (!fee || fee.status !== 'paying') return c;
  const t = await d.wallet.transferByKey(feeKeyOf(c._id, fee.attempt));
  if (t?.status === 'posted') return (await markFeePaid(d, c, fee, t._id)) ?? loadCall(d, c._id);
  // No transfer yet is only conclusive when nobody can still be about to write one (the lease is ours).
  if (t?.status === 'voided' || (!t && opts.nothingMeansNothing)) {
    if (!(await stillHeld())) return loadCall(d, c._id);
    await d.models.Call.updateOne(
      { _id: c._id, 'fee.attempt': fee.attempt, 'fee.status': 'paying' },
      { $set: { 'fee.status': 'due', 'fee.attempt': t ? fee.attempt + 1 : fee.attempt } },
    );
  }
  return loadCall(d, c._id);
}
