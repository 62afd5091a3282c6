import type { LatLngDoc } from './models';

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function haversineM(a: LatLngDoc, b: LatLngDoc): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The lat/lng box around `at` that holds every point within `radius_m` (for the indexed query before haversine). */
export function boxAround(at: LatLngDoc, radius_m: number): { lat: [number, number]; lng: [number, number] } {
  const dLat = (radius_m / EARTH_RADIUS_M) * (180 / Math.PI);
  const cos = Math.max(0.01, Math.cos(rad(at.lat)));
  const dLng = dLat / cos;
  return { lat: [at.lat - dLat, at.lat + dLat], lng: [at.lng - dLng, at.lng + dLng] };
}
