import { createHash } from 'node:crypto';
import { formatFen, type Call, type CallStatus, type Me, type Service } from '@cc/shared';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { communitiesWithRole, hasCommunityRole, isAdmin, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { pageByCursor, pageBySort } from '../platform/pagination';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/problem';
import type { RealtimeEvent, RealtimeTarget } from '../platform/realtime';
import { defaultServices } from './catalogue';
import type {
  CallContactDoc,
  CallDoc,
  CallFeeDoc,
  CallHistoryDoc,
  CallModels,
  ProviderSkillDoc,
  ServiceDoc,
  ServiceSnapshotDoc,
} from './models';

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
  /** Uploads of the sender (the resident, or the operator taking a hotline call). */
  photo_ids?: string[] | undefined;
}

export interface KioskPlace {
  kiosk_name: string;
  /** The station's name, else the community's. */
  place_name: string;
  address: string;
  location: { lat: number; lng: number };
}

/** How one family contact was told about an emergency (from identity's family service). */
type FamilyNotice = {
  name: string;
  relation: string;
  phone: string;
  phone_masked: string;
  user_id: string | null;
  wechat: 'sent' | 'refused' | 'failed' | 'not_in_app';
};

/** A call a partner system submits over Open311: who sent it, the person's contact, and its own rate limit. */
export interface PartnerSubmission {
  key_id: string;
  name: string;
  contact: CallContactDoc;
  media_url: string | null;
  /** The Open311 token of the request (GET /tokens/{token}.json). */
  token: string;
  /** Consumes the partner's write limit (429 above it); called once the input is known to be good. */
  consume(): Promise<void>;
}

export interface CallsDeps {
  models: CallModels;
  redis: Redis;
  /** Identity, through its service only. */
  profileOf(user_id: string): Promise<Me>;
  hotlineOf(community_id: string): Promise<string>;
  /** Where a kiosk terminal stands (its station, else the community office): the place of a 紧急求助 pressed there. */
  kioskPlaceOf(kiosk_id: string, community_id: string): Promise<KioskPlace>;
  publish(to: RealtimeTarget, event: RealtimeEvent): Promise<void>;
  logger?: Pick<Logger, 'warn'>;
  /** Uploads, through their service: the photos must be the sender's own uploads (400 otherwise). */
  photosOf?(ids: readonly string[], uploader_id: string, field: string): Promise<{ id: string; url: string }[]>;
  /** Identity tells the person's family contacts about an emergency (WeChat message when they use the app). */
  notifyFamily?(user_id: string, alert: { call_id: string; service_name: string; address: string; at: Date }): Promise<FamilyNotice[]>;
  /** Schedules the SLA check of a deadline (BullMQ delayed job). */
  scheduleDeadline(call_id: string, kind: 'ack' | 'resolve', at: Date): Promise<void>;
  /** One SLA minute in milliseconds (60 000; compressed in tests). */
  slaMinuteMs: number;
  rateLimit: { points: number; durationS: number };
}

export function toService(s: ServiceDoc): Service {
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
    active: s.active ?? true,
  };
}

/** What a call keeps of its service: catalogue edits after it was made leave it alone. */
export function snapshotOf(s: ServiceDoc): ServiceSnapshotDoc {
  const { attributes } = toService(s);
  return {
    service_name: s.service_name,
    group: s.group,
    sla: { acknowledge_minutes: s.sla.acknowledge_minutes, resolve_minutes: s.sla.resolve_minutes },
    emergency: s.emergency,
    attributes,
  };
}

/** 138****5678; short numbers keep only their last two digits. */
function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : `****${digits.slice(-2)}`;
}

export const CLOSED_STATUSES: CallStatus[] = ['resolved', 'cancelled', 'closed_duplicate'];

export function toCall(c: CallDoc): Call {
  const open = !CLOSED_STATUSES.includes(c.status);
  return {
    id: c._id,
    community_id: c.community_id,
    service_code: c.service_code,
    service_name: c.service_name,
    requester_id: c.requester_id ?? null,
    channel: c.channel,
    kiosk_id: c.kiosk_id ?? null,
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
    seconds_to_deadline: open ? Math.round((c.expected_datetime.getTime() - Date.now()) / 1000) : null,
    escalation_level: c.escalation_level,
    service_notice: c.service_notice ?? null,
    rating: c.rating ?? null,
    rating_comment: c.rating_comment ?? null,
    photos: c.photos ?? [],
    history: c.history.map((h) => ({
      at: h.at.toISOString(),
      actor_id: h.actor_id ?? null,
      actor_role: h.actor_role,
      from: h.from ?? null,
      to: h.to ?? null,
      action: h.action,
      note: h.note ?? null,
    })),
    service_snapshot: c.service_snapshot ?? {
      // Calls made before snapshots were kept.
      service_name: c.service_name,
      group: '',
      sla: { acknowledge_minutes: 0, resolve_minutes: 0 },
      emergency: c.priority === 'emergency',
      attributes: [],
    },
    fee: c.fee
      ? {
          amount_fen: c.fee.amount_fen,
          status: c.fee.status,
          set_by: c.fee.set_by,
          set_at: c.fee.set_at.toISOString(),
          paid_at: c.fee.paid_at ? c.fee.paid_at.toISOString() : null,
          transfer_id: c.fee.transfer_id ?? null,
        }
      : null,
    partner_key_id: c.partner_key_id ?? null,
    contact: c.contact
      ? {
          first_name: c.contact.first_name ?? null,
          last_name: c.contact.last_name ?? null,
          email: c.contact.email ?? null,
          phone_masked: c.contact.phone ? maskPhone(c.contact.phone) : null,
          account_id: c.contact.account_id ?? null,
        }
      : null,
    media_url: c.media_url ?? null,
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

/**
 * Checks the values against the service's typed attributes; returns them normalised. 400 names the attribute.
 * `onePress` (kiosk): no values are asked for, so required ones may be missing; the station asks by phone.
 */
export function validateAttributes(
  service: ServiceDoc,
  values: Record<string, unknown>,
  opts: { onePress?: boolean } = {},
): Record<string, unknown> {
  const known = new Map(service.attributes.map((a) => [a.code, a]));
  for (const code of Object.keys(values)) if (!known.has(code)) throw attrError(code, '该服务没有这一项');
  const out: Record<string, unknown> = {};
  for (const a of service.attributes) {
    const v = values[a.code];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) {
      if (a.required && !opts.onePress) throw attrError(a.code, `「${a.description}」为必填项`);
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
    if (stored.length === 0) return defaultServices(community_id);
    // Services are never deleted (only deactivated), so a default missing here is one still being stored (the
    // first edit of a catalogue stores them all) or one added to the defaults later: read it from the defaults.
    const have = new Set(stored.map((s) => s.service_code));
    const missing = defaultServices(community_id).filter((d) => !have.has(d.service_code));
    return missing.length > 0 ? [...stored, ...missing].sort((a, b) => a.order - b.order) : stored;
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

  /**
   * After an emergency alert: family contacts are told (not awaited by the caller — the person at the kiosk must not
   * wait on WeChat), the outcome goes into the history, and on-duty operators get the numbers to ring those the app
   * could not reach.
   */
  async function informFamily(c: CallDoc, requester_id: string): Promise<void> {
    if (!deps.notifyFamily) return;
    try {
      const notices = await deps.notifyFamily(requester_id, {
        call_id: c._id,
        service_name: c.service_name,
        address: c.address,
        at: c.created_at,
      });
      if (notices.length === 0) return;
      const said = {
        sent: '微信已通知',
        refused: '未开启微信提醒，请电话联系',
        failed: '微信通知失败，请电话联系',
        not_in_app: '请电话联系',
      };
      const note = notices.map((n) => `${n.name}（${n.relation}，${n.phone_masked}）${said[n.wechat]}`).join('；');
      const entry: CallHistoryDoc = {
        at: new Date(),
        actor_id: null,
        actor_role: 'system',
        from: null,
        to: null,
        action: 'family_notified',
        note,
      };
      await Call.updateOne({ _id: c._id }, { $push: { history: entry }, $set: { updated_at: entry.at } });
      const family_ids = notices.map((n) => n.user_id).filter((id): id is string => id !== null);
      if (family_ids.length > 0) {
        await deps.publish(
          { user_ids: family_ids },
          { type: 'call.family_emergency', call_id: c._id, service_name: c.service_name, address: c.address },
        );
      }
      await deps.publish(
        { operators_of: c.community_id },
        {
          type: 'call.family_notified',
          call_id: c._id,
          contacts: notices.map((n) => ({ name: n.name, relation: n.relation, phone: n.phone, wechat: n.wechat })),
        },
      );
    } catch (err) {
      deps.logger?.warn({ call_id: c._id, err: (err as Error).message }, 'family notification failed');
    }
  }

  async function notify(c: CallDoc, action: string): Promise<void> {
    const user_ids = [c.requester_id, c.provider_id].filter((id): id is string => Boolean(id));
    await deps
      .publish({ user_ids, operators_of: c.community_id }, { type: 'call.updated', action, call_id: c._id, status: c.status })
      .catch(() => undefined);
  }

  /**
   * `requester_id` null: an anonymous 紧急求助 at the kiosk `opts.kiosk_id`, which then stands in for the person
   * (idempotency, duplicates, rate limit). `opts.onePress`: a kiosk press, without the service's attributes.
   */
  async function create(
    requester_id: string | null,
    community_id: string,
    channel: Channel,
    input: CreateCallInput,
    idempotencyKey: string,
    opts: { taken_by?: string; kiosk_id?: string; onePress?: boolean; partner?: PartnerSubmission } = {},
  ): Promise<CallDoc> {
    const service = await serviceOf(community_id, input.service_code);
    if (service.active === false) throw conflict('service_inactive', `「${service.service_name}」暂停受理，请选择其他服务或拨打社区热线`);
    const attributes = validateAttributes(service, input.attributes ?? {}, { onePress: opts.onePress ?? false });
    const partner = opts.partner;
    const owner = requester_id ?? (partner ? `partner:${partner.key_id}` : `kiosk:${opts.kiosk_id ?? ''}`);
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
          input.photo_ids ?? [],
          ...(partner ? [partner.contact, partner.media_url] : []),
        ]),
      )
      .digest('hex');
    const key = `${owner}:${idempotencyKey}`;
    const replay = await Call.findOne({ idempotency_key: key }).lean<CallDoc>();
    if (replay) {
      if (replay.params_hash !== params_hash) throw conflict('idempotency_conflict', '同一幂等键对应了不同的请求参数');
      return replay;
    }
    // The sender uploaded them: the resident, or the operator taking a hotline call.
    const uploader = opts.taken_by ?? requester_id;
    const photos =
      input.photo_ids?.length && deps.photosOf && uploader ? await deps.photosOf(input.photo_ids, uploader, 'body.photo_ids') : [];
    const address = input.address ?? (requester_id ? (await deps.profileOf(requester_id)).address : null);
    if (!address) throw badRequest('address_required', '请填写地址（您还没有登记住址）');
    // A partner system has no person to ask "is it the same problem?"; it decides itself.
    if (!input.confirm_new && !partner) {
      const who = requester_id ? { requester_id } : { requester_id: null, kiosk_id: opts.kiosk_id };
      const open = await Call.findOne({ ...who, service_code: service.service_code, status: { $in: OPEN_STATUSES } }).lean<CallDoc>();
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
    if (partner) await partner.consume();
    else await consumeRate(owner);
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
      kiosk_id: opts.kiosk_id ?? null,
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
      photos: photos.map((ph) => ({ id: ph.id, url: ph.url })),
      history: [
        {
          at: now,
          actor_id: opts.taken_by ?? requester_id,
          actor_role: opts.taken_by ? 'operator' : partner ? 'system' : 'resident',
          from: null,
          to: 'open',
          action: 'created',
          note: partner
            ? `渠道：合作系统「${partner.name}」（Open311）`
            : `渠道：${{ miniapp: '小程序', kiosk: '社区终端', hotline: '热线电话', open311: 'Open311' }[channel]}${requester_id ? '' : '（未刷卡）'}`,
        },
      ],
      service_snapshot: snapshotOf(service),
      fee: null,
      partner_key_id: partner?.key_id ?? null,
      contact: partner?.contact ?? null,
      media_url: partner?.media_url ?? null,
      open311_token: partner?.token ?? null,
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
          kiosk_id: opts.kiosk_id ?? null,
          created_at: now.toISOString(),
          message: `紧急求助：${address}`,
        },
      );
      if (requester_id) void informFamily(doc, requester_id);
    } else {
      await notify(doc, 'created');
    }
    return doc;
  }

  /** A 紧急求助 at the kiosk: the community's emergency service, at the place where the terminal stands. */
  async function atKiosk(terminal: { kiosk_id: string; community_id: string }, confirm_new: boolean | undefined, who: string) {
    const sos = (await catalogue(terminal.community_id)).find((s) => s.emergency && s.active !== false);
    if (!sos) throw notFound('service_not_found', '本社区没有开通紧急求助，请拨打社区热线');
    const place = await deps.kioskPlaceOf(terminal.kiosk_id, terminal.community_id);
    return {
      service_code: sos.service_code,
      confirm_new,
      address: `${place.place_name}（${place.address}）`.slice(0, 120),
      location: place.location,
      description: `在社区终端「${place.kiosk_name}」按下紧急求助；${who}`,
    } satisfies CreateCallInput;
  }

  /** What the kiosk shows and reads aloud after a press; 紧急求助 also gives the community hotline. */
  async function kioskAnswer(call: CallDoc) {
    const hotline = await deps.hotlineOf(call.community_id);
    const message =
      call.priority === 'emergency'
        ? `已通知社区服务站，马上有人来帮您。如情况紧急请拨打社区热线 ${hotline}，危及生命请拨打 120。`
        : `呼叫已发送，社区服务站会尽快联系您。地址：${call.address}。`;
    return { call: toCall(call), hotline, message };
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
    /** The catalogue; inactive services only when asked (operators editing it). */
    async listServices(community_id: string, opts: { include_inactive?: boolean } = {}) {
      const all = await catalogue(community_id);
      return { items: all.filter((s) => opts.include_inactive || s.active !== false).map(toService) };
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

    /**
     * A call a partner system submits over Open311: no platform user behind it (requester null), its contact fields
     * instead, channel open311; the partner's own write limit instead of the per-person one, no duplicate question.
     */
    async createForPartner(community_id: string, input: CreateCallInput, key: string, partner: PartnerSubmission): Promise<CallDoc> {
      return create(null, community_id, 'open311', input, key, { partner });
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

    /**
     * One press at a kiosk with a card login: a service goes to the person's home community with their registered
     * address; 紧急求助 goes to the kiosk's community with the kiosk's place (where the person is now), their
     * registered address in the description.
     */
    async createAtKiosk(
      actor: { user_id: string; community_id: string; kiosk_id: string },
      input: { service_code: string; confirm_new?: boolean | undefined },
      key: string,
    ) {
      const profile = await deps.profileOf(actor.user_id);
      const sos = (await catalogue(actor.community_id)).find((s) => s.emergency && s.service_code === input.service_code);
      const call = sos
        ? await create(
            actor.user_id,
            actor.community_id,
            'kiosk',
            await atKiosk(actor, input.confirm_new, profile.address ? `登记住址：${profile.address}` : '未登记住址'),
            key,
            { kiosk_id: actor.kiosk_id, onePress: true },
          )
        : await create(actor.user_id, profile.community_id ?? actor.community_id, 'kiosk', input, key, {
            kiosk_id: actor.kiosk_id,
            onePress: true,
          });
      return kioskAnswer(call);
    },

    /** 紧急求助 at a kiosk without a card login: nobody is known, the kiosk's place is where help goes. */
    async createAnonymousEmergency(
      terminal: { kiosk_id: string; community_id: string },
      input: { confirm_new?: boolean | undefined },
      key: string,
    ) {
      const call = await create(null, terminal.community_id, 'kiosk', await atKiosk(terminal, input.confirm_new, '未刷卡，身份不明'), key, {
        kiosk_id: terminal.kiosk_id,
        onePress: true,
      });
      return kioskAnswer(call);
    },

    async listMine(
      actor: UserActor,
      query: { limit: number; cursor?: string | undefined; view: 'mine' | 'assigned'; status?: CallStatus | undefined },
    ) {
      const filter: Record<string, unknown> = query.view === 'assigned' ? { provider_id: actor.user_id } : { requester_id: actor.user_id };
      if (query.status) filter.status = query.status;
      const page = await pageByCursor(Call, filter, query);
      return { items: page.items.map((c) => toCall(c)), next_cursor: page.next_cursor };
    },

    async listCommunity(
      actor: UserActor,
      community_id: string,
      query: { limit: number; cursor?: string | undefined; status?: CallStatus | undefined; state?: 'open' | 'closed' | undefined },
    ) {
      const scope = communitiesWithRole(actor, ['operator']);
      if (scope && !scope.includes(community_id)) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const statuses = query.state === 'open' ? OPEN_STATUSES : query.state === 'closed' ? CLOSED_STATUSES : null;
      const filter: Record<string, unknown> = { community_id };
      if (query.status && statuses && !statuses.includes(query.status)) return { items: [], next_cursor: null };
      if (query.status) filter.status = query.status;
      else if (statuses) filter.status = { $in: statuses };
      // The queue order: emergencies first ('emergency' < 'normal' as strings), then the nearest SLA deadline;
      // keyset pages over (priority, expected_datetime, _id), so the order holds across pages.
      const page = await pageBySort(Call, filter, query, [
        { field: 'priority', type: 'string' },
        { field: 'expected_datetime', type: 'date' },
      ]);
      // A call whose status changed while the page was read (the embedded server has no read snapshot) is left out
      // rather than shown under a filter it no longer matches; the cursor still moves past it.
      const wanted = (c: CallDoc) => (query.status ? c.status === query.status : statuses ? statuses.includes(c.status) : true);
      return { items: page.items.filter(wanted).map((c) => toCall(c)), next_cursor: page.next_cursor };
    },

    get: async (actor: UserActor, call_id: string) => toCall(await visible(actor, call_id)),

    async acknowledge(actor: UserActor, call_id: string, note: string | null): Promise<Call> {
      const c = await visible(actor, call_id);
      if (!isOperatorOf(actor, c)) throw forbidden('forbidden_scope', '只有本社区运营人员可以受理');
      // The SLA the call was made under (its snapshot), not the catalogue as edited since.
      const sla = c.service_snapshot?.sla ?? (await serviceOf(c.community_id, c.service_code)).sla;
      const resolve_by = new Date(Date.now() + sla.resolve_minutes * deps.slaMinuteMs);
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

    /** Done; with `fee_fen` > 0 the resident then owes that fee, paid from their wallet to the provider (fees.ts). */
    async resolve(actor: UserActor, call_id: string, note: string | null, fee_fen = 0): Promise<Call> {
      const c = await visible(actor, call_id);
      if (c.provider_id !== actor.user_id && !isAdmin(actor)) throw forbidden('not_assigned_to_you', '这条呼叫没有派给您');
      if (fee_fen > 0 && !c.requester_id) throw conflict('fee_without_resident', '这条呼叫没有登记的居民，不能收费');
      const now = new Date();
      const fee: CallFeeDoc | null =
        fee_fen > 0
          ? { amount_fen: fee_fen, status: 'due', attempt: 1, set_by: actor.user_id, set_at: now, paid_at: null, transfer_id: null }
          : null;
      const said = fee ? `费用 ${formatFen(fee_fen)}` : null;
      return toCall(await transition(c, 'resolve', actor, [note, said].filter(Boolean).join('；') || null, { set: { fee } }));
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
          { operators_of: updated.community_id, user_ids: updated.requester_id ? [updated.requester_id] : [] },
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
