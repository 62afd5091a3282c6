import { fromShanghai, shanghaiDate, shanghaiWeekday } from '@cc/shared';

const DAY_MS = 86_400_000;

/** One ISO week in Asia/Shanghai: Monday 00:00 to the next Monday 00:00 (UTC instants), and its ISO name. */
export interface ShanghaiWeek {
  /** e.g. 2026-W49 (ISO 8601: the week with the year's first Thursday is week 1). */
  week: string;
  /** Monday and Sunday, YYYY-MM-DD in Shanghai. */
  monday: string;
  sunday: string;
  start: Date;
  end: Date;
}

const addDays = (ymd: string, days: number) => new Date(Date.parse(`${ymd}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The Shanghai ISO week an instant falls in. */
export function weekOf(at: Date): ShanghaiWeek {
  const monday = addDays(shanghaiDate(at), 1 - shanghaiWeekday(at));
  // The ISO year is the year of the week's Thursday; week 1 holds January 4th.
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const jan4Monday = addDays(jan4, 1 - (((new Date(`${jan4}T00:00:00Z`).getUTCDay() + 6) % 7) + 1));
  const n = Math.round((Date.parse(`${monday}T00:00:00Z`) - Date.parse(`${jan4Monday}T00:00:00Z`)) / (7 * DAY_MS)) + 1;
  const start = fromShanghai(monday, '00:00');
  return {
    week: `${year}-W${String(n).padStart(2, '0')}`,
    monday,
    sunday: addDays(monday, 6),
    start,
    end: new Date(start.getTime() + 7 * DAY_MS),
  };
}

/** The week before the one `now` is in (the weekly job's "last week"). */
export const previousWeekOf = (now: Date): ShanghaiWeek => weekOf(new Date(weekOf(now).start.getTime() - DAY_MS));
