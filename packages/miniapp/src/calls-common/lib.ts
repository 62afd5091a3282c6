import Taro from '@tarojs/taro';
import { ApiError, shanghaiDate, shanghaiTime, type Call, type CallStatus, type Service } from '@cc/shared';

/** Pages of the convenience-call sub-packages (resident `calls`, `provider`, `operator`). */
export const CALL_PAGES = {
  services: '/calls/index/index',
  create: '/calls/new/index',
  mine: '/calls/mine/index',
  detail: '/calls/detail/index',
  family: '/calls/family/index',
  providerList: '/provider/calls/index',
  providerCall: '/provider/call/index',
  queue: '/operator/queue/index',
  operatorCall: '/operator/call/index',
  hotline: '/operator/hotline/index',
} as const;

/** Statuses in which a call is still being handled. */
export const OPEN_STATUSES: CallStatus[] = ['open', 'acknowledged', 'assigned', 'in_progress'];
export const isOpen = (c: Pick<Call, 'status'>) => OPEN_STATUSES.includes(c.status);

const ACTION_NAMES: Record<string, string> = {
  created: '发起呼叫',
  acknowledge: '社区服务站已受理',
  assign: '已派给服务人员',
  accept: '服务人员已接单',
  decline: '服务人员无法接单，重新派单',
  note: '处理进展',
  resolve: '服务已完成',
  cancel: '呼叫已取消',
  close_duplicate: '作为重复呼叫关闭',
  rate: '居民评价',
  escalate: '超时升级',
  fee: '服务费',
  fee_paid: '服务费已支付',
  family_notified: '已通知紧急联系人',
};
export const actionName = (action: string) => ACTION_NAMES[action] ?? action;

export const ACTOR_NAMES: Record<Call['history'][number]['actor_role'], string> = {
  resident: '居民',
  operator: '社区服务站',
  provider: '服务人员',
  admin: '平台管理员',
  system: '系统',
};

export const CHANNEL_NAMES: Record<Call['channel'], string> = {
  miniapp: '小程序',
  kiosk: '社区终端',
  hotline: '热线电话',
  open311: '合作平台',
};

/**
 * Local deadlines: `seconds_to_deadline` counted from when the response arrived, so a countdown does not depend on the
 * phone's clock being right. Without it, expected_datetime as it is.
 */
const deadlines = new Map<string, number>();
export function stamp<T extends Pick<Call, 'id' | 'seconds_to_deadline'>>(calls: T[], receivedAt = Date.now()): T[] {
  for (const c of calls) {
    if (c.seconds_to_deadline === null || c.seconds_to_deadline === undefined) deadlines.delete(c.id);
    else deadlines.set(c.id, receivedAt + c.seconds_to_deadline * 1000);
  }
  return calls;
}
const deadlineOf = (c: Pick<Call, 'id' | 'expected_datetime'>) => deadlines.get(c.id) ?? Date.parse(c.expected_datetime);

/** "11-29 14:30" this year, "2025-11-29 14:30" otherwise (Asia/Shanghai). */
export function when(iso: string): string {
  const d = new Date(iso);
  const date = shanghaiDate(d);
  return `${date.slice(0, 4) === shanghaiDate(new Date()).slice(0, 4) ? date.slice(5) : date} ${shanghaiTime(d)}`;
}

/** "12 分钟" / "2 小时 5 分" / "1 天 3 小时" */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return minutes <= 0 ? '不到 1 分钟' : `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} 小时${minutes % 60 ? ` ${minutes % 60} 分` : ''}`;
  return `${Math.floor(hours / 24)} 天${hours % 24 ? ` ${hours % 24} 小时` : ''}`;
}

/** The SLA clock of a call still being handled: what the next deadline is for, and the time left (negative = late). */
export function slaClock(call: Pick<Call, 'id' | 'status' | 'expected_datetime'>, now: number): { label: string; leftMs: number } | null {
  if (!isOpen(call)) return null;
  const label = call.status === 'open' ? '受理' : '办结';
  return { label, leftMs: deadlineOf(call) - now };
}

/** "受理剩 04:59" / "办结剩 3 小时 5 分" / "受理已超时 2 分钟": minutes and seconds under an hour, so it visibly counts down. */
export function countdownText(call: Pick<Call, 'id' | 'status' | 'expected_datetime'>, now: number): string | null {
  const clock = slaClock(call, now);
  if (!clock) return null;
  if (clock.leftMs < 0) return `${clock.label}已超时 ${duration(-clock.leftMs)}`;
  if (clock.leftMs < 3_600_000) {
    const s = Math.floor(clock.leftMs / 1000);
    return `${clock.label}剩 ${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  }
  return `${clock.label}剩 ${duration(clock.leftMs)}`;
}

/** The call's attribute values in words, in the service's order; codes the service no longer has are shown as they are. */
export function attributeLines(
  service: Pick<Service, 'attributes'> | null,
  values: Record<string, unknown>,
): { label: string; value: string }[] {
  const lines: { label: string; value: string }[] = [];
  const defs = service?.attributes ?? [];
  const seen = new Set<string>();
  for (const a of defs) {
    const v = values[a.code];
    seen.add(a.code);
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    const nameOf = (key: unknown) => a.values.find((x) => x.key === key)?.name ?? String(key);
    let text: string;
    if (a.datatype === 'singlevaluelist') text = nameOf(v);
    else if (a.datatype === 'multivaluelist') text = (Array.isArray(v) ? v : [v]).map(nameOf).join('、');
    else if (a.datatype === 'datetime' && typeof v === 'string') text = when(v);
    else text = String(v);
    lines.push({ label: a.description, value: text });
  }
  for (const [code, v] of Object.entries(values)) {
    if (!seen.has(code)) lines.push({ label: code, value: Array.isArray(v) ? v.join('、') : String(v) });
  }
  return lines;
}

/**
 * A fresh Idempotency-Key for one submission (DESIGN §5): the same key is sent again when that submission is retried,
 * a new one when the form changed. 8–128 of [A-Za-z0-9_.:-].
 */
export function newIdempotencyKey(prefix: string): string {
  const rand = () => Math.floor(Math.random() * 0x100000000).toString(36);
  return `${prefix}:${Date.now().toString(36)}${rand()}${rand()}`;
}

/** A page's query parameter (Taro's router params are strings). */
export function pageParam(name: string): string | undefined {
  const v = Taro.getCurrentInstance().router?.params?.[name];
  return v ? decodeURIComponent(v) : undefined;
}

/** Groups of services in catalogue order, the emergency service(s) taken out. */
export function groupServices(services: Service[]): { group: string; items: Service[] }[] {
  const groups = new Map<string, Service[]>();
  for (const s of services) {
    if (s.emergency) continue;
    const list = groups.get(s.group) ?? [];
    list.push(s);
    groups.set(s.group, list);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

/** "约 15 分钟内受理，4 小时内办结" */
export function slaText(s: Service): string {
  return `约 ${duration(s.sla.acknowledge_minutes * 60_000)}内受理，${duration(s.sla.resolve_minutes * 60_000)}内办结`;
}

/** Field errors of a 400 (body.attributes.problem → problem, body.address → address). */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of e.problem.errors ?? []) {
    const m = /^body\.(?:attributes\.)?([a-z0-9_]+)/.exec(f.path);
    if (m?.[1]) out[m[1]] = f.message;
  }
  return out;
}
