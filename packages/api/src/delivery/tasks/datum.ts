/**
 * WGS-84 → GCJ-02, the published (GB/T mainland China) offset that every Chinese map and the mini-program's
 * getLocation({ type: 'gcj02' }) use. Stored positions are GCJ-02 like the demo places, so a fix the H5 build takes in
 * WGS-84 (the browser has no GCJ-02) is converted here before it is compared, kept or shown. Outside mainland China no
 * offset applies. Constants: the Krasovsky 1940 ellipsoid's semi-major axis and eccentricity², as published.
 */
const A_M = 6_378_245.0;
const EE = 0.006_693_421_622_965_943;

export type Datum = 'wgs84' | 'gcj02';

/** A rough box around mainland China (the transform is defined only there). */
const outOfChina = (lat: number, lng: number) => lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function offsetLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

export function wgs84ToGcj02(p: { lat: number; lng: number }): { lat: number; lng: number } {
  if (outOfChina(p.lat, p.lng)) return { lat: p.lat, lng: p.lng };
  const radLat = (p.lat / 180) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(p.lng - 105, p.lat - 35) * 180) / (((A_M * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (offsetLng(p.lng - 105, p.lat - 35) * 180) / ((A_M / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

/** A reported position in the stored datum (GCJ-02). */
export const toStoredDatum = (p: { lat: number; lng: number }, coord: Datum) =>
  coord === 'wgs84' ? wgs84ToGcj02(p) : { lat: p.lat, lng: p.lng };
