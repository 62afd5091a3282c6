import type { staffAlertRoutes } from '@cc/shared';
import type { Handlers } from '../platform/http';
import type { Staff } from './index';

/** Thin: parse (mountRoutes), one service call, return. */
export function staffHandlers(staff: Staff): Handlers<typeof staffAlertRoutes> {
  const s = staff.service;
  return {
    kioskCallStaff: ({ actor, body }) => s.callFromKiosk(actor, body.reason),
    listStaffAlerts: ({ actor, params }) => s.list(actor, params.community_id),
    markStaffArrived: ({ actor, params }) => s.markArrived(actor, params.community_id, params.alert_id),
  };
}
