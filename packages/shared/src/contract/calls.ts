import { z } from 'zod';
import { CommunityId, idOf, IsoDateTime, KioskId, LatLng, pageOf, PageQuery, text, TransferId, UploadId, UserId } from './common';
import { PhotoIds } from './uploads';
import { defineRoute } from './route';

// ---------- schemas ----------

/** Convenience calls are Open311 service requests: req_ ids. */
export const CallId = idOf('req');
export const ServiceCode = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { message: '服务编码格式不对' });
const AttributeCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { message: '属性编码格式不对' });

export const AttributeDatatype = z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']);
export const ServiceAttribute = z.object({
  code: z.string(),
  datatype: AttributeDatatype,
  required: z.boolean(),
  /** Display order (Open311 `order`). */
  order: z.number().int(),
  description: z.string(),
  datatype_description: z.string().nullable(),
  /** For the list types: the allowed keys and their names. */
  values: z.array(z.object({ key: z.string(), name: z.string() })),
});

export const Service = z.object({
  community_id: CommunityId,
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  group: z.string(),
  keywords: z.array(z.string()),
  /** Open311 type: realtime | batch | blackbox. */
  type: z.enum(['realtime', 'batch', 'blackbox']),
  /** Open311 `metadata`: true when the service has attributes. */
  metadata: z.boolean(),
  attributes: z.array(ServiceAttribute),
  sla: z.object({ acknowledge_minutes: z.number().int(), resolve_minutes: z.number().int() }),
  /** 紧急求助: top priority, alerts every on-duty operator at once. */
  emergency: z.boolean(),
  /** Inactive services are kept (old calls, skills) but take no new calls and are not listed by default. */
  active: z.boolean(),
});
export type Service = z.infer<typeof Service>;

/** Bounds of a catalogue entry, as operators edit it. */
export const CATALOGUE_LIMITS = { services: 50, attributes: 20, values: 50, keywords: 20, sla_minutes_max: 43_200 } as const;
/** Largest fee of one call (¥1000), in fen. */
export const CALL_FEE_MAX_FEN = 100_000;

const ValueKey = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { message: '选项编码为 1–40 位字母、数字、_ 或 -' });
/** An attribute definition as an operator writes it: list types need their values, others must have none. */
export const ServiceAttributeInput = z
  .strictObject({
    code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { message: '属性编码格式不对' }),
    datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
    required: z.boolean().default(false),
    /** Display order, 1 first; unique within the service (Open311). */
    order: z.number().int().min(1).max(1000),
    description: text(1, 100),
    datatype_description: text(0, 200).nullable().optional(),
    values: z
      .array(z.strictObject({ key: ValueKey, name: text(1, 40) }))
      .max(CATALOGUE_LIMITS.values)
      .default([]),
  })
  .superRefine((a, ctx) => {
    const list = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
    if (list && a.values.length === 0) ctx.addIssue({ code: 'custom', path: ['values'], message: '列表类型须给出选项' });
    if (!list && a.values.length > 0) ctx.addIssue({ code: 'custom', path: ['values'], message: '只有列表类型可以有选项' });
    const keys = a.values.map((v) => v.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['values'], message: '选项编码重复' });
  });

const ServiceAttributesInput = z
  .array(ServiceAttributeInput)
  .max(CATALOGUE_LIMITS.attributes)
  .superRefine((list, ctx) => {
    const codes = list.map((a) => a.code);
    if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', message: '属性编码重复' });
    const orders = list.map((a) => a.order);
    if (new Set(orders).size !== orders.length) ctx.addIssue({ code: 'custom', message: '属性顺序（order）重复' });
  });

const SlaInput = z.strictObject({
  acknowledge_minutes: z.number().int().min(1).max(CATALOGUE_LIMITS.sla_minutes_max),
  resolve_minutes: z.number().int().min(1).max(CATALOGUE_LIMITS.sla_minutes_max),
});

const serviceEditFields = {
  service_name: text(1, 30),
  description: text(0, 500),
  group: text(1, 20),
  keywords: z.array(text(1, 20)).max(CATALOGUE_LIMITS.keywords),
  /** Open311 type: realtime returns the request id at once, batch a token (and the id), blackbox neither. */
  type: z.enum(['realtime', 'batch', 'blackbox']),
  attributes: ServiceAttributesInput,
  sla: SlaInput,
  emergency: z.boolean(),
  active: z.boolean(),
  /** Position in the catalogue; new services go last by default. */
  order: z.number().int().min(0).max(1000),
};

export const CreateServiceBody = z.strictObject({
  service_code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { message: '服务编码格式不对' }),
  ...serviceEditFields,
  keywords: serviceEditFields.keywords.default([]),
  type: serviceEditFields.type.default('realtime'),
  attributes: serviceEditFields.attributes.default([]),
  emergency: serviceEditFields.emergency.default(false),
  active: serviceEditFields.active.default(true),
  order: serviceEditFields.order.optional(),
  description: serviceEditFields.description.default(''),
});
export const UpdateServiceBody = z.strictObject({
  service_name: serviceEditFields.service_name.optional(),
  description: serviceEditFields.description.optional(),
  group: serviceEditFields.group.optional(),
  keywords: serviceEditFields.keywords.optional(),
  type: serviceEditFields.type.optional(),
  attributes: serviceEditFields.attributes.optional(),
  sla: serviceEditFields.sla.optional(),
  emergency: serviceEditFields.emergency.optional(),
  active: serviceEditFields.active.optional(),
  order: serviceEditFields.order.optional(),
});

export const CALL_STATUSES = ['open', 'acknowledged', 'assigned', 'in_progress', 'resolved', 'cancelled', 'closed_duplicate'] as const;
export const CallStatus = z.enum(CALL_STATUSES);
export type CallStatus = z.infer<typeof CallStatus>;
/** open311: submitted by a partner system through Open311 GeoReport v2 (no platform user; see `contact`). */
export const CallChannel = z.enum(['miniapp', 'kiosk', 'hotline', 'open311']);

/** The fee of a resolved call, paid once from the resident's wallet to the provider. */
export const CallFee = z.object({
  amount_fen: z.number().int(),
  /** due → paying (a payment is under way) → paid. */
  status: z.enum(['due', 'paying', 'paid']),
  set_by: UserId,
  set_at: IsoDateTime,
  paid_at: IsoDateTime.nullable(),
  transfer_id: TransferId.nullable(),
});

/** Who asked, for a call a partner system submitted over Open311 (the phone only masked). */
export const CallContact = z.object({
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email: z.string().nullable(),
  phone_masked: z.string().nullable(),
  account_id: z.string().nullable(),
});

export const CallHistoryEntry = z.object({
  at: IsoDateTime,
  /** null for the system (SLA escalation). */
  actor_id: UserId.nullable(),
  actor_role: z.enum(['resident', 'operator', 'provider', 'admin', 'system']),
  from: CallStatus.nullable(),
  to: CallStatus.nullable(),
  /** e.g. created, acknowledge, assign, accept, decline, note, resolve, cancel, close_duplicate, rate, escalate. */
  action: z.string(),
  note: z.string().nullable(),
});

/** Attribute values as sent: strings, numbers, or a list of keys for multivaluelist. */
export const AttributeValues = z.record(AttributeCode, z.union([z.string().max(1000), z.number(), z.array(z.string().max(40)).max(20)]));

export const Call = z.object({
  id: CallId,
  community_id: CommunityId,
  service_code: z.string(),
  service_name: z.string(),
  /** null only for a 紧急求助 pressed at a kiosk without a card login (kioskEmergency): the person is not known. */
  requester_id: UserId.nullable(),
  channel: CallChannel,
  /** The terminal a kiosk call was raised at. */
  kiosk_id: KioskId.nullable(),
  /** The operator who took a hotline call. */
  taken_by: UserId.nullable(),
  priority: z.enum(['emergency', 'normal']),
  status: CallStatus,
  description: z.string(),
  address: z.string(),
  location: LatLng.nullable(),
  attributes: z.record(z.string(), z.unknown()),
  preferred_time: IsoDateTime.nullable(),
  provider_id: UserId.nullable(),
  /** From the SLA: acknowledge deadline while open, then resolve deadline. */
  expected_datetime: IsoDateTime,
  /** Seconds from this response to expected_datetime (negative when overdue, for a countdown); null once closed. */
  seconds_to_deadline: z.number().int().nullable(),
  escalation_level: z.number().int(),
  /** Why it is late, for the resident (set on escalation). */
  service_notice: z.string().nullable(),
  rating: z.number().int().nullable(),
  rating_comment: z.string().nullable(),
  /** Photos the resident (or the operator taking a hotline call) attached. */
  photos: z.array(z.object({ id: UploadId, url: z.string() })),
  history: z.array(CallHistoryEntry),
  /** The service as it was when the call was made (later catalogue edits do not change it). */
  service_snapshot: z.object({
    service_name: z.string(),
    group: z.string(),
    sla: z.object({ acknowledge_minutes: z.number().int(), resolve_minutes: z.number().int() }),
    emergency: z.boolean(),
    attributes: z.array(ServiceAttribute),
  }),
  /** Set when the call is resolved with a fee. */
  fee: CallFee.nullable(),
  /** Open311 calls: the partner system's key, the person's contact details and the media link it sent. */
  partner_key_id: z.string().nullable(),
  contact: CallContact.nullable(),
  media_url: z.string().nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type Call = z.infer<typeof Call>;

export const KioskCallCreated = z.object({
  call: Call,
  /** The community's convenience hotline, shown and read aloud. */
  hotline: z.string(),
  message: z.string(),
});

export const ProviderSkills = z.object({
  community_id: CommunityId,
  user_id: UserId,
  skills: z.array(z.string()),
  open_calls: z.number().int(),
  rating_average: z.number().nullable(),
  rating_count: z.number().int(),
});

const Note = text(1, 500);
const callCreateFields = {
  service_code: ServiceCode,
  description: text(0, 1000).optional(),
  /** Defaults to the resident's registered address. */
  address: text(4, 120).optional(),
  location: LatLng.optional(),
  attributes: AttributeValues.optional(),
  preferred_time: IsoDateTime.optional(),
  /** The resident says it is a new problem although a call in that category is open. */
  confirm_new: z.boolean().optional(),
  /** Up to four photos uploaded first with POST /api/v1/uploads by the person sending this request. */
  photo_ids: PhotoIds(4).optional(),
};

// ---------- routes ----------

const tag = 'calls';
const EmptyQuery = z.strictObject({});
const CallParams = z.strictObject({ call_id: CallId });
const NoteBody = z.strictObject({ note: Note.optional() }).optional();

export const callRoutes = {
  listServices: defineRoute({
    id: 'listServices',
    method: 'GET',
    path: '/api/v1/communities/:community_id/services',
    summary: '社区便民服务目录（Open311 字段、类型化属性、SLA；include_inactive=true 连同已停用的）',
    tag,
    access: { kind: 'public' },
    params: z.strictObject({ community_id: CommunityId }),
    query: z.strictObject({ include_inactive: z.enum(['true', 'false']).default('false') }),
    response: z.object({ items: z.array(Service) }),
  }),
  getService: defineRoute({
    id: 'getService',
    method: 'GET',
    path: '/api/v1/communities/:community_id/services/:service_code',
    summary: '一项便民服务的定义',
    tag,
    access: { kind: 'public' },
    params: z.strictObject({ community_id: CommunityId, service_code: ServiceCode }),
    query: EmptyQuery,
    response: Service,
  }),
  createService: defineRoute({
    id: 'createService',
    method: 'POST',
    path: '/api/v1/communities/:community_id/services',
    summary: '新增便民服务（本社区运营人员；属性定义、SLA、启用状态）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    body: CreateServiceBody,
    response: Service,
    status: 201,
  }),
  updateService: defineRoute({
    id: 'updateService',
    method: 'PATCH',
    path: '/api/v1/communities/:community_id/services/:service_code',
    summary: '修改便民服务（本社区运营人员；已有呼叫保留创建时的服务快照）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId, service_code: ServiceCode }),
    body: UpdateServiceBody,
    response: Service,
  }),
  createCall: defineRoute({
    id: 'createCall',
    method: 'POST',
    path: '/api/v1/calls',
    summary: '居民发起便民呼叫（同类未完成的呼叫需确认 confirm_new）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: z.strictObject(callCreateFields),
    response: Call,
    status: 201,
    idempotent: true,
  }),
  createHotlineCall: defineRoute({
    id: 'createHotlineCall',
    method: 'POST',
    path: '/api/v1/communities/:community_id/calls',
    summary: '热线代录：运营人员替来电居民发起呼叫',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    body: z.strictObject({ ...callCreateFields, resident_id: UserId }),
    response: Call,
    status: 201,
    idempotent: true,
  }),
  kioskCreateCall: defineRoute({
    id: 'kioskCreateCall',
    method: 'POST',
    path: '/api/v1/kiosk/calls',
    summary: '终端一键呼叫（登记地址；紧急求助同时给出热线号码）',
    tag: 'kiosk',
    access: { kind: 'card' },
    body: z.strictObject({ service_code: ServiceCode, confirm_new: z.boolean().optional() }),
    response: KioskCallCreated,
    status: 201,
    idempotent: true,
  }),
  kioskEmergency: defineRoute({
    id: 'kioskEmergency',
    method: 'POST',
    path: '/api/v1/kiosk/emergency',
    summary: '终端紧急求助（无需刷卡：以终端所在服务站为地点，通知全体值班人员并给出热线号码）',
    tag: 'kiosk',
    access: { kind: 'terminal' },
    body: z.strictObject({ confirm_new: z.boolean().optional() }),
    response: KioskCallCreated,
    status: 201,
    idempotent: true,
  }),
  listMyCalls: defineRoute({
    id: 'listMyCalls',
    method: 'GET',
    path: '/api/v1/calls',
    summary: '我的呼叫（居民：我发起的；服务人员 view=assigned：派给我的）',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: z.strictObject({ ...PageQuery, view: z.enum(['mine', 'assigned']).default('mine'), status: CallStatus.optional() }),
    response: pageOf(Call),
  }),
  listCommunityCalls: defineRoute({
    id: 'listCommunityCalls',
    method: 'GET',
    path: '/api/v1/communities/:community_id/calls',
    summary: '社区呼叫队列（本社区运营人员）：紧急求助在前，再按 SLA 截止时间由近到远',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    query: z.strictObject({
      ...PageQuery,
      status: CallStatus.optional(),
      /** open: open, acknowledged, assigned, in_progress (Open311 "open"); closed: the rest. */
      state: z.enum(['open', 'closed']).optional(),
    }),
    response: pageOf(Call),
  }),
  getCall: defineRoute({
    id: 'getCall',
    method: 'GET',
    path: '/api/v1/calls/:call_id',
    summary: '一条呼叫及其处理记录',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: CallParams,
    query: EmptyQuery,
    response: Call,
  }),
  acknowledgeCall: defineRoute({
    id: 'acknowledgeCall',
    method: 'POST',
    path: '/api/v1/calls/:call_id/acknowledge',
    summary: '受理呼叫（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: CallParams,
    body: NoteBody,
    response: Call,
  }),
  assignCall: defineRoute({
    id: 'assignCall',
    method: 'POST',
    path: '/api/v1/calls/:call_id/assign',
    summary: '派单给有该技能的服务人员（不指定则按技能和负载自动派单）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: CallParams,
    body: z.strictObject({ provider_id: UserId.optional(), note: Note.optional() }).optional(),
    response: Call,
  }),
  closeDuplicateCall: defineRoute({
    id: 'closeDuplicateCall',
    method: 'POST',
    path: '/api/v1/calls/:call_id/close-duplicate',
    summary: '作为重复呼叫关闭（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: CallParams,
    body: z.strictObject({ duplicate_of: CallId, note: Note.optional() }),
    response: Call,
  }),
  acceptCall: defineRoute({
    id: 'acceptCall',
    method: 'POST',
    path: '/api/v1/calls/:call_id/accept',
    summary: '服务人员接单（开始处理）',
    tag,
    access: { kind: 'user', roles: ['provider', 'admin'] },
    params: CallParams,
    body: NoteBody,
    response: Call,
  }),
  declineCall: defineRoute({
    id: 'declineCall',
    method: 'POST',
    path: '/api/v1/calls/:call_id/decline',
    summary: '服务人员拒单（须说明原因，退回运营队列）',
    tag,
    access: { kind: 'user', roles: ['provider', 'admin'] },
    params: CallParams,
    body: z.strictObject({ reason: text(2, 500) }),
    response: Call,
  }),
  addCallNote: defineRoute({
    id: 'addCallNote',
    method: 'POST',
    path: '/api/v1/calls/:call_id/notes',
    summary: '处理进展备注（服务人员或运营人员）',
    tag,
    access: { kind: 'user', roles: ['provider', 'operator', 'admin'] },
    params: CallParams,
    body: z.strictObject({ note: Note }),
    response: Call,
  }),
  resolveCall: defineRoute({
    id: 'resolveCall',
    method: 'POST',
    path: '/api/v1/calls/:call_id/resolve',
    summary: '服务完成（可注明费用 fee_fen，居民用钱包支付给服务人员）',
    tag,
    access: { kind: 'user', roles: ['provider', 'admin'] },
    params: CallParams,
    body: z.strictObject({ note: Note.optional(), fee_fen: z.number().int().min(0).max(CALL_FEE_MAX_FEN).optional() }).optional(),
    response: Call,
  }),
  setCallFee: defineRoute({
    id: 'setCallFee',
    method: 'PUT',
    path: '/api/v1/calls/:call_id/fee',
    summary: '设定或更正已完成呼叫的费用（服务人员或本社区运营人员；未支付前；0 为免费）',
    tag,
    access: { kind: 'user', roles: ['provider', 'operator', 'admin'] },
    params: CallParams,
    body: z.strictObject({ fee_fen: z.number().int().min(0).max(CALL_FEE_MAX_FEN), note: Note.optional() }),
    response: Call,
  }),
  payCallFee: defineRoute({
    id: 'payCallFee',
    method: 'POST',
    path: '/api/v1/calls/:call_id/fee/payment',
    summary: '居民用市民卡钱包支付呼叫费用（每条呼叫只付一次；超过免密额度需密码）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: CallParams,
    body: z.strictObject({
      pin: z
        .string()
        .regex(/^\d{6}$/, { message: '密码为 6 位数字' })
        .optional(),
    }),
    response: Call,
    idempotent: true,
  }),
  cancelCall: defineRoute({
    id: 'cancelCall',
    method: 'POST',
    path: '/api/v1/calls/:call_id/cancel',
    summary: '取消呼叫（发起人或本社区运营人员）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: CallParams,
    body: NoteBody,
    response: Call,
  }),
  rateCall: defineRoute({
    id: 'rateCall',
    method: 'POST',
    path: '/api/v1/calls/:call_id/rating',
    summary: '完成后评价（1–5 星，发起人，仅一次）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: CallParams,
    body: z.strictObject({ rating: z.number().int().min(1).max(5), comment: text(0, 300).optional() }),
    response: Call,
  }),
  listProviders: defineRoute({
    id: 'listProviders',
    method: 'GET',
    path: '/api/v1/communities/:community_id/providers',
    summary: '社区服务人员：技能、在办数量、评分（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    query: EmptyQuery,
    response: z.object({ items: z.array(ProviderSkills) }),
  }),
  setProviderSkills: defineRoute({
    id: 'setProviderSkills',
    method: 'PUT',
    path: '/api/v1/communities/:community_id/providers/:user_id/skills',
    summary: '设置服务人员在本社区的技能（服务编码列表）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId, user_id: UserId }),
    body: z.strictObject({ skills: z.array(ServiceCode).max(20) }),
    response: ProviderSkills,
  }),
};
