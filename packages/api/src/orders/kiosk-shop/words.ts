import { shanghaiDate } from '@cc/shared';
import type { DeliveryDoc } from '../models';

/** 今天 / 明天 / 后天, or 12月6日: how a day is said to a person at the kiosk (Shanghai days). */
export function dayWords(date: string, now = new Date()): string {
  const today = shanghaiDate(now);
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  const [, month, day] = date.split('-').map(Number);
  const named = `${month}月${day}日`;
  if (days === 0) return `今天（${named}）`;
  if (days === 1) return `明天（${named}）`;
  if (days === 2) return `后天（${named}）`;
  return named;
}

/** A slot at home, in words: 明天（3月2日）18:00–20:00 送到家：益乐新村 5 幢 201. */
export function slotWords(s: { date: string; start: string; end: string; address: string }): string {
  return `${dayWords(s.date)} ${s.start}–${s.end} 送到家：${s.address}`;
}

/** Pickup at a station, in words: 今天（3月2日）8:00–18:00 到益乐社区服务站自取. */
export function pickupWords(p: { date: string; open: string; close: string; station_name: string }): string {
  return `${dayWords(p.date)} ${p.open}–${p.close} 到${p.station_name}自取`;
}

/** An order's delivery in words (the slot key is `date/HH:MM-HH:MM`). */
export function deliveryDocWords(d: DeliveryDoc): string {
  if (d.kind === 'pickup') return pickupWords(d);
  const [date = '', window = ''] = d.slot_key.split('/');
  const [start = '', end = ''] = window.split('-');
  return slotWords({ date, start, end, address: d.address });
}
