import { createHash } from 'node:crypto';
import { type Call } from '@cc/shared';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { hasCommunityRole, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/problem';
import type { CallDoc, CallHistoryDoc, ServiceDoc } from './models';
import { validateAttributes } from './attributes';
import { WELFARE_CHECK_SERVICE } from './catalogue';
import { isDuplicateKey, notify, serviceOf, catalogue } from './records';
import type { CallsDeps, Channel, CreateCallInput, PartnerSubmission } from './service';
import { OPEN_STATUSES } from './statuses';
import { snapshotOf, toCall } from './views';

type CreateOpts = { taken_by?: string; kiosk_id?: string; onePress?: boolean; partner?: PartnerSubmission };

async function consumeRate(limiter: RateLimiterRedis, user_id: string): Promise<void> {
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

/** What makes two submissions the same request (the idempotency key's other half). */
function paramsHashOf(
  community_id: string,
  channel: Channel,
  input: CreateCallInput,
  attributes: Record<string, unknown>,
  partner: PartnerSubmission | undefined,
): string {
  return createHash('sha256')
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
}

/** 409 possible_duplicate when the same person (or kiosk) already has this service open. */
async function refuseDuplicate(deps: CallsDeps, requester_id: string | null, kiosk_id: string | undefined, service: ServiceDoc) {
  const who = requester_id ? { requester_id } : { requester_id: null, kiosk_id };
  const open = await deps.models.Call.findOne({
    ...who,
    service_code: service.service_code,
    status: { $in: OPEN_STATUSES },
  }).lean<CallDoc>();
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

/**
 * `requester_id` null: an anonymous 紧急求助 at the kiosk `opts.kiosk_id`, which then stands in for the person
 * (idempotency, duplicates, rate limit). `opts.onePress`: a kiosk press, without the service's attributes.
 */
async function createCall(
  deps: CallsDeps,
  limiter: RateLimiterRedis,
  requester_id: string | null,
  community_id: string,
  channel: Channel,
  input: CreateCallInput,
  idempotencyKey: string,
  opts: CreateOpts = {},
): Promise<CallDoc> {
  const { Call } = deps.models;
  const service = await serviceOf(deps, community_id, input.service_code);
  if (service.active === false) throw conflict('service_inactive', `「${service.service_name}」暂停受理，请选择其他服务或拨打社区热线`);
  const attributes = validateAttributes(service, input.attributes ?? {}, { onePress: opts.onePress ?? false });
  const partner = opts.partner;
  const owner = requester_id ?? (partner ? `partner:${partner.key_id}` : `kiosk:${opts.kiosk_id ?? ''}`);
  const params_hash = paramsHashOf(community_id, channel, input, attributes, partner);
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
  if (!input.confirm_new && !partner) await refuseDuplicate(deps, requester_id, opts.kiosk_id, service);
  if (partner) await partner.consume();
  else await consumeRate(limiter, owner);
  const fresh = newCallDoc(deps, {
    key,
    params_hash,
    community_id,
    channel,
    requester_id,
    input,
    service,
    attributes,
    address,
    photos,
    opts,
  });
  let doc: CallDoc;
  try {
    // A clash on the readable number draws another; a duplicate idempotency key is a concurrent replay.
    doc = await deps.numbers.withNumber('call', fresh.created_at, (number) =>
      Call.create({ ...fresh, number }).then(() => ({ ...fresh, number })),
    );
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const first = await Call.findOne({ idempotency_key: key }).lean<CallDoc>();
    if (!first || first.params_hash !== params_hash) throw conflict('idempotency_conflict', '同一幂等键对应了不同的请求参数');
    return first;
  }
  await announce(deps, doc, service.emergency);
  return doc;
}

type NewCall = {
  key: string;
  params_hash: string;
  community_id: string;
  channel: Channel;
  requester_id: string | null;
  input: CreateCallInput;
  service: ServiceDoc;
  attributes: Record<string, unknown>;
  address: string;
  photos: { id: string; url: string }[];
  opts: CreateOpts;
};

function newCallDoc(deps: CallsDeps, n: NewCall): Omit<CallDoc, 'number'> {
  const { key, params_hash, community_id, channel, requester_id, input, service, attributes, address, photos, opts } = n;
  const partner = opts.partner;
  const now = new Date();
  const acknowledge_by = new Date(now.getTime() + service.sla.acknowledge_minutes * deps.slaMinuteMs);
  const doc: Omit<CallDoc, 'number'> = {
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
    partner_name: partner?.name ?? null,
    contact: partner?.contact ?? null,
    media_url: partner?.media_url ?? null,
    open311_token: partner?.token ?? null,
    created_at: now,
    updated_at: now,
  };
  return doc;
}

/** The SLA clock starts; an emergency alerts the station (and the family), anything else is an update. */
async function announce(deps: CallsDeps, doc: CallDoc, emergency: boolean): Promise<void> {
  const { community_id, address, requester_id, channel } = doc;
  await deps.scheduleDeadline(doc._id, 'ack', doc.acknowledge_by);
  if (emergency) {
    await deps.publish(
      { operators_of: community_id },
      {
        type: 'call.emergency',
        call_id: doc._id,
        community_id,
        address,
        requester_id,
        channel,
        kiosk_id: doc.kiosk_id ?? null,
        created_at: doc.created_at.toISOString(),
        message: `紧急求助：${address}`,
      },
    );
    if (requester_id) void informFamily(deps, doc, requester_id);
  } else {
    await notify(deps, doc, 'created');
  }
}

/**
 * After an emergency alert: family contacts are told (not awaited by the caller — the person at the kiosk must not
 * wait on WeChat), the outcome goes into the history, and on-duty operators get the numbers to ring those the app
 * could not reach.
 */
async function informFamily(deps: CallsDeps, c: CallDoc, requester_id: string): Promise<void> {
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
    await deps.models.Call.updateOne({ _id: c._id }, { $push: { history: entry }, $set: { updated_at: entry.at } });
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

/** A 紧急求助 at the kiosk: the community's emergency service, at the place where the terminal stands. */
async function atKiosk(
  deps: CallsDeps,
  terminal: { kiosk_id: string; community_id: string },
  confirm_new: boolean | undefined,
  who: string,
) {
  const sos = (await catalogue(deps, terminal.community_id)).find((s) => s.emergency && s.active !== false);
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
async function kioskAnswer(deps: CallsDeps, call: CallDoc) {
  const hotline = await deps.hotlineOf(call.community_id);
  const message =
    call.priority === 'emergency'
      ? `已通知社区服务站，马上有人来帮您。如情况紧急请拨打社区热线 ${hotline}，危及生命请拨打 120。`
      : `呼叫已发送，社区服务站会尽快联系您。地址：${call.address}。`;
  return { call: toCall(call), hotline, message };
}

/** Creating calls: from the mini-program, the hotline, a kiosk press (with or without a card), a partner system. */
export function creating(deps: CallsDeps, limiter: RateLimiterRedis) {
  return {
    /**
     * A call a partner system submits over Open311: no platform user behind it (requester null), its contact fields
     * instead, channel open311; the partner's own write limit instead of the per-person one, no duplicate question.
     */
    async createForPartner(community_id: string, input: CreateCallInput, key: string, partner: PartnerSubmission): Promise<CallDoc> {
      return createCall(deps, limiter, null, community_id, 'open311', input, key, { partner });
    },

    async createByResident(actor: UserActor, input: CreateCallInput, key: string): Promise<Call> {
      if (!actor.community_id) throw forbidden('no_home_community', '请先登记所在社区，再发起呼叫');
      return toCall(await createCall(deps, limiter, actor.user_id, actor.community_id, 'miniapp', input, key));
    },

    /**
     * A welfare check (关怀探访) the delivery module opens for a resident registered as elderly living alone: the
     * resident is the requester (the station calls on them), taken by the station's line on the courier's report.
     * Keyed by the delivery task, so pressing 无人应答 again answers the same call (the input must not change).
     */
    async createForWelfareCheck(
      community_id: string,
      resident_id: string,
      input: Omit<CreateCallInput, 'service_code'>,
      key: string,
    ): Promise<Call> {
      const welfare = { ...input, service_code: WELFARE_CHECK_SERVICE, confirm_new: true };
      return toCall(await createCall(deps, limiter, resident_id, community_id, 'hotline', welfare, `welfare:${key}`, { onePress: true }));
    },

    async createByHotline(actor: UserActor, community_id: string, resident_id: string, input: CreateCallInput, key: string): Promise<Call> {
      if (!hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const resident = await deps.profileOf(resident_id);
      if (resident.community_id !== community_id) throw conflict('not_a_resident', '此人不是本社区居民');
      return toCall(
        await createCall(deps, limiter, resident_id, community_id, 'hotline', input, `${actor.user_id}:${key}`, {
          taken_by: actor.user_id,
        }),
      );
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
      const sos = (await catalogue(deps, actor.community_id)).find((s) => s.emergency && s.service_code === input.service_code);
      const call = sos
        ? await createCall(
            deps,
            limiter,
            actor.user_id,
            actor.community_id,
            'kiosk',
            await atKiosk(deps, actor, input.confirm_new, profile.address ? `登记住址：${profile.address}` : '未登记住址'),
            key,
            { kiosk_id: actor.kiosk_id, onePress: true },
          )
        : await createCall(deps, limiter, actor.user_id, profile.community_id ?? actor.community_id, 'kiosk', input, key, {
            kiosk_id: actor.kiosk_id,
            onePress: true,
          });
      return kioskAnswer(deps, call);
    },

    /** 紧急求助 at a kiosk without a card login: nobody is known, the kiosk's place is where help goes. */
    async createAnonymousEmergency(
      terminal: { kiosk_id: string; community_id: string },
      input: { confirm_new?: boolean | undefined },
      key: string,
    ) {
      const call = await createCall(
        deps,
        limiter,
        null,
        terminal.community_id,
        'kiosk',
        await atKiosk(deps, terminal, input.confirm_new, '未刷卡，身份不明'),
        key,
        {
          kiosk_id: terminal.kiosk_id,
          onePress: true,
        },
      );
      return kioskAnswer(deps, call);
    },
  };
}
