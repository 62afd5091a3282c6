import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, type Call } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { stamp } from '../../calls-common/lib';
import { useRealtime } from '../../realtime';

export type Tab = 'todo' | 'done';
export type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: Call[] };

/** Everything assigned to me, a page of 100 at a time (a provider has few at once). */
async function assigned(): Promise<Call[]> {
  const items: Call[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 3; i++) {
    const page = await call(routes.listMyCalls, { query: { view: 'assigned', limit: 100, ...(cursor ? { cursor } : {}) } });
    items.push(...page.items);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return stamp(items);
}

/** Emergencies first, then the nearest deadline. */
export const byUrgency = (a: Call, b: Call) =>
  (a.priority === 'emergency' ? 0 : 1) - (b.priority === 'emergency' ? 0 : 1) || a.expected_datetime.localeCompare(b.expected_datetime);

/** 我的服务单: my assigned calls kept fresh over the real-time channel, the tab shown, and the clock. */
export function useProviderCalls() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [tab, setTab] = useState<Tab>('todo');
  const [now, setNow] = useState(Date.now());

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState({ kind: 'ready', items: await assigned() });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  useRealtime((e) => {
    if (e.type === 'ready' || e.type.startsWith('call.')) void load();
  });
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  return { state, load, tab, setTab, now };
}
