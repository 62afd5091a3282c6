import type { InboxKind } from '@cc/shared';
import type { CallDoc } from './models';
import type { CallsDeps } from './service';

type Notice = { kind: InboxKind; title: string; body: (c: CallDoc) => string };

/** The call steps a resident is told about in the inbox (issue 15 item 6), in their words. */
const NOTICES: Record<string, Notice> = {
  acknowledge: {
    kind: 'call_acknowledged',
    title: '呼叫已受理',
    body: (c) => `您的${c.service_name}呼叫 ${c.number} 已受理，正在安排人员`,
  },
  assign: {
    kind: 'call_assigned',
    title: '已派服务人员',
    body: (c) => `您的${c.service_name}呼叫 ${c.number} 已派给服务人员，请保持电话畅通`,
  },
  resolve: { kind: 'call_resolved', title: '呼叫已办结', body: (c) => `您的${c.service_name}呼叫 ${c.number} 已办结，欢迎评价` },
};

const LATE_BODY = {
  ack: (c: CallDoc) => `您的${c.service_name}呼叫 ${c.number} 未能按时受理，已升级给值班负责人优先处理`,
  resolve: (c: CallDoc) => `您的${c.service_name}呼叫 ${c.number} 未能按时办结，已升级给服务站负责人跟进`,
};

async function tell(deps: CallsDeps, c: CallDoc, event_id: string, kind: InboxKind, title: string, body: string) {
  // Anonymous 紧急求助 at a kiosk has nobody to tell.
  if (!c.requester_id) return;
  await deps.publishInbox({ event_id, user_id: c.requester_id, kind, title, body, link: `/calls/detail/index?id=${c._id}` });
}

/**
 * Tells the resident about a step of their call. A call may be assigned again after a decline, so the event id is
 * the step's place in the history: a replay of the same transition tells nothing new, a later one does.
 */
export async function tellResident(deps: CallsDeps, c: CallDoc, action: string): Promise<void> {
  const notice = NOTICES[action];
  if (!notice) return;
  await tell(deps, c, `${notice.kind}:${c._id}:${c.history.length}`, notice.kind, notice.title, notice.body(c));
}

/** Tells the resident their call missed a deadline (each deadline escalates once). */
export async function tellLate(deps: CallsDeps, c: CallDoc, kind: 'ack' | 'resolve'): Promise<void> {
  await tell(deps, c, `call_late:${c._id}:${kind}`, 'call_late', '呼叫处理超时', LATE_BODY[kind](c));
}
