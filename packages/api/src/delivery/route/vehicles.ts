import type { DeliveryVehicle } from '@cc/shared';

/**
 * Vehicle profiles: average speed door to door (town traffic, lanes, stairs not included) and how many parcels fit.
 * These are defaults: planRoute takes any { speed_m_per_s, capacity }, so a deployment can pass its own.
 */
export const VEHICLES: Record<DeliveryVehicle, { speed_m_per_s: number; capacity: number }> = {
  walk: { speed_m_per_s: 1.2, capacity: 4 },
  ebike: { speed_m_per_s: 4.5, capacity: 12 },
  tricycle: { speed_m_per_s: 3.5, capacity: 30 },
  van: { speed_m_per_s: 8, capacity: 80 },
};

/** Road distance over great-circle distance in town and country lanes (a common detour factor). */
export const ROAD_FACTOR = 1.3;
