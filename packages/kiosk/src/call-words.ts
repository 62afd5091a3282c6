import { shanghaiDate, shanghaiTime } from '@cc/shared';

// Words for the call screens, written and spoken (plain functions: the e2e tests import them too).

/** When the station will have answered by (the call's expected_datetime), written and spoken, Asia/Shanghai. */
export function expectedBy(iso: string | null | undefined, now = new Date()): { text: string; spoken: string } | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const [hh, mm] = shanghaiTime(d).split(':');
  const time = shanghaiTime(d);
  const spokenTime = `${Number(hh)}点${mm === '00' ? '整' : `${Number(mm)}分`}`;
  if (shanghaiDate(d) === shanghaiDate(now)) return { text: `今天 ${time}`, spoken: `今天${spokenTime}` };
  const [, m, day] = shanghaiDate(d).split('-');
  const date = `${Number(m)}月${Number(day)}日`;
  return { text: `${date} ${time}`, spoken: `${date}${spokenTime}` };
}

/** A phone number read digit by digit, the area code apart: 0571-96345 → "0 5 7 1，9 6 3 4 5". */
export function spokenPhone(phone: string): string {
  return phone
    .split('-')
    .map((part) => part.split('').join(' '))
    .join('，');
}
