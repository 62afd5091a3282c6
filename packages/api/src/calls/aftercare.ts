import { type Call, type CallStatus } from '@cc/shared';
import { type UserActor } from '../platform/actor';
import { AppError, conflict, forbidden } from '../platform/problem';
import type { CallDoc } from './models';
import { visible } from './records';
import { tellLate } from './tell';
import type { CallsDeps } from './service';
import { toCall } from './views';

const LATE_NOTICE = {
  ack: '您的呼叫还在排队，社区服务站未能在承诺时间内受理，已升级给值班负责人优先处理，请稍候。',
  resolve: '您的呼叫未能在承诺时间内办结，已升级给社区服务站负责人跟进，我们会尽快安排，给您带来不便请谅解。',
} as const;

/** After the work: the resident's rating, and the SLA deadlines that escalate a late call. */
export function aftercare(deps: CallsDeps) {
  const { Call, ProviderSkill } = deps.models;
  return {
    async rate(actor: UserActor, call_id: string, rating: number, comment: string | undefined): Promise<Call> {
      const c = await visible(deps, actor, call_id);
      if (c.requester_id !== actor.user_id) throw forbidden('not_owner', '只有发起人可以评价');
      const now = new Date();
      const updated = await Call.findOneAndUpdate(
        { _id: c._id, status: 'resolved', rating: null },
        {
          $set: { rating, rating_comment: comment ?? null, updated_at: now },
          $push: {
            history: {
              at: now,
              actor_id: actor.user_id,
              actor_role: 'resident',
              from: 'resolved',
              to: 'resolved',
              action: 'rate',
              note: `${rating} 星${comment ? `：${comment}` : ''}`,
            },
          },
        },
        { new: true },
      ).lean<CallDoc>();
      if (!updated) {
        if (c.status !== 'resolved') throw new AppError(409, 'illegal_transition', '服务完成后才能评价');
        throw conflict('already_rated', '已经评价过了');
      }
      if (updated.provider_id) {
        await ProviderSkill.updateOne(
          { community_id: c.community_id, user_id: updated.provider_id },
          { $inc: { rating_sum: rating, rating_count: 1 } },
        );
      }
      return toCall(updated);
    },

    /** The BullMQ job at a deadline: still in the wrong status → escalate once (level +1, history, notice, operators alerted). */
    async checkDeadline(call_id: string, kind: 'ack' | 'resolve'): Promise<boolean> {
      const late: CallStatus[] = kind === 'ack' ? ['open'] : ['acknowledged', 'assigned', 'in_progress'];
      const now = new Date();
      const current = await Call.findById(call_id).lean<CallDoc>();
      if (!current || !late.includes(current.status)) return false;
      const deadline = kind === 'ack' ? current.acknowledge_by : current.resolve_by;
      if (!deadline || deadline.getTime() > now.getTime() + 5) return false;
      const updated = await Call.findOneAndUpdate(
        { _id: call_id, status: { $in: late }, escalated: { $ne: kind } },
        {
          $inc: { escalation_level: 1 },
          $addToSet: { escalated: kind },
          $set: { service_notice: LATE_NOTICE[kind], updated_at: now },
          $push: {
            history: {
              at: now,
              actor_id: null,
              actor_role: 'system',
              from: current.status,
              to: current.status,
              action: 'escalate',
              note: kind === 'ack' ? '超过受理时限，已升级' : '超过办结时限，已升级',
            },
          },
        },
        { new: true },
      ).lean<CallDoc>();
      if (!updated) return false;
      await deps
        .publish(
          { operators_of: updated.community_id, user_ids: updated.requester_id ? [updated.requester_id] : [] },
          { type: 'call.escalated', call_id, kind, escalation_level: updated.escalation_level },
        )
        .catch(() => undefined);
      await tellLate(deps, updated, kind);
      return true;
    },
  };
}
