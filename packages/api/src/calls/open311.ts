import { randomBytes } from 'node:crypto';
import {
  OPEN311_MAX_RESULTS,
  OPEN311_MAX_SPAN_DAYS,
  toShanghaiIso,
  type CallStatus,
  type Open311CreateBody,
  type Open311RequestsQuery,
  type Open311ServiceRequest,
  type Service,
} from '@cc/shared';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { z } from 'zod';
import type { Actor, PartnerActor } from '../platform/actor';
import { AppError, badRequest, forbidden, notFound } from '../platform/problem';
import type { CallDoc, CallModels } from './models';
import { CLOSED_STATUSES, OPEN_STATUSES, type CallService, type CreateCallInput } from './service';

/**
 * Our statuses → Open311's two. Everything still being handled is `open`; resolved, cancelled and closed as a
 * duplicate are `closed` (status_notes says which).
 */
export const OPEN311_STATUS: Record<CallStatus, 'open' | 'closed'> = {
  open: 'open',
  acknowledged: 'open',
  assigned: 'open',
  in_progress: 'open',
  resolved: 'closed',
  cancelled: 'closed',
  closed_duplicate: 'closed',
};

const STATUS_WORDS: Record<CallStatus, string> = {
  open: '已收到，等待社区服务站受理',
  acknowledged: '社区服务站已受理，正在安排服务人员',
  assigned: '已派给服务人员，等待接单',
  in_progress: '服务人员正在处理',
  resolved: '已办结',
  cancelled: '已取消',
  closed_duplicate: '与另一条请求重复，已合并处理',
};

/** History actions whose note may be shown to the partner that sent the request. */
const NOTE_ACTIONS = new Set(['acknowledge', 'assign', 'accept', 'decline', 'note', 'resolve', 'cancel', 'close_duplicate', 'escalate']);

const DAY_MS = 24 * 3600 * 1000;

function minutesInWords(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} 天`;
  if (minutes % 60 === 0) return `${minutes / 60} 小时`;
  return `${minutes} 分钟`;
}

export interface Open311Deps {
  models: CallModels;
  calls: CallService;
  redis: Redis;
  /** Identity, through its service: the community's name and hotline; 404 community_not_found when unknown. */
  communityOf(community_id: string): Promise<{ name: string; hotline: string }>;
  /** OPEN311_DEFAULT_JURISDICTION. */
  defaultJurisdiction: string | null;
  writesPerMinute: number;
}

async function community(deps: Open311Deps, community_id: string) {
  try {
    return await deps.communityOf(community_id);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) throw notFound('jurisdiction_not_found', `jurisdiction_id ${community_id} 不存在`);
    throw err;
  }
}

/** The community a request is about. */
async function jurisdiction(
  deps: Open311Deps,
  actor: Actor,
  jurisdiction_id: string | undefined,
): Promise<{ id: string; name: string; hotline: string }> {
  if (actor.kind === 'partner') {
    if (jurisdiction_id && jurisdiction_id !== actor.community_id)
      throw forbidden('api_key_wrong_jurisdiction', 'api_key 不属于这个 jurisdiction_id');
    return { id: actor.community_id, ...(await community(deps, actor.community_id)) };
  }
  const id = jurisdiction_id ?? deps.defaultJurisdiction;
  if (!id) throw badRequest('jurisdiction_required', 'jurisdiction_id 未提供（本平台服务多个社区，请传社区编号 cmt_…）');
  return { id, ...(await community(deps, id)) };
}

const agencyOf = (name: string) => `${name}社区服务站`;

function toRequest(c: CallDoc, viewer: Actor, agency: string): Open311ServiceRequest {
  const own = viewer.kind === 'partner' && c.partner_key_id === viewer.key_id;
  const closed = OPEN311_STATUS[c.status] === 'closed';
  const lastNote = own ? [...c.history].reverse().find((h) => h.note && NOTE_ACTIONS.has(h.action))?.note : undefined;
  const closedAt = closed ? [...c.history].reverse().find((h) => h.to === c.status && h.from !== h.to && h.to !== null)?.at : undefined;
  return {
    service_request_id: c._id,
    status: OPEN311_STATUS[c.status],
    status_notes: lastNote ? `${STATUS_WORDS[c.status]}：${lastNote}` : STATUS_WORDS[c.status],
    service_name: c.service_name,
    service_code: c.service_code,
    description: own ? c.description || null : null,
    agency_responsible: agency,
    service_notice: c.service_notice ?? null,
    requested_datetime: toShanghaiIso(c.created_at),
    updated_datetime: toShanghaiIso(closedAt ?? c.updated_at),
    expected_datetime: closed ? null : toShanghaiIso(c.expected_datetime),
    address: own ? c.address : null,
    address_id: null,
    zipcode: null,
    lat: own && c.location ? c.location.lat : null,
    long: own && c.location ? c.location.lng : null,
    media_url: own ? (c.media_url ?? null) : null,
  };
}

/** Form fields are text: numbers and single multivaluelist values are read per the service's attribute types. */
function coerceAttributes(service: Service, values: Record<string, unknown>): Record<string, unknown> {
  const types = new Map(service.attributes.map((a) => [a.code, a.datatype]));
  const out: Record<string, unknown> = {};
  for (const [code, v] of Object.entries(values)) {
    const type = types.get(code);
    if (type === 'number' && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) out[code] = Number(v);
    else if (type === 'multivaluelist' && typeof v === 'string') out[code] = [v];
    else if (type !== 'number' && typeof v === 'number') out[code] = String(v);
    else out[code] = v;
  }
  return out;
}

async function activeService(deps: Open311Deps, community_id: string, service_code: string): Promise<Service> {
  const s = (await deps.calls.listServices(community_id)).items.find((x) => x.service_code === service_code);
  if (!s) throw notFound('service_not_found', `service_code ${service_code} 不存在`);
  return s;
}

/** A partner's new service request, and the notice it answers with. */
async function createRequest(
  deps: Open311Deps,
  writes: RateLimiterRedis,
  actor: PartnerActor,
  body: z.output<typeof Open311CreateBody>,
  idempotencyKey: string | undefined,
) {
  const j = await jurisdiction(deps, actor, body.jurisdiction_id);
  const service = await activeService(deps, j.id, body.service_code);
  const location = body.lat !== undefined && body.long !== undefined ? { lat: body.lat, lng: body.long } : undefined;
  const input: CreateCallInput = {
    service_code: service.service_code,
    description: body.description ?? '',
    address: body.address_string ?? `坐标 ${body.lat}, ${body.long}`,
    location,
    attributes: coerceAttributes(service, body.attribute ?? {}),
    confirm_new: true,
  };
  const token = randomBytes(16).toString('hex');
  const call = await deps.calls.createForPartner(j.id, input, idempotencyKey ?? `auto-${token}`, {
    key_id: actor.key_id,
    name: actor.name,
    contact: {
      first_name: body.first_name ?? null,
      last_name: body.last_name ?? null,
      email: body.email ?? null,
      phone: body.phone ?? null,
      account_id: body.account_id ?? null,
      device_id: body.device_id ?? null,
    },
    media_url: body.media_url ?? null,
    token,
    consume: async () => {
      try {
        await writes.consume(actor.key_id);
      } catch (err) {
        if (err instanceof RateLimiterRes)
          throw new AppError(429, 'rate_limited', `提交太频繁：每个 api_key 每分钟最多 ${deps.writesPerMinute} 条`, {
            headers: { 'Retry-After': String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))) },
          });
        throw err;
      }
    },
  });
  const sla = call.service_snapshot?.sla ?? service.sla;
  const notice = call.service_notice
    ? call.service_notice
    : call.priority === 'emergency'
      ? `已通知${agencyOf(j.name)}全体值班人员。危及生命请拨打 120；社区热线 ${j.hotline}。`
      : `${agencyOf(j.name)}承诺 ${minutesInWords(sla.acknowledge_minutes)}内受理、受理后 ${minutesInWords(sla.resolve_minutes)}内办结；社区热线 ${j.hotline}。`;
  // The spec: realtime services answer with the id, batch ones with a token (we add the id: it exists at once),
  // blackbox ones with neither.
  return [
    {
      ...(service.type !== 'blackbox' ? { service_request_id: call._id } : {}),
      ...(service.type === 'batch' && call.open311_token ? { token: call.open311_token } : {}),
      service_notice: notice,
      account_id: body.account_id ?? null,
    },
  ];
}

/** The filter of a request search: the ids asked for, or a bounded date span with the service and status asked for. */
function requestsFilter(community_id: string, query: z.output<typeof Open311RequestsQuery>): Record<string, unknown> {
  const filter: Record<string, unknown> = { community_id };
  if (query.service_request_id && query.service_request_id.length > 0) {
    // The spec: a list of ids overrides every other argument.
    filter._id = { $in: query.service_request_id };
  } else {
    const now = Date.now();
    const span = OPEN311_MAX_SPAN_DAYS * DAY_MS;
    let start = query.start_date?.getTime();
    let end = query.end_date?.getTime();
    if (start === undefined && end === undefined) {
      end = now;
      start = now - span;
    } else if (start === undefined) start = (end as number) - span;
    else if (end === undefined) end = start + span;
    if ((start as number) > (end as number)) throw badRequest('date_range_invalid', 'start_date 晚于 end_date');
    if ((end as number) - (start as number) > span)
      throw badRequest('date_range_too_long', `start_date 到 end_date 不能超过 ${OPEN311_MAX_SPAN_DAYS} 天`);
    filter.created_at = { $gte: new Date(start as number), $lte: new Date(end as number) };
    if (query.service_code && query.service_code.length > 0) filter.service_code = { $in: query.service_code };
    const wanted = new Set(query.status ?? []);
    if (wanted.size === 1) filter.status = { $in: wanted.has('open') ? OPEN_STATUSES : CLOSED_STATUSES };
  }
  return filter;
}

/**
 * Open311 GeoReport v2 on top of the calls module: the catalogue as services, calls as service requests.
 *
 * - Jurisdiction = community. With an api_key the key's community is the jurisdiction (another jurisdiction_id → 403);
 *   without one, jurisdiction_id is required unless OPEN311_DEFAULT_JURISDICTION is set (400 when missing, 404 when
 *   unknown).
 * - Reads need no key (as in the spec), but residents' own words, addresses, coordinates and media are only shown to
 *   the partner that submitted the request; everyone else sees the service, status, times and notices.
 */
export function createOpen311(deps: Open311Deps) {
  const { Call } = deps.models;
  const writes = new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: 'rl:open311', points: deps.writesPerMinute, duration: 60 });
  return {
    async services(actor: Actor, query: { jurisdiction_id?: string | undefined }) {
      const j = await jurisdiction(deps, actor, query.jurisdiction_id);
      return (await deps.calls.listServices(j.id)).items.map((s) => ({
        service_code: s.service_code,
        service_name: s.service_name,
        description: s.description,
        metadata: s.metadata,
        type: s.type,
        keywords: s.keywords.join(','),
        group: s.group,
      }));
    },

    async serviceDefinition(actor: Actor, service_code: string, query: { jurisdiction_id?: string | undefined }) {
      const j = await jurisdiction(deps, actor, query.jurisdiction_id);
      const s = await activeService(deps, j.id, service_code);
      return {
        service_code: s.service_code,
        attributes: s.attributes.map((a) => ({
          variable: true,
          code: a.code,
          datatype: a.datatype,
          required: a.required,
          datatype_description: a.datatype_description,
          order: a.order,
          description: a.description,
          values: a.values,
        })),
      };
    },

    createRequest: (actor: PartnerActor, body: z.output<typeof Open311CreateBody>, idempotencyKey: string | undefined) =>
      createRequest(deps, writes, actor, body, idempotencyKey),

    async requests(actor: Actor, query: z.output<typeof Open311RequestsQuery>) {
      const j = await jurisdiction(deps, actor, query.jurisdiction_id);
      const filter = requestsFilter(j.id, query);
      const rows = await Call.find(filter).sort({ created_at: -1, _id: -1 }).limit(OPEN311_MAX_RESULTS).lean<CallDoc[]>();
      const agency = agencyOf(j.name);
      return rows.map((c) => toRequest(c, actor, agency));
    },

    async request(actor: Actor, service_request_id: string, query: { jurisdiction_id?: string | undefined }) {
      const j = await jurisdiction(deps, actor, query.jurisdiction_id);
      const c = await Call.findOne({ _id: service_request_id, community_id: j.id }).lean<CallDoc>();
      if (!c) throw notFound('request_not_found', `service_request_id ${service_request_id} 不存在`);
      return [toRequest(c, actor, agencyOf(j.name))];
    },

    async token(actor: Actor, token: string, query: { jurisdiction_id?: string | undefined }) {
      const j = await jurisdiction(deps, actor, query.jurisdiction_id);
      const c = await Call.findOne({ open311_token: token, community_id: j.id }).select({ _id: 1 }).lean<{ _id: string }>();
      if (!c) throw notFound('token_not_found', `token ${token} 不存在`);
      return [{ service_request_id: c._id, token }];
    },
  };
}
export type Open311 = ReturnType<typeof createOpen311>;
