/** Times are stored in UTC; slots and business days are in Asia/Shanghai (UTC+8, no daylight saving). */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function shifted(date: Date): Date {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS);
}

/** Calendar date in Shanghai, "YYYY-MM-DD". */
export function shanghaiDate(date: Date): string {
  return shifted(date).toISOString().slice(0, 10);
}

/** Wall-clock time in Shanghai, "HH:MM". */
export function shanghaiTime(date: Date): string {
  return shifted(date).toISOString().slice(11, 16);
}

/** ISO weekday in Shanghai, 1 = Monday … 7 = Sunday. */
export function shanghaiWeekday(date: Date): number {
  const d = shifted(date).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The UTC instant of a Shanghai wall-clock time: ("2026-11-29", "08:30") → 2026-11-29T00:30:00Z */
export function fromShanghai(dateYmd: string, timeHm: string): Date {
  const ms = Date.parse(`${dateYmd}T${timeHm}:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`bad Shanghai date/time: ${dateYmd} ${timeHm}`);
  return new Date(ms - SHANGHAI_OFFSET_MS);
}

/** "YYYY-MM-DD" that is a real calendar date (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** An instant as W3C/ISO 8601 with the Shanghai offset: 2026-11-29T08:30:00+08:00 (Open311 responses). */
export function toShanghaiIso(date: Date): string {
  return `${shifted(date).toISOString().slice(0, 19)}+08:00`;
}
