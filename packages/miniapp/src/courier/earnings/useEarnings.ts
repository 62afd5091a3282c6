import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, shanghaiDate, type DeliveryTask } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { deliveredAt } from '../lib/tasks';

export type Day = { date: string; total_fen: number; tasks: DeliveryTask[] };
export type Earnings = { total_fen: number; pending_fen: number; today_fen: number; count: number; days: Day[] };
export type EarningsState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; earnings: Earnings };

/** The delivered tasks' fees, by the Shanghai day they were delivered (newest first); unpaid ones are on their way. */
export function earningsOf(tasks: DeliveryTask[]): Earnings {
  const delivered = tasks.filter((t) => t.status === 'delivered' && deliveredAt(t));
  const byDay = new Map<string, DeliveryTask[]>();
  for (const t of delivered) {
    const day = shanghaiDate(new Date(deliveredAt(t)!));
    byDay.set(day, [...(byDay.get(day) ?? []), t]);
  }
  const sum = (ts: DeliveryTask[]) => ts.reduce((s, t) => s + t.fee_fen, 0);
  const days = [...byDay.entries()].sort(([a], [b]) => b.localeCompare(a)).map(([date, ts]) => ({ date, total_fen: sum(ts), tasks: ts }));
  return {
    total_fen: sum(delivered),
    pending_fen: sum(delivered.filter((t) => !t.fee_paid)),
    today_fen: byDay.has(shanghaiDate(new Date())) ? sum(byDay.get(shanghaiDate(new Date()))!) : 0,
    count: delivered.length,
    days,
  };
}

/**
 * 我的收入 from the courier's own tasks (GET couriers/me/tasks, the latest 100): each delivered task pays its fee
 * into the courier's wallet, where the statement lists the money itself.
 */
export function useEarnings() {
  const [state, setState] = useState<EarningsState>({ kind: 'loading' });
  const load = useCallback(async () => {
    try {
      setState({ kind: 'ready', earnings: earningsOf((await call(routes.listMyTasks, { query: {} })).items) });
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
