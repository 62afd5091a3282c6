import { z } from 'zod';
import { IsoDateTime, LatLng } from './common';
import { DeliveryTaskId, DeliveryTaskStatus } from './delivery-tasks';
import { OrderId } from './orders';
import { defineRoute } from './route';

/**
 * Live tracking of a delivery (issue 13 §4): couriers report where they are while they hold a task; the buyer of each
 * of their current tasks and the community's operators see it (GET, and live over /api/v1/realtime).
 */

/** The real-time event a position (or a step of the task) sends to the buyer and the community's operators. */
export const DELIVERY_POSITION_EVENT = 'delivery.position';

export const CourierPositionBody = z.strictObject({
  lat: LatLng.shape.lat,
  lng: LatLng.shape.lng,
  /** When the device took the fix; the server's time if absent. At most a minute ahead, ten minutes behind. */
  at: IsoDateTime.optional(),
  /**
   * The datum of lat/lng: the mini-program's getLocation gives GCJ-02 (the default), the H5 build WGS-84 (browsers have
   * no GCJ-02); the server converts WGS-84 to GCJ-02, the datum of every stored place.
   */
  coord: z.enum(['wgs84', 'gcj02']).default('gcj02'),
});

export const PositionAck = z.object({
  /** False when the courier holds no task: the position is accepted as a heartbeat, but not kept. */
  kept: z.boolean(),
  at: IsoDateTime,
  /** How many tasks (claimed or picked up) the position was shown for. */
  tasks: z.number().int(),
});

export const OrderTracking = z.object({
  order_id: OrderId,
  task_id: DeliveryTaskId,
  status: DeliveryTaskStatus,
  /** The courier's last accepted position while the task is claimed or picked up; null otherwise or when none is fresh. */
  courier_position: LatLng.nullable(),
  updated_at: IsoDateTime.nullable(),
  /** Road distance still to go (to the pickup then the drop, or to the drop once picked up), in metres. */
  remaining_m: z.number().int().nullable(),
  eta_minutes: z.number().int().nullable(),
  eta_at: IsoDateTime.nullable(),
});
export type OrderTracking = z.infer<typeof OrderTracking>;

const tag = 'delivery';

export const deliveryTrackingRoutes = {
  reportMyPosition: defineRoute({
    id: 'reportMyPosition',
    errors: {
      400: ['position_time_invalid'],
      409: ['courier_off_duty', 'position_stale'],
      422: ['position_jump'],
      429: ['too_many_positions'],
    },
    method: 'POST',
    path: '/api/v1/couriers/me/position',
    summary: '配送员上报位置（在岗时；有进行中的任务才保存，只给这些订单的买家和本社区运营人员看）',
    tag,
    access: { kind: 'user', roles: ['courier', 'admin'] },
    body: CourierPositionBody,
    response: PositionAck,
  }),
  getOrderTracking: defineRoute({
    id: 'getOrderTracking',
    errors: { 404: ['delivery_task_not_found'] },
    method: 'GET',
    path: '/api/v1/orders/:order_id/tracking',
    summary: '订单配送追踪：配送员位置、剩余距离和预计送达（买家、本社区运营人员）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ order_id: OrderId }),
    query: z.strictObject({}),
    response: OrderTracking,
  }),
};
