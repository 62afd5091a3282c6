import { formatFen, type Call, type CallStatus } from '@cc/shared';
import { isAdmin, type UserActor } from '../platform/actor';
import { AppError, badRequest, conflict, forbidden } from '../platform/problem';
import type { CallDoc, CallFeeDoc, CallHistoryDoc, ProviderSkillDoc } from './models';
import { isOperatorOf, loadCall, openLoad, requireProviderIn, roleIn, serviceOf, transition, visible, notify } from './records';
import type { CallsDeps } from './service';
import { OPEN_STATUSES, TRANSITIONS } from './statuses';
import { toCall } from './views';

/** Operators and providers moving a call along its lifecycle. */
export function handling(deps: CallsDeps) {
  return {
    async acknowledge(actor: UserActor, call_id: string, note: string | null): Promise<Call> {
      const c = await visible(deps, actor, call_id);
      if (!isOperatorOf(actor, c)) throw forbidden('forbidden_scope', '只有本社区运营人员可以受理');
      // The SLA the call was made under (its snapshot), not the catalogue as edited since.
      const sla = c.service_snapshot?.sla ?? (await serviceOf(deps, c.community_id, c.service_code)).sla;
      const resolve_by = new Date(Date.now() + sla.resolve_minutes * deps.slaMinuteMs);
      const updated = await transition(deps, c, 'acknowledge', actor, note, { set: { resolve_by, expected_datetime: resolve_by } });
      await deps.scheduleDeadline(c._id, 'resolve', resolve_by);
      return toCall(updated);
    },

    assign: (actor: UserActor, call_id: string, provider_id: string | undefined, note: string | null) =>
      assign(deps, actor, call_id, provider_id, note),

    async closeDuplicate(actor: UserActor, call_id: string, duplicate_of: string, note: string | null): Promise<Call> {
      const c = await visible(deps, actor, call_id);
      if (!isOperatorOf(actor, c)) throw forbidden('forbidden_scope', '只有本社区运营人员可以关闭重复呼叫');
      if (!(TRANSITIONS.close_duplicate.from as readonly CallStatus[]).includes(c.status))
        return toCall(await transition(deps, c, 'close_duplicate', actor, null));
      if (duplicate_of === call_id) throw badRequest('duplicate_of_itself', '不能标记为与自己重复');
      const original = await loadCall(deps, duplicate_of);
      if (original.community_id !== c.community_id) throw conflict('duplicate_elsewhere', '原呼叫不在本社区');
      return toCall(await transition(deps, c, 'close_duplicate', actor, note ?? `与 ${duplicate_of} 重复`));
    },

    async accept(actor: UserActor, call_id: string, note: string | null): Promise<Call> {
      const c = await visible(deps, actor, call_id);
      if (c.provider_id !== actor.user_id) throw forbidden('not_assigned_to_you', '这条呼叫没有派给您');
      return toCall(await transition(deps, c, 'accept', actor, note, { guard: { provider_id: actor.user_id } }));
    },

    async decline(actor: UserActor, call_id: string, reason: string): Promise<Call> {
      const c = await visible(deps, actor, call_id);
      if (c.provider_id !== actor.user_id) throw forbidden('not_assigned_to_you', '这条呼叫没有派给您');
      return toCall(
        await transition(deps, c, 'decline', actor, reason, { set: { provider_id: null }, guard: { provider_id: actor.user_id } }),
      );
    },

    addNote: (actor: UserActor, call_id: string, note: string) => addNote(deps, actor, call_id, note),

    /** Done; with `fee_fen` > 0 the resident then owes that fee, paid from their wallet to the provider (fees.ts). */
    async resolve(actor: UserActor, call_id: string, note: string | null, fee_fen = 0): Promise<Call> {
      const c = await visible(deps, actor, call_id);
      if (c.provider_id !== actor.user_id && !isAdmin(actor)) throw forbidden('not_assigned_to_you', '这条呼叫没有派给您');
      if (fee_fen > 0 && !c.requester_id) throw conflict('fee_without_resident', '这条呼叫没有登记的居民，不能收费');
      const now = new Date();
      const fee: CallFeeDoc | null =
        fee_fen > 0
          ? { amount_fen: fee_fen, status: 'due', attempt: 1, set_by: actor.user_id, set_at: now, paid_at: null, transfer_id: null }
          : null;
      const said = fee ? `费用 ${formatFen(fee_fen)}` : null;
      return toCall(await transition(deps, c, 'resolve', actor, [note, said].filter(Boolean).join('；') || null, { set: { fee } }));
    },

    async cancel(actor: UserActor, call_id: string, note: string | null): Promise<Call> {
      const c = await visible(deps, actor, call_id);
      if (c.requester_id !== actor.user_id && !isOperatorOf(actor, c)) throw forbidden('not_owner', '只有发起人或社区运营人员可以取消');
      return toCall(await transition(deps, c, 'cancel', actor, note));
    },
  };
}

async function assign(
  deps: CallsDeps,
  actor: UserActor,
  call_id: string,
  provider_id: string | undefined,
  note: string | null,
): Promise<Call> {
  const { ProviderSkill } = deps.models;
  const c = await visible(deps, actor, call_id);
  if (!isOperatorOf(actor, c)) throw forbidden('forbidden_scope', '只有本社区运营人员可以派单');
  if (c.status !== 'acknowledged') return toCall(await transition(deps, c, 'assign', actor, note)); // 409 with the right message
  let chosen = provider_id;
  if (chosen) {
    const skill = await ProviderSkill.findOne({ community_id: c.community_id, user_id: chosen }).lean<ProviderSkillDoc>();
    if (!skill || !skill.skills.includes(c.service_code)) throw conflict('provider_lacks_skill', '该服务人员在本社区没有这项技能');
    await requireProviderIn(deps, c.community_id, chosen);
  } else {
    const candidates = await ProviderSkill.find({ community_id: c.community_id, skills: c.service_code }).lean<ProviderSkillDoc[]>();
    let best: { id: string; load: number } | null = null;
    for (const p of candidates.sort((a, b) => a.user_id.localeCompare(b.user_id))) {
      const load = await openLoad(deps, p.user_id);
      if (!best || load < best.load) best = { id: p.user_id, load };
    }
    if (!best) throw conflict('no_provider_available', '本社区暂无具备该技能的服务人员');
    chosen = best.id;
  }
  return toCall(
    await transition(deps, c, 'assign', actor, note ?? (provider_id ? null : '按技能和负载自动派单'), { set: { provider_id: chosen } }),
  );
}

async function addNote(deps: CallsDeps, actor: UserActor, call_id: string, note: string): Promise<Call> {
  const c = await visible(deps, actor, call_id);
  if (c.provider_id !== actor.user_id && !isOperatorOf(actor, c)) throw forbidden('not_assigned_to_you', '这条呼叫没有派给您');
  if (!OPEN_STATUSES.includes(c.status)) throw new AppError(409, 'illegal_transition', '呼叫已结束，不能再添加进展');
  const entry: CallHistoryDoc = {
    at: new Date(),
    actor_id: actor.user_id,
    actor_role: roleIn(actor, c),
    from: c.status,
    to: c.status,
    action: 'note',
    note,
  };
  const updated = await deps.models.Call.findOneAndUpdate(
    { _id: c._id, status: { $in: OPEN_STATUSES } },
    { $push: { history: entry }, $set: { updated_at: entry.at } },
    { new: true },
  ).lean<CallDoc>();
  if (!updated) throw new AppError(409, 'illegal_transition', '呼叫已结束，不能再添加进展');
  await notify(deps, updated, 'note');
  return toCall(updated);
}
