import { createHash } from 'node:crypto';
import type { Call, CallStatus, Me, Service } from '@cc/shared';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { communitiesWithRole, hasCommunityRole, isAdmin, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { pageByCursor } from '../platform/pagination';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/problem';
import type { RealtimeEvent, RealtimeTarget } from '../platform/realtime';
import { defaultServices } from './catalogue';
import type { CallDoc, CallHistoryDoc, CallModels, ProviderSkillDoc, ServiceDoc } from './models';

/** Statuses in which a call is still being handled (duplicate detection, provider load). */
export const OPEN_STATUSES: CallStatus[] = ['open', 'acknowledged', 'assigned', 'in_progress'];

/** The lifecycle: each action, the statuses it may start from, and where it leads. Anything else is 409 illegal_transition. */
export const TRANSITIONS = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  assign: { from: ['acknowledged'], to: 'assigned' },
  accept: { from: ['assigned'], to: 'in_progress' },
  decline: { from: ['assigned'], to: 'acknowledged' },
  resolve: { from: ['in_progress'], to: 'resolved' },
  cancel: { from: ['open', 'acknowledged', 'assigned', 'in_progress'], to: 'cancelled' },
  close_duplicate: { from: ['open', 'acknowledged'], to: 'closed_duplicate' },
} as const satisfies Record<string, { from: readonly CallStatus[]; to: CallStatus }>;
export type CallAction = keyof typeof TRANSITIONS;

export type Channel = CallDoc['channel'];
export interface CreateCallInput {
  service_code: string;
  description?: string | undefined;
  address?: string | undefined;
  location?: { lat: number; lng: number } | undefined;
  attributes?: Record<string, unknown> | undefined;
  preferred_time?: string | undefined;
  confirm_new?: boolean | undefined;
}

export interface CallsDeps {
  models: CallModels;
  redis: Redis;
  /** Identity, through its service only. */
  profileOf(user_id: string): Promise<Me>;
  hotlineOf(community_id: string): Promise<string>;
  publish(to: RealtimeTarget, event: RealtimeEvent): Promise<void>;
  /** Schedules the SLA check of a deadline (BullMQ delayed job). */
  scheduleDeadline(call_id: string, kind: 'ack' | 'resolve', at: Date): Promise<void>;
  /** One SLA minute in milliseconds (60 000; compressed in tests). */
  slaMinuteMs: number;
  rateLimit: { points: number; durationS: number };
}

function toService(s: ServiceDoc): Service {
  return {
    community_id: s.community_id,
    service_code: s.service_code,
    service_name: s.service_name,
    description: s.description,
    group: s.group,
    keywords: s.keywords,
    type: s.type,
    metadata: s.attributes.length > 0,
    attributes: [...s.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        order: a.order,
        description: a.description,
        datatype_description: a.datatype_description ?? null,
        values: a.values.map((v) => ({ key: v.key, name: v.name })),
      })),
    sla: { acknowledge_minutes: s.sla.acknowledge_minutes, resolve_minutes: s.sla.resolve_minutes },
    emergency: s.emergency,
  };
}

export function toCall(c: CallDoc): Call {
  return {
    id: c._id,
    community_id: c.community_id,
    service_code: c.service_code,
    service_name: c.service_name,
    requester_id: c.requester_id,
    channel: c.channel,
    taken_by: c.taken_by ?? null,
    priority: c.priority,
    status: c.status,
    description: c.description,
    address: c.address,
    location: c.location ? { lat: c.location.lat, lng: c.location.lng } : null,
    attributes: c.attributes ?? {},
    preferred_time: c.preferred_time ? c.preferred_time.toISOString() : null,
    provider_id: c.provider_id ?? null,
    expected_datetime: c.expected_datetime.toISOString(),
    escalation_level: c.escalation_level,
    service_notice: c.service_notice ?? null,
    rating: c.rating ?? null,
    rating_comment: c.rating_comment ?? null,
    history: c.history.map((h) => ({
      at: h.at.toISOString(),
      actor_id: h.actor_id ?? null,
      actor_role: h.actor_role,
      from: h.from ?? null,
      to: h.to ?? null,
      action: h.action,
      note: h.note ?? null,
    })),
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  };
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

const attrError = (code: string, message: string) =>
  badRequest('attribute_invalid', `服务属性「${code}」有误：${message}`, [
    { path: `body.attributes.${code}`, message, code: 'attribute_invalid' },
  ]);

/** Checks the values against the service's typed attributes; returns them normalised. 400 names the attribute. */
export function validateAttributes(service: ServiceDoc, values: Record<string, unknown>): Record<string, unknown> {
  const known = new Map(service.attributes.map((a) => [a.code, a]));
  for (const code of Object.keys(values)) if (!known.has(code)) throw attrError(code, '该服务没有这一项');
  const out: Record<string, unknown> = {};
  for (const a of service.attributes) {
    const v = values[a.code];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) {
      if (a.required) throw attrError(a.code, `「${a.description}」为必填项`);
      continue;
    }
    const keys = new Set(a.values.map((x) => x.key));
    switch (a.datatype) {
      case 'string':
      case 'text': {
        const max = a.datatype === 'string' ? 100 : 1000;
        // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
        if (typeof v !== 'string' || v.trim().length > max || (a.datatype === 'string' && /[\u0000-\u001f\u007f]/.test(v)))
          throw attrError(a.code, `应为不超过 ${max} 字的文字`);
        out[a.code] = v.trim();
        break;
      }
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1_000_000) throw attrError(a.code, '应为 0–1000000 之间的数字');
        out[a.code] = v;
        break;
      case 'datetime':
        if (
          typeof v !== 'string' ||
          !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) ||
          Number.isNaN(Date.parse(v))
        )
          throw attrError(a.code, '应为带时区的 ISO 8601 时间');
        out[a.code] = new Date(v).toISOString();
        break;
      case 'singlevaluelist':
        if (typeof v !== 'string' || !keys.has(v)) throw attrError(a.code, `应为以下之一：${[...keys].join(', ')}`);
        out[a.code] = v;
        break;
      case 'multivaluelist':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !keys.has(x)))
          throw attrError(a.code, `应为以下若干项：${[...keys].join(', ')}`);
        out[a.code] = [...new Set(v as string[])];
        break;
    }
  }
  return out;
}

function roleIn(actor: UserActor, c: CallDoc): CallHistoryDoc['actor_role'] {
  if (actor.user_id === c.requester_id) return 'resident';
  if (actor.user_id === c.provider_id) return 'provider';
  if (isAdmin(actor) && !hasCommunityRole({ ...actor, roles: actor.roles.filter((g) => g.role !== 'admin') }, c.community_id, ['operator']))
    return 'admin';
  return 'operator';
}

const LATE_NOTICE = {
  ack: '您的呼叫还在排队，社区服务站未能在承诺时间内受理，已升级给值班负责人优先处理，请稍候。',
  resolve: '您的呼叫未能在承诺时间内办结，已升级给社区服务站负责人跟进，我们会尽快安排，给您带来不便请谅解。',
} as const;

export function createCallService(deps: CallsDeps) {
  const { Service: ServiceModel, Call, ProviderSkill } = deps.models;
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: 'rl:calls',
    points: deps.rateLimit.points,
    duration: deps.rateLimit.durationS,
  });

  async function catalogue(community_id: string): Promise<ServiceDoc[]> {
    await deps.hotlineOf(community_id); // 404 for an unknown community
    const stored = await ServiceModel.find({ community_id }).sort({ order: 1 }).lean<ServiceDoc[]>();
    return stored.length > 0 ? stored : defaultServices(community_id);
  }

  async function serviceOf(community_id: string, service_code: string): Promise<ServiceDoc> {
    const s = (await catalogue(community_id)).find((x) => x.service_code === service_code);
    if (!s) throw notFound('service_not_found', '没有这项服务');
    return s;
  }

  async function load(call_id: string): Promise<CallDoc> {
    const c = await Call.findById(call_id).lean<CallDoc>();
    if (!c) throw notFound('call_not_found', '呼叫不存在');
    return c;
  }

  const isOperatorOf = (actor: UserActor, c: CallDoc) => hasCommunityRole(actor, c.community_id, ['operator']);

  /** A resident sees only their calls, a provider only those assigned to them, operators their community's: others get 404. */
  async function visible(actor: UserActor, call_id: string): Promise<CallDoc> {
    const c = await load(call_id);
    if (c.requester_id !== actor.user_id && c.provider_id !== actor.user_id && !isOperatorOf(actor, c))
      throw notFound('call_not_found', '呼叫不存在');
    return c;
  }

  async function consumeRate(user_id: string): Promise<void> {
    try {
      await limiter.consume(user_id);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        throw new AppError(429, 'too_many_calls', '呼叫太频繁，请稍后再试；紧急情况请拨打社区热线', {
          headers: { 'Retry-After': String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))) },
        });
      }
      throw err;
    }
  }

  /**
   * Applies one lifecycle action with a guarded single-document update (DESIGN §3), recording it in the history.
   * Refused with 409 illegal_transition when the call is not in a status the action starts from.
   */
  async function transition(
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
    const updated = await Call.findOneAndUpdate(
      { _id: c._id, status: c.status, ...extra.guard },
      { $set: { status: rule.to, updated_at: now, ...extra.set }, $push: { history: entry } },
      { new: true },
    ).lean<CallDoc>();
    if (!updated) throw illegal((await load(c._id)).status);
    await notify(updated, action);
    return updated;
  }

  async function notify(c: CallDoc, action: string): Promise<void> {
    const user_ids = [c.requester_id, ...(c.provider_id ? [c.provider_id] : [])];
    await deps
      .publish({ user_ids, operators_of: c.community_id }, { type: 'call.updated', action, call_id: c._id, status: c.status })
      .catch(() => undefined);
  }

  async function create(
    requester_id: string,
    community_id: string,
    channel: Channel,
    input: CreateCallInput,
    idempotencyKey: string,
    opts: { taken_by?: string } = {},
  ): Promise<CallDoc> {
    const service = await serviceOf(community_id, input.service_code);
    const attributes = validateAttributes(service, input.attributes ?? {});
    const params_hash = createHash('sha256')
      .update(
        JSON.stringify([
          community_id,
          channel,
          input.service_code,
          input.description ?? '',
          input.address ?? '',
          input.location ?? null,
          attributes,
          input.preferred_time ?? null,
        ]),
      )
      .digest('hex');
    const key = `${requester_id}:${idempotencyKey}`;
    const replay = await Call.findOne({ idempotency_key: key }).lean<CallDoc>();
    if (replay) {
      if (replay.params_hash !== params_hash) throw conflict('idempotency_conflict', '同一幂等键对应了不同的请求参数');
      return replay;
    }
    const profile = await deps.profileOf(requester_id);
    const address = input.address ?? profile.address;
    if (!address) throw badRequest('address_required', '请填写地址（您还没有登记住址）');
    if (!input.confirm_new) {
      const open = await Call.findOne({ requester_id, service_code: service.service_code, status: { $in: OPEN_STATUSES } }).lean<CallDoc>();
      if (open) {
        throw new AppError(
          409,
          'possible_duplicate',
          `您已有一条「${service.service_name}」呼叫正在处理，是同一个问题吗？如是新问题请确认后再提交`,
          {
            detail: open._id,
          },
        );
      }
    }
    await consumeRate(requester_id);
    const now = new Date();
    const acknowledge_by = new Date(now.getTime() + service.sla.acknowledge_minutes * deps.slaMinuteMs);
    const doc: CallDoc = {
      _id: newId('req'),
      idempotency_key: key,
      params_hash,
      community_id,
      service_code: service.service_code,
      service_name: service.service_name,
      requester_id,
      channel,
      taken_by: opts.taken_by ?? null,
      priority: service.emergency ? 'emergency' : 'normal',
      status: 'open',
      description: input.description ?? '',
      address,
      location: input.location ?? null,
      attributes,
      preferred_time: input.preferred_time ? new Date(input.preferred_time) : null,
      provider_id: null,
      acknowledge_by,
      resolve_by: null,
      expected_datetime: acknowledge_by,
      escalation_level: 0,
      escalated: [],
      service_notice: null,
      rating: null,
      rating_comment: null,
      history: [
        {
          at: now,
          actor_id: opts.taken_by ?? requester_id,
          actor_role: opts.taken_by ? 'operator' : 'resident',
          from: null,
          to: 'open',
          action: 'created',
          note: `渠道：${{ miniapp: '小程序', kiosk: '社区终端', hotline: '热线电话' }[channel]}`,
        },
      ],
      created_at: now,
      updated_at: now,
    };
    try {
      await Call.create(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = await Call.findOne({ idempotency_key: key }).lean<CallDoc>();
      if (!first || first.params_hash !== params_hash) throw conflict('idempotency_conflict', '同一幂等键对应了不同的请求参数');
      return first;
    }
    await deps.scheduleDeadline(doc._id, 'ack', acknowledge_by);
    if (service.emergency) {
      await deps.publish(
        { operators_of: community_id },
        {
          type: 'call.emergency',
          call_id: doc._id,
          community_id,
          address,
          requester_id,
          channel,
          created_at: now.toISOString(),
          message: `紧急求助：${address}`,
        },
      );
    } else {
      await notify(doc, 'created');
    }
    return doc;
  }

  async function requireProviderIn(community_id: string, user_id: string): Promise<void> {
    const p = await deps.profileOf(user_id);
    if (!p.roles.some((g) => g.role === 'provider' && g.community_id === community_id))
      throw conflict('not_a_provider', '此人不是本社区的服务人员');
  }

  async function openLoad(provider_id: string): Promise<number> {
    return Call.countDocuments({ provider_id, status: { $in: ['assigned', 'in_progress'] } });
  }

  return {
    async listServices(community_id: string) {
      return { items: (await catalogue(community_id)).map(toService) };
    },
    async getService(community_id: string, service_code: string) {
      return toService(await serviceOf(community_id, service_code));
    },

    /** Stores the default catalogue for a community; running it again changes nothing. */
    async seedCatalogue(community_id: string): Promise<void> {
      for (const s of defaultServices(community_id, new Date())) {
        const { _id, created_at, ...rest } = s;
        await ServiceModel.updateOne(
          { community_id, service_code: s.service_code },
          { $setOnInsert: { _id, created_at, ...rest } },
          { upsert: true },
        );
      }
    },

    async createByResident(actor: UserActor, input: CreateCallInput, key: string): Promise<Call> {
      if (!actor.community_id) throw forbidden('no_home_community', '请先登记所在社区，再发起呼叫');
      return toCall(await create(actor.user_id, actor.community_id, 'miniapp', input, key));
    },

    async createByHotline(actor: UserActor, community_id: string, resident_id: string, input: CreateCallInput, key: string): Promise<Call> {
      if (!hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const resident = await deps.profileOf(resident_id);
      if (resident.community_id !== community_id) throw conflict('not_a_resident', '此人不是本社区居民');
      return toCall(await create(resident_id, community_id, 'hotline', input, `${actor.user_id}:${key}`, { taken_by: actor.user_id }));
    },

    async createAtKiosk(
      actor: { user_id: string; community_id: string },
      input: { service_code: string; confirm_new?: boolean | undefined },
      key: string,
    ) {
      const profile = await deps.profileOf(actor.user_id);
      const community_id = profile.community_id ?? actor.community_id;
      const call = await create(actor.user_id, community_id, 'kiosk', input, key);
      const hotline = await deps.hotlineOf(community_id);
      const message =
        call.priority === 'emergency'
          ? `已通知社区服务站，马上有人来帮您。如情况紧急请拨打社区热线 ${hotline}，危及生命请拨打 120。`
          : `呼叫已发送，社区服务站会尽快联系您。地址：${call.address}。`;
      return { call: toCall(call), hotline, message };
    },

    async listMine(
      actor: UserActor,
      query: { limit: number; cursor?: string | undefined; view: 'mine' | 'assigned'; status?: CallStatus | undefined },
    ) {
      const filter: Record<string, unknown> = query.view === 'assigned' ? { provider_id: actor.user_id } : { requester_id: actor.user_id };
      if (query.status) filter.status = query.status;
      const page = await pageByCursor(Call, filter, query);
      return { items: page.items.map(toCall), next_cursor: page.next_cursor };
    },

    async listCommunity(
      actor: UserActor,
      community_id: string,
      query: { limit: number; cursor?: string | undefined; status?: CallStatus | undefined },
    ) {
      const scope = communitiesWithRole(actor, ['operator']);
      if (scope && !scope.includes(community_id)) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const filter: Record<string, unknown> = { community_id };
      if (query.status) filter.status = query.status;
      const page = await pageByCursor(Call, filter, query);
      return { items: page.items.map(toCall), next_cursor: page.next_cursor };
    },

    get: async (actor: UserActor, call_id: string) => toCall(await visible(actor, call_id)),

    async acknowledge(actor: UserActor, call_id: string, note: string | null): Promise<Call> {
      const c = await visible(actor, call_id);
      if (!isOperatorOf(actor, c)) throw forbidden('forbidden_scope', '只有本社区运营人员可以受理');
      const service = await serviceOf(c.community_id, c.service_code);
      const resolve_by = new Date(Date.now() + service.sla.resolve_minutes * deps.slaMinuteMs);
      const updated = await transition(c, 'acknowledge', actor, note, { set: { resolve_by, expected_datetime: resolve_by } });
      await deps.scheduleDeadline(c._id, 'resolve', resolve_by);
      return toCall(updated);
    },

    async assign(actor: UserActor, call_id: string, provider_id: string | undefined, note: string | null): Promise<Call> {
      const c = await visible(actor, call_id);
      if (!isOperatorOf(actor, c)) throw forbidden('forbidden_scope', '只有本社区运营人员可以派单');
      if (c.status !== 'acknowledged') return toCall(await transition(c, 'assign', actor, note)); // 409 with the right message
      let chosen = provider_id;
      if (chosen) {
        const skill = await ProviderSkill.findOne({ community_id: c.community_id, user_id: chosen }).lean<ProviderSkillDoc>();
        if (!skill || !skill.skills.includes(c.service_code)) throw conflict('provider_lacks_skill', '该服务人员在本社区没有这项技能');
        await requireProviderIn(c.community_id, chosen);
      } else {
        const candidates = await ProviderSkill.find({ community_id: c.community_id, skills: c.service_code }).lean<ProviderSkillDoc[]>();
        let best: { id: string; load: number } | null = null;
        for (const p of candidates.sort((a, b) => a.user_id.localeCompare(b.user_id))) {
          const load = await openLoad(p.user_id);
          if (!best || load < best.load) best = { id: p.user_id, load };
        }
        if (!best) throw conflict('no_provider_available', '本社区暂无具备该技能的服务人员');
        chosen = best.id;
      }
      return toCall(
        await transition(c, 'assign', actor, note ?? (provider_id ? null : '按技能和负载自动派单'), { set: { provider_id: chosen } }),
      );
    },

    async closeDuplicate(actor: UserActor, call_id: string, duplicate_of: string, note: string | null): Promise<Call> {
      const c = await visible(actor, call_id);
      if (!isOperatorOf(actor, c)) throw forbidden('forbidden_scope', '只有本社区运营人员可以关闭重复呼叫');
      if (!(TRANSITIONS.close_duplicate.from as readonly CallStatus[]).includes(c.status))
        return toCall(await transition(c, 'close_duplicate', actor, null));
      if (duplicate_of === call_id) throw badRequest('duplicate_of_itself', '不能标记为与自己重复');
      const original = await load(duplicate_of);
      if (original.community_id !== c.community_id) throw conflict('duplicate_elsewhere', '原呼叫不在本社区');
      return toCall(await transition(c, 'close_duplicate', actor, note ?? `与 ${duplicate_of} 重复`));
    },

    async accept(actor: UserActor, call_id: string, note: string | null): Promise<Call> {
      const c = await visible(actor, call_id);
      if (c.provider_id !== actor.user_id) throw forbidden('not_assigned_to_you', '这条呼叫没有派给您');
      return toCall(await transition(c, 'accept', actor, note, { guard: { provider_id: actor.user_id } }));
    },

    async decline(actor: UserActor, call_id: string, reason: string): Promise<Call> {
      const c = await visible(actor, call_id);
      if (c.provider_id !== actor.user_id) throw forbidden('not_assigned_to_you', '这条呼叫没有派给您');
      return toCall(await transition(c, 'decline', actor, reason, { set: { provider_id: null }, guard: { provider_id: actor.user_id } }));
    },

    async addNote(actor: UserActor, call_id: string, note: string): Promise<Call> {
      const c = await visible(actor, call_id);
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
      const updated = await Call.findOneAndUpdate(
        { _id: c._id, status: { $in: OPEN_STATUSES } },
        { $push: { history: entry }, $set: { updated_at: entry.at } },
        { new: true },
      ).lean<CallDoc>();
      if (!updated) throw new AppError(409, 'illegal_transition', '呼叫已结束，不能再添加进展');
      await notify(updated, 'note');
      return toCall(updated);
    },

    async resolve(actor: UserActor, call_id: string, note: string | null): Promise<Call> {
      const c = await visible(actor, call_id);
      if (c.provider_id !== actor.user_id && !isAdmin(actor)) throw forbidden('not_assigned_to_you', '这条呼叫没有派给您');
      return toCall(await transition(c, 'resolve', actor, note));
    },

    async cancel(actor: UserActor, call_id: string, note: string | null): Promise<Call> {
      const c = await visible(actor, call_id);
      if (c.requester_id !== actor.user_id && !isOperatorOf(actor, c)) throw forbidden('not_owner', '只有发起人或社区运营人员可以取消');
      return toCall(await transition(c, 'cancel', actor, note));
    },

    async rate(actor: UserActor, call_id: string, rating: number, comment: string | undefined): Promise<Call> {
      const c = await visible(actor, call_id);
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
          { operators_of: updated.community_id, user_ids: [updated.requester_id] },
          { type: 'call.escalated', call_id, kind, escalation_level: updated.escalation_level },
        )
        .catch(() => undefined);
      return true;
    },

    async listProviders(actor: UserActor, community_id: string) {
      if (!hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const rows = await ProviderSkill.find({ community_id }).sort({ user_id: 1 }).limit(200).lean<ProviderSkillDoc[]>();
      return { items: await Promise.all(rows.map(async (r) => toProvider(r, await openLoad(r.user_id)))) };
    },

    async setSkills(actor: UserActor | null, community_id: string, user_id: string, skills: string[]) {
      if (actor && !hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const codes = new Set((await catalogue(community_id)).map((s) => s.service_code));
      const unknown = skills.find((s) => !codes.has(s));
      if (unknown)
        throw badRequest('service_not_found', `没有这项服务：${unknown}`, [
          { path: 'body.skills', message: `没有这项服务：${unknown}`, code: 'service_not_found' },
        ]);
      await requireProviderIn(community_id, user_id);
      const now = new Date();
      const doc = await ProviderSkill.findOneAndUpdate(
        { community_id, user_id },
        { $set: { skills: [...new Set(skills)], updated_at: now }, $setOnInsert: { _id: newId('psk'), rating_sum: 0, rating_count: 0 } },
        { upsert: true, new: true },
      ).lean<ProviderSkillDoc>();
      return toProvider(doc as ProviderSkillDoc, await openLoad(user_id));
    },
  };
}
export type CallService = ReturnType<typeof createCallService>;

function toProvider(r: ProviderSkillDoc, open_calls: number) {
  return {
    community_id: r.community_id,
    user_id: r.user_id,
    skills: r.skills,
    open_calls,
    rating_average: r.rating_count > 0 ? Math.round((r.rating_sum / r.rating_count) * 10) / 10 : null,
    rating_count: r.rating_count,
  };
}
