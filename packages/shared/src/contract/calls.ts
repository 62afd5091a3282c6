import { z } from 'zod';
import { CommunityId, idOf, IsoDateTime, KioskId, LatLng, humanText, ReadableNumber, TransferId, UploadId, UserId } from './common';

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
    description: humanText({ min: 1, max: 100 }),
    datatype_description: humanText({ min: 0, max: 200 }).nullable().optional(),
    values: z
      .array(z.strictObject({ key: ValueKey, name: humanText({ min: 1, max: 40 }) }))
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
  service_name: humanText({ min: 1, max: 30 }),
  description: humanText({ min: 0, max: 500 }),
  group: humanText({ min: 1, max: 20 }),
  keywords: z.array(humanText({ min: 1, max: 20 })).max(CATALOGUE_LIMITS.keywords),
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
export const AttributeValues = z.record(
  AttributeCode,
  z.union([humanText({ max: 1000, multiline: true }), z.number(), z.array(z.string().max(40)).max(20)]),
);

export const Call = z.object({
  id: CallId,
  /** What people see and read out (2412-0387); the req_ id stays internal (Open311 partners still get it). */
  number: ReadableNumber,
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
  /** The partner system's name (e.g. 12345 市民热线平台), for pages to say who passed the call on. */
  partner_name: z.string().nullable(),
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

/**
 * The eldercare service (助老服务) a courier's 无人应答 opens for a person registered as living alone (关怀探访). Family
 * members may ask for it in the mini-program; the kiosk does not offer it (the elder at the terminal is the one checked on).
 */
export const WELFARE_CHECK_SERVICE = 'elder_welfare_check';
