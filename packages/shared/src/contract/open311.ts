import { z } from 'zod';
import { CURSOR_ERRORS, SCOPE_ERRORS, errorsOf } from './errors';
import { AttributeDatatype } from './calls';
import { CommunityId, IsoDateTime, PageQuery, UserId, idOf, pageOf, humanText } from './common';
import { defineRoute, type RouteSpec } from './route';

/** Every Open311 route reads one jurisdiction: named, implied by the api_key, or the configured default. */
const OPEN311_READ_ERRORS = {
  400: ['jurisdiction_required'],
  403: ['api_key_wrong_jurisdiction'],
  404: ['jurisdiction_not_found'],
} as const;

/**
 * Open311 GeoReport v2 (JSON) over the convenience calls, for partner systems (a district 12345 platform, a property
 * manager's help desk …) whose existing Open311 client must work unchanged: the spec's paths, field names and error
 * array. The jurisdiction is a community (jurisdiction_id = cmt_ id). Writes need an api_key an operator issued for
 * that community (partnerKeyRoutes, in /api/v1). See README "Open311".
 */

// ---------- partner keys (in /api/v1, problem+json like every other route) ----------

export const PartnerKeyId = idOf('ptk');

export const PartnerKey = z.object({
  id: PartnerKeyId,
  community_id: CommunityId,
  /** Who holds it, e.g. 西湖区 12345 平台. */
  name: z.string(),
  created_by: UserId,
  created_at: IsoDateTime,
  revoked_at: IsoDateTime.nullable(),
  revoked_by: UserId.nullable(),
});
export type PartnerKey = z.infer<typeof PartnerKey>;

export const PartnerKeyIssued = z.object({
  key: PartnerKey,
  /** Shown this once; only its hash is kept. The partner sends it as Open311's `api_key`. */
  api_key: z.string(),
});

const partnerTag = 'open311';
const KeyCommunityParams = z.strictObject({ community_id: CommunityId });

export const partnerKeyRoutes = {
  createPartnerKey: defineRoute({
    id: 'createPartnerKey',
    errors: SCOPE_ERRORS,
    method: 'POST',
    path: '/api/v1/communities/:community_id/partner-keys',
    summary: '为合作系统签发 Open311 api_key（本社区运营人员；密钥只显示这一次）',
    tag: partnerTag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: KeyCommunityParams,
    body: z.strictObject({ name: humanText({ min: 2, max: 60 }) }),
    response: PartnerKeyIssued,
    status: 201,
  }),
  listPartnerKeys: defineRoute({
    id: 'listPartnerKeys',
    errors: errorsOf(SCOPE_ERRORS, CURSOR_ERRORS),
    method: 'GET',
    path: '/api/v1/communities/:community_id/partner-keys',
    summary: '本社区的合作系统 api_key（不含密钥本身）',
    tag: partnerTag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: KeyCommunityParams,
    query: z.strictObject({ ...PageQuery }),
    response: pageOf(PartnerKey),
  }),
  revokePartnerKey: defineRoute({
    id: 'revokePartnerKey',
    errors: errorsOf(SCOPE_ERRORS, { 404: ['partner_key_not_found'] }),
    method: 'DELETE',
    path: '/api/v1/communities/:community_id/partner-keys/:key_id',
    summary: '吊销合作系统 api_key（立即失效）',
    tag: partnerTag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId, key_id: PartnerKeyId }),
    query: z.strictObject({}),
    response: PartnerKey,
  }),
};

// ---------- Open311 GeoReport v2 ----------

export const OPEN311_BASE = '/open311/v2';
/** The spec's window: a search may not span more than 90 days, and defaults to the most recent 90 days. */
export const OPEN311_MAX_SPAN_DAYS = 90;
/** The spec's response volume: at most 1000 requests per search. */
export const OPEN311_MAX_RESULTS = 1000;
/** Most ids in one `service_request_id` list. */
export const OPEN311_MAX_IDS = 100;

/** The spec's error response: an array, each with the HTTP status as `code`. */
export const Open311Errors = z.array(z.object({ code: z.number().int(), description: z.string() }));

/** A W3C datetime with a zone (2010-01-01T00:00:00Z, …+08:00), or a date (taken as Asia/Shanghai midnight). */
const W3cDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/, {
    message: '应为带时区的 W3C 时间，如 2026-01-01T00:00:00+08:00',
  })
  .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00+08:00` : v)), { message: '不是有效的时间' })
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00+08:00` : v));

/** "a,b,c" (the spec's comma-delimited lists) → ["a","b","c"]. */
const commaList = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  z
    .string()
    .max(4000)
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(max, { message: `最多 ${max} 个` }));

/** jurisdiction_id and api_key, accepted on every Open311 route (a key implies its community). */
const open311Common = {
  jurisdiction_id: z
    .string()
    .max(100)
    .meta({
      description:
        '社区编号（cmt_…）。可省略的只有两种情况：带了 api_key（用它所属的社区），或服务端配置了 OPEN311_DEFAULT_JURISDICTION；否则答 400 jurisdiction_required',
      'x-required-unless': ['api_key', 'OPEN311_DEFAULT_JURISDICTION'],
    })
    .optional(),
  api_key: z.string().max(200).optional(),
};

/** A number sent as a form field (text) or JSON number. */
const coordinate = (min: number, max: number) =>
  z
    .union([
      z.number(),
      z
        .string()
        .regex(/^-?\d{1,3}(\.\d+)?$/, { message: '应为数字' })
        .transform(Number),
    ])
    .pipe(z.number().min(min).max(max));

/** Free text as Open311 allows it: line breaks yes, other control characters and HTML no. */
const multiline = (max: number) => humanText({ max, multiline: true }).refine((v) => !/<[a-z!/]/i.test(v), { message: '不能包含 HTML' });

const oneLine = (max: number) => humanText({ min: 1, max });

/** attribute[code]=value, attribute[code][]=v1&attribute[code][]=v2 (multivaluelist), as decoded from the form. */
export const Open311AttributeValues = z.record(
  z.string().max(40),
  z.union([humanText({ max: 1000, multiline: true }), z.number(), z.array(z.string().max(100)).max(50)]),
);

export const Open311CreateBody = z
  .object({
    ...open311Common,
    service_code: z.string().min(1).max(40),
    lat: coordinate(-90, 90).optional(),
    long: coordinate(-180, 180).optional(),
    address_string: oneLine(200).optional(),
    address_id: z
      .string()
      .max(100)
      .optional()
      .describe('不支持：本平台没有地址库，带 address_id 的请求以 400 拒绝；请提供 address_string 或 lat/long'),
    email: z.email({ message: '邮箱格式不对' }).max(254).optional(),
    device_id: z.string().max(100).optional(),
    account_id: z.string().max(100).optional(),
    first_name: oneLine(60).optional(),
    last_name: oneLine(60).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 ()-]{2,30}$/, { message: '电话号码格式不对' })
      .optional(),
    description: multiline(4000).optional(),
    media_url: z
      .url({ protocol: /^https?$/, message: '应为 http(s) 地址' })
      .max(500)
      .optional(),
    attribute: Open311AttributeValues.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.lat === undefined) !== (b.long === undefined))
      ctx.addIssue({ code: 'custom', path: [b.lat === undefined ? 'lat' : 'long'], message: 'lat 与 long 须同时提供' });
    if (b.lat === undefined && !b.address_string)
      ctx.addIssue({
        code: 'custom',
        path: ['address_string'],
        message: b.address_id ? '本平台不使用 address_id，请提供 address_string 或 lat/long' : '须提供位置：address_string 或 lat/long',
      });
  });

export const Open311RequestsQuery = z.object({
  ...open311Common,
  service_request_id: commaList(z.string().max(40), OPEN311_MAX_IDS).optional(),
  service_code: commaList(z.string().max(40), 50).optional(),
  start_date: W3cDateTime.optional(),
  end_date: W3cDateTime.optional(),
  status: commaList(z.enum(['open', 'closed'], { message: 'status 只能是 open 或 closed' }), 2).optional(),
});

export const Open311Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  /** Comma separated, as the spec has it. */
  keywords: z.string(),
  group: z.string(),
});

export const Open311ServiceDefinition = z.object({
  service_code: z.string(),
  attributes: z.array(
    z.object({
      variable: z.boolean(),
      code: z.string(),
      datatype: AttributeDatatype,
      required: z.boolean(),
      datatype_description: z.string().nullable(),
      order: z.number().int(),
      description: z.string(),
      values: z.array(z.object({ key: z.string(), name: z.string() })),
    }),
  ),
});

export const Open311ServiceRequest = z.object({
  service_request_id: z.string(),
  /** open: open, acknowledged, assigned, in_progress; closed: resolved, cancelled, closed_duplicate. */
  status: z.enum(['open', 'closed']),
  /** Our finer status in words (and, for the partner that sent it, the latest note). */
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  /** Only to the partner that submitted the request; null otherwise (residents' own words stay private). */
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  /** For a closed request, when it was closed. */
  updated_datetime: z.string(),
  /** The SLA deadline while open; null once closed. */
  expected_datetime: z.string().nullable(),
  /** address, lat/long and media_url likewise only to the partner that submitted the request. */
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type Open311ServiceRequest = z.infer<typeof Open311ServiceRequest>;

export const Open311Created = z.array(
  z.object({
    /** For realtime and batch services (batch also gets a token); not for blackbox ones. */
    service_request_id: z.string().optional(),
    /** For batch services: GET /tokens/{token}.json gives the id (at once: requests are created synchronously). */
    token: z.string().optional(),
    service_notice: z.string().nullable(),
    account_id: z.string().nullable(),
  }),
);

export const Open311TokenResult = z.array(z.object({ service_request_id: z.string(), token: z.string() }));

/** The spec's discovery document: where the endpoint is, which formats it serves, whom to ask for a key. */
export const Open311Discovery = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.object({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.enum(['production', 'test']),
      formats: z.array(z.string()),
    }),
  ),
});

const tag = 'open311';
const CommonQuery = z.object(open311Common);

/** The Open311 routes: outside /api/v1, Open311's error array, form or JSON bodies, zod-checked like every route. */
export const open311Routes = {
  open311Discovery: defineRoute({
    id: 'open311Discovery',
    method: 'GET',
    path: `${OPEN311_BASE}/discovery.json`,
    summary: 'Open311：服务发现文档（也有 discovery.xml；各路由把 .json 换成 .xml 即得 XML）',
    tag,
    access: { kind: 'public' },
    query: z.object({}),
    response: Open311Discovery,
    errorFormat: 'open311',
  }),
  open311Services: defineRoute({
    id: 'open311Services',
    errors: OPEN311_READ_ERRORS,
    method: 'GET',
    path: `${OPEN311_BASE}/services.json`,
    summary: 'Open311：服务列表（jurisdiction_id = 社区编号）',
    tag,
    access: { kind: 'public' },
    query: CommonQuery,
    response: z.array(Open311Service),
    errorFormat: 'open311',
  }),
  open311ServiceDefinition: defineRoute({
    id: 'open311ServiceDefinition',
    errors: errorsOf(OPEN311_READ_ERRORS, { 404: ['service_not_found'] }),
    method: 'GET',
    path: `${OPEN311_BASE}/services/:service_code.json`,
    summary: 'Open311：服务定义（属性）',
    tag,
    access: { kind: 'public' },
    params: z.strictObject({ service_code: z.string().max(100) }),
    query: CommonQuery,
    response: Open311ServiceDefinition,
    errorFormat: 'open311',
  }),
  open311CreateRequest: defineRoute({
    id: 'open311CreateRequest',
    errors: errorsOf(OPEN311_READ_ERRORS, {
      400: ['attribute_invalid', 'address_required', 'upload_unknown'],
      404: ['service_not_found'],
      409: ['idempotency_conflict', 'service_inactive', 'possible_duplicate', 'not_a_resident'],
      429: ['too_many_calls'],
    }),
    method: 'POST',
    path: `${OPEN311_BASE}/requests.json`,
    summary: 'Open311：提交服务请求（合作系统 api_key；表单或 JSON）',
    tag,
    access: { kind: 'partner' },
    body: Open311CreateBody,
    response: Open311Created,
    errorFormat: 'open311',
    bodyEncodings: ['form', 'json'],
  }),
  open311Requests: defineRoute({
    id: 'open311Requests',
    errors: errorsOf(OPEN311_READ_ERRORS, { 400: ['date_range_invalid', 'date_range_too_long'] }),
    method: 'GET',
    path: `${OPEN311_BASE}/requests.json`,
    summary: 'Open311：查询服务请求（编号列表、服务、状态、90 天内的时间窗）',
    tag,
    access: { kind: 'public' },
    query: Open311RequestsQuery,
    response: z.array(Open311ServiceRequest),
    errorFormat: 'open311',
  }),
  open311Request: defineRoute({
    id: 'open311Request',
    errors: errorsOf(OPEN311_READ_ERRORS, { 404: ['request_not_found'] }),
    method: 'GET',
    path: `${OPEN311_BASE}/requests/:service_request_id.json`,
    summary: 'Open311：一条服务请求',
    tag,
    access: { kind: 'public' },
    params: z.strictObject({ service_request_id: z.string().max(100) }),
    query: CommonQuery,
    response: z.array(Open311ServiceRequest),
    errorFormat: 'open311',
  }),
  open311Token: defineRoute({
    id: 'open311Token',
    errors: errorsOf(OPEN311_READ_ERRORS, { 404: ['token_not_found'] }),
    method: 'GET',
    path: `${OPEN311_BASE}/tokens/:token.json`,
    summary: 'Open311：由 token 查服务请求编号',
    tag,
    access: { kind: 'public' },
    params: z.strictObject({ token: z.string().max(100) }),
    query: CommonQuery,
    response: Open311TokenResult,
    errorFormat: 'open311',
  }),
};

export const open311RouteList: RouteSpec[] = Object.values(open311Routes) as RouteSpec[];
