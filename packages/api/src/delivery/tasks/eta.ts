import type { DeliveryTaskStatus } from '@cc/shared';
import { haversineM } from './geo';
import type { LatLngDoc } from './models';

/**
 * Straight lines are shorter than roads: the usual detour of town and village lanes. The route planner
 * (delivery/route/) has its own factor and speeds per vehicle; when a courier's planned route is available, the ETA
 * should come from it instead — this estimate only needs the task's two places, so it works without one.
 */
export const ETA_ROAD_FACTOR = 1.3;
/** An electric bike (电动车), what most couriers ride: the speed assumed while the courier's vehicle is unknown. */
export const ETA_SPEED_KMH = 15;

export interface Arrival {
  remaining_m: number;
  eta_minutes: number;
  eta_at: Date;
}

/**
 * Remaining distance and arrival at the drop from where the courier is: through the pickup while the goods are still
 * to be collected (claimed), straight to the drop once picked up; road factor × haversine at the vehicle's speed.
 */
export function estimateArrival(
  status: DeliveryTaskStatus,
  courier: LatLngDoc,
  places: { pickup: LatLngDoc; drop: LatLngDoc },
  now: Date,
  opts: { roadFactor: number; speedKmh: number } = { roadFactor: ETA_ROAD_FACTOR, speedKmh: ETA_SPEED_KMH },
): Arrival {
  const straight_m =
    status === 'claimed' ? haversineM(courier, places.pickup) + haversineM(places.pickup, places.drop) : haversineM(courier, places.drop);
  const remaining_m = Math.round(straight_m * opts.roadFactor);
  const speed_m_per_min = (opts.speedKmh * 1000) / 60;
  // Whole minutes, rounded up: "约 1 分钟" until the courier is there, never "约 0 分钟" while still on the way.
  const eta_minutes = remaining_m === 0 ? 0 : Math.max(1, Math.ceil(remaining_m / speed_m_per_min));
  return { remaining_m, eta_minutes, eta_at: new Date(now.getTime() + eta_minutes * 60_000) };
}
