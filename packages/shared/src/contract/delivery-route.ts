import { z } from 'zod';
import { IsoDateTime, LatLng } from './common';
import { DeliveryTaskId } from './delivery-tasks';
import { OrderId } from './orders';
import { defineRoute } from './route';

/** How a courier travels; speeds and capacities are the API's (delivery/route/vehicles.ts). */
export const DeliveryVehicle = z.enum(['walk', 'ebike', 'tricycle', 'van']);
export type DeliveryVehicle = z.infer<typeof DeliveryVehicle>;
/** The words shown for each vehicle. */
export const DELIVERY_VEHICLE_WORDS: Record<DeliveryVehicle, string> = { walk: '步行', ebike: '电动车', tricycle: '三轮', van: '面包车' };

export const RouteStop = z.object({
  seq: z.number().int().min(1),
  task_id: DeliveryTaskId,
  order_id: OrderId,
  kind: z.enum(['pickup', 'drop']),
  label: z.string(),
  address: z.string(),
  location: LatLng,
  /** The window service should start in: a drop's delivery slot; a pickup must be done before its slot ends. */
  window: z.object({ earliest: IsoDateTime.nullable(), latest: IsoDateTime.nullable() }),
  expected_arrival_at: IsoDateTime,
  expected_departure_at: IsoDateTime,
  /** Minutes after the window closes at which service is expected to start (0 when on time). */
  late_minutes: z.number().int().min(0),
});
export type RouteStop = z.infer<typeof RouteStop>;

export const CourierRoute = z.object({
  vehicle: DeliveryVehicle,
  /** Where and when the plan starts: the courier's live position (else the last step's), else their home station, else the first stop. */
  start: z.object({ location: LatLng.nullable(), at: IsoDateTime, from: z.enum(['last_position', 'home', 'first_stop']) }),
  stops: z.array(RouteStop),
  /** Driving only; waiting_minutes is time at stops reached before their window opens (a slot far ahead), apart. */
  travel_minutes: z.number().int().min(0),
  waiting_minutes: z.number().int().min(0),
  service_minutes: z.number().int().min(0),
  /** From now to leaving the last stop: travel + waiting + service (each rounded on its own). */
  total_minutes: z.number().int().min(0),
  /** Every window met and the vehicle's capacity never exceeded. */
  feasible: z.boolean(),
});
export type CourierRoute = z.infer<typeof CourierRoute>;

export const deliveryRouteRoutes = {
  getMyRoute: defineRoute({
    id: 'getMyRoute',
    method: 'GET',
    path: '/api/v1/couriers/me/route',
    summary: '我的配送路线：手上任务的取件和送达按顺序排好，附时段和预计到达时间',
    tag: 'delivery',
    access: { kind: 'user', roles: ['courier', 'admin'] },
    query: z.strictObject({ vehicle: DeliveryVehicle.default('ebike') }),
    response: CourierRoute,
  }),
};
