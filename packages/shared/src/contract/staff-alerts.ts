import { z } from 'zod';
import { CommunityId, IsoDateTime, KioskId, idOf } from './common';
import { SCOPE_ERRORS, errorsOf } from './errors';
import { defineRoute } from './route';

/** 找工作人员 (issue 15 item 4): a press at a kiosk that calls the station's staff to that terminal. */
export const StaffAlertId = idOf('sta');

/** Why the person wants someone: the tile sends `general`; the other words let a screen say what it was stuck on. */
export const STAFF_CALL_REASONS = ['general', 'card', 'payment', 'shopping'] as const;
export const StaffCallReason = z.enum(STAFF_CALL_REASONS);

export const StaffAlertStatus = z.enum(['waiting', 'arrived']);

export const StaffAlert = z.object({
  id: StaffAlertId,
  community_id: CommunityId,
  kiosk_id: KioskId,
  /** The terminal's name, e.g. 益乐社区服务站 1 号机. */
  kiosk_name: z.string(),
  /** Where the terminal stands: its station, or the community when it belongs to no station. */
  station_name: z.string(),
  address: z.string(),
  reason: StaffCallReason,
  status: StaffAlertStatus,
  created_at: IsoDateTime,
  arrived_at: IsoDateTime.nullable(),
  /** The operator who marked 已到场 (their name, not their id). */
  arrived_by_name: z.string().nullable(),
});
export type StaffAlert = z.infer<typeof StaffAlert>;

export const StaffCallAnswer = z.object({
  alert: StaffAlert,
  /** What the kiosk shows and reads aloud. */
  message: z.string(),
});

const tag = 'staff';

export const staffAlertRoutes = {
  kioskCallStaff: defineRoute({
    id: 'kioskCallStaff',
    errors: { 429: ['staff_call_too_soon'] },
    method: 'POST',
    path: '/api/v1/kiosk/staff-call',
    summary: '终端“找工作人员”：通知本站值班人员到这台终端（无需刷卡；重复按下有频率限制）',
    tag: 'kiosk',
    access: { kind: 'terminal' },
    body: z.strictObject({ reason: StaffCallReason.default('general') }),
    response: StaffCallAnswer,
    status: 201,
  }),
  listStaffAlerts: defineRoute({
    id: 'listStaffAlerts',
    errors: SCOPE_ERRORS,
    method: 'GET',
    path: '/api/v1/communities/:community_id/staff-alerts',
    summary: '等待工作人员到场的终端（最近 100 条）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    query: z.strictObject({}),
    response: z.object({ items: z.array(StaffAlert) }),
  }),
  markStaffArrived: defineRoute({
    id: 'markStaffArrived',
    errors: errorsOf(SCOPE_ERRORS, { 404: ['staff_alert_not_found'], 409: ['staff_alert_closed'] }),
    method: 'POST',
    path: '/api/v1/communities/:community_id/staff-alerts/:alert_id/arrived',
    summary: '工作人员已到场',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId, alert_id: StaffAlertId }),
    body: z.strictObject({}).optional(),
    response: StaffAlert,
  }),
};
