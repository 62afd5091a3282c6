import { type CallStatus } from '@cc/shared';
import { hasCommunityRole, isAdmin, type UserActor } from '../platform/actor';
import { AppError, conflict, notFound } from '../platform/problem';
import { defaultServices } from './catalogue';
import type { CallDoc, CallHistoryDoc, ServiceDoc } from './models';
import type { CallsDeps } from './service';
import { TRANSITIONS, type CallAction } from './statuses';
import { tellResident } from './tell';

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

export function roleIn(actor: UserActor, c: CallDoc): CallHistoryDoc['actor_role'] {
  if (actor.user_id === c.requester_id) return 'resident';
  if (actor.user_id === c.provider_id) return 'provider';
  if (isAdmin(actor) && !hasCommunityRole({ ...actor, roles: actor.roles.filter((g) => g.role !== 'admin') }, c.community_id, ['operator']))
    return 'admin';
  return 'operator';
}

export async function catalogue(deps: CallsDeps, community_id: string): Promise<ServiceDoc[]> {
  await deps.hotlineOf(community_id); // 404 for an unknown community
  const stored = await deps.models.Service.find({ community_id }).sort({ order: 1 }).lean<ServiceDoc[]>();
  if (stored.length === 0) return defaultServices(community_id);
  // Services are never deleted (only deactivated), so a default missing here is one still being stored (the
  // first edit of a catalogue stores them all) or one added to the defaults later: read it from the defaults.
  const have = new Set(stored.map((s) => s.service_code));
  const missing = defaultServices(community_id).filter((d) => !have.has(d.service_code));
  return missing.length > 0 ? [...stored, ...missing].sort((a, b) => a.order - b.order) : stored;
}

export async function serviceOf(deps: CallsDeps, community_id: string, service_code: string): Promise<ServiceDoc> {
  const s = (await catalogue(deps, community_id)).find((x) => x.service_code === service_code);
  if (!s) throw notFound('service_not_found', '没有这项服务');
  return s;
}

export async function loadCall(deps: CallsDeps, call_id: string): Promise<CallDoc> {
  const c = await deps.models.Call.findById(call_id).lean<CallDoc>();
  if (!c) throw notFound('call_not_found', '呼叫不存在');
  return c;
}

export const isOperatorOf = (actor: UserActor, c: CallDoc) => hasCommunityRole(actor, c.community_id, ['operator']);

/** A resident sees only their calls, a provider only those assigned to them, operators their community's: others get 404. */
export async function visible(deps: CallsDeps, actor: UserActor, call_id: string): Promise<CallDoc> {
  const c = await loadCall(deps, call_id);
  if (c.requester_id !== actor.user_id && c.provider_id !== actor.user_id && !isOperatorOf(actor, c))
    throw notFound('call_not_found', '呼叫不存在');
  return c;
}

/**
 * Applies one lifecycle action with a guarded single-document update (DESIGN §3), recording it in the history.
 * Refused with 409 illegal_transition when the call is not in a status the action starts from.
 */
export async function transition(
  deps: CallsDeps,
  c: CallDoc,
  action: CallAction,
  actor: UserActor | null,
  note: string | null,
  extra: { set?: Record<string, unknown>; guard?: Record<string, unknown> } = {},
): Promise<CallDoc> {
  const rule = TRANSITIONS[action];
  const illegal = (status: CallStatus) =>
    new AppError(409, 'illegal_transition', `呼叫当前状态为「${status}」，不能执行「${action}」`, { detail: `${status} → ${rule.to}` });
  if (!(rule.from as readonly CallStatus[]).includes(c.status)) throw illegal(c.status);
  const now = new Date();
  const entry: CallHistoryDoc = {
    at: now,
    actor_id: actor?.user_id ?? null,
    actor_role: actor ? roleIn(actor, c) : 'system',
    from: c.status,
    to: rule.to,
    action,
    note,
  };
  // Guarded on the status read: a concurrent change makes this a no-op, never a double transition.
  const updated = await deps.models.Call.findOneAndUpdate(
    { _id: c._id, status: c.status, ...extra.guard },
    { $set: { status: rule.to, updated_at: now, ...extra.set }, $push: { history: entry } },
    { new: true },
  ).lean<CallDoc>();
  if (!updated) throw illegal((await loadCall(deps, c._id)).status);
  await notify(deps, updated, action);
  await tellResident(deps, updated, action);
  return updated;
}

export async function notify(deps: CallsDeps, c: CallDoc, action: string): Promise<void> {
  const user_ids = [c.requester_id, c.provider_id].filter((id): id is string => Boolean(id));
  await deps
    .publish({ user_ids, operators_of: c.community_id }, { type: 'call.updated', action, call_id: c._id, status: c.status })
    .catch(() => undefined);
}

export async function requireProviderIn(deps: CallsDeps, community_id: string, user_id: string): Promise<void> {
  const p = await deps.profileOf(user_id);
  if (!p.roles.some((g) => g.role === 'provider' && g.community_id === community_id))
    throw conflict('not_a_provider', '此人不是本社区的服务人员');
}

export async function openLoad(deps: CallsDeps, provider_id: string): Promise<number> {
  return deps.models.Call.countDocuments({ provider_id, status: { $in: ['assigned', 'in_progress'] } });
}
