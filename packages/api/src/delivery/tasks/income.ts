import { shanghaiDate, type CourierEarnings } from '@cc/shared';
import type { UserActor } from '../../platform/actor';
import type { TaskCtx } from './context';
import { PAID_AT } from './earnings';
import type { DeliveryTaskDoc } from './models';

const DAY_MS = 86_400_000;
type Row = Pick<DeliveryTaskDoc, 'fee_fen' | 'fee_paid' | 'history'>;

/** When the courier's part ended: the first step into a status that pays the fee (a later kiosk 取件 is the buyer's). */
const finishedAt = (t: Row) => t.history.find((h) => PAID_AT.includes(h.to))?.at ?? null;

/**
 * 我的收入, summed here over all of the courier's finished tasks. The filter `{courier_id, status}` is exactly the
 * tasks' `{courier_id: 1, status: 1}` index (the embedded server uses an index only then), and only the fee, the paid
 * flag and the history are read: the cost grows with the courier's own finished tasks, not with the collection.
 */
export async function myEarnings(C: TaskCtx, actor: UserActor, q: { days: number }, now = new Date()): Promise<CourierEarnings> {
  const rows = await C.models.Task.find(
    { courier_id: actor.user_id, status: { $in: PAID_AT } },
    { fee_fen: 1, fee_paid: 1, history: 1 },
  ).lean<Row[]>();
  const today = shanghaiDate(now);
  const since = shanghaiDate(new Date(now.getTime() - (q.days - 1) * DAY_MS));
  const byDay = new Map<string, { count: number; total_fen: number }>();
  let [total_fen, paid_fen] = [0, 0];
  for (const t of rows) {
    total_fen += t.fee_fen;
    if (t.fee_paid) paid_fen += t.fee_fen;
    const at = finishedAt(t);
    const date = at ? shanghaiDate(at) : null;
    if (!date || date < since) continue;
    const day = byDay.get(date) ?? { count: 0, total_fen: 0 };
    byDay.set(date, { count: day.count + 1, total_fen: day.total_fen + t.fee_fen });
  }
  const days = [...byDay.entries()].sort(([a], [b]) => b.localeCompare(a)).map(([date, d]) => ({ date, ...d }));
  return { total_fen, paid_fen, pending_fen: total_fen - paid_fen, count: rows.length, today_fen: byDay.get(today)?.total_fen ?? 0, days };
}
