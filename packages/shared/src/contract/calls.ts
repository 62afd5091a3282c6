import { z } from 'zod';
import { CommunityId, IsoDateTime, LatLng, PageQuery, UserId, idOf, pageOf, text } from './common';
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
});
export type Service = z.infer<typeof Service>;

export const CALL_STATUSES = ['open', 'acknowledged', 'assigned', 'in_progress', 'resolved', 'cancelled', 'closed_duplicate'] as const;
export const CallStatus = z.enum(CALL_STATUSES);
export type CallStatus = z.infer<typeof CallStatus>;
export const CallChannel = z.enum(['miniapp', 'kiosk', 'hotline']);

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
  requester_id: UserId,
  channel: CallChannel,
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
  escalation_level: z.number().int(),
  /** Why it is late, for the resident (set on escalation). */
  service_notice: z.string().nullable(),
  rating: z.number().int().nullable(),
  rating_comment: z.string().nullable(),
  history: z.array(CallHistoryEntry),
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
    summary: '社区便民服务目录（Open311 字段、类型化属性、SLA）',
    tag,
    access: { kind: 'public' },
    params: z.strictObject({ community_id: CommunityId }),
    query: EmptyQuery,
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
    summary: '社区呼叫队列（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    query: z.strictObject({ ...PageQuery, status: CallStatus.optional() }),
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
    summary: '服务完成',
    tag,
    access: { kind: 'user', roles: ['provider', 'admin'] },
    params: CallParams,
    body: NoteBody,
    response: Call,
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
