import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, shanghaiDate, type CourierEarnings, type DeliveryTask } from '@cc/shared';
import { call, errorMessage } from '../../api';

/** The days summed on the page (the server sums all time for the totals). */
export const EARNING_DAYS = 30;

export type Day = { date: string; count: number; total_fen: number; tasks: DeliveryTask[] };
export type Earnings = Omit<CourierEarnings, 'days'> & { days: Day[] };
export type EarningsState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; earnings: Earnings };

/** When the courier's part of a task ended: delivered, or left at its drop station (the fee is paid then). */
const finishedAt = (t: DeliveryTask) => t.history.find((h) => h.to === 'delivered' || h.to === 'at_station')?.at ?? null;

/** The server's totals and days, each day with the courier's tasks of that day that the task list holds. */
export function earningsOf(summary: CourierEarnings, tasks: DeliveryTask[]): Earnings {
  const byDay = new Map<string, DeliveryTask[]>();
  for (const t of tasks) {
    const at = finishedAt(t);
    if (!at) continue;
    const day = shanghaiDate(new Date(at));
    byDay.set(day, [...(byDay.get(day) ?? []), t]);
  }
  return { ...summary, days: summary.days.map((d) => ({ ...d, tasks: byDay.get(d.date) ?? [] })) };
}

/**
 * 我的收入: totals and days summed by the server (GET couriers/me/earnings), each day's tasks from the courier's
 * latest 100 (GET couriers/me/tasks); the wallet's statement lists the money itself.
 */
export function useEarnings() {
  const [state, setState] = useState<EarningsState>({ kind: 'loading' });
  const load = useCallback(async () => {
    try {
      const [summary, mine] = await Promise.all([
        call(routes.getMyEarnings, { query: { days: EARNING_DAYS } }),
        call(routes.listMyTasks, { query: {} }),
      ]);
      setState({ kind: 'ready', earnings: earningsOf(summary, mine.items) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  return { state, load };
}
