import { deliveryTrackingRoutes } from '@cc/shared';
import type { Handlers } from '../platform/http';
import type { Delivery } from './index';

/** Couriers' positions and the order's tracking (tasks/tracking.ts). */
export function deliveryTrackingHandlers({ tracking }: Delivery): Handlers<typeof deliveryTrackingRoutes> {
  return {
    reportMyPosition: ({ actor, body }) => tracking.report(actor, body),
    getOrderTracking: ({ actor, params }) => tracking.ofOrder(actor, params.order_id),
  };
}
