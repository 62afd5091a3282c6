import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, type Call } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { stamp } from '../../calls-common/lib';
import { loadNames, operatorMe, scopeOf } from '../lib/scope';

export type Tab = 'active' | 'closed';
export type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'no-community' }
  | { kind: 'ready'; community_id: string; active: Call[]; closed: Call[] };

/** Emergencies first, then the nearest SLA deadline (acknowledge while open, resolve after): as the API orders it, kept while the page re-sorts nothing else. */
function queueOrder(a: Call, b: Call): number {
  return (
    (a.priority === 'emergency' ? 0 : 1) - (b.priority === 'emergency' ? 0 : 1) || a.expected_datetime.localeCompare(b.expected_datetime)
  );
}

/** The API orders the open queue (emergencies, then the SLA deadline); the closed ones newest first. */
async function fetchQueue(community_id: string): Promise<{ active: Call[]; closed: Call[] }> {
  const params = { community_id };
  const [active, closed] = await Promise.all([
    call(routes.listCommunityCalls, { params, query: { state: 'open', limit: 100 } }),
    call(routes.listCommunityCalls, { params, query: { state: 'closed', limit: 30 } }),
  ]);
  return {
    active: stamp(active.items).sort(queueOrder),
    closed: closed.items.sort((a, b) => b.updated_at.localeCompare(a.updated_at)),
  };
}

/** The queue of the operator's community, reloaded on show, pull-down and (at most every 300 ms) on call events; a clock for the countdowns. */
export function useQueue() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [tab, setTab] = useState<Tab>('active');
  const [now, setNow] = useState(Date.now());
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const me = await operatorMe();
      const community_id = scopeOf(me);
      if (!community_id) return setState({ kind: 'no-community' });
      const [queue] = await Promise.all([fetchQueue(community_id), loadNames(community_id).catch(() => null)]);
      setState({ kind: 'ready', community_id, ...queue });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(t);
      if (reloadTimer.current) clearTimeout(reloadTimer.current);
    };
  }, []);
  // Calls change under us: reload (at most every 300 ms) on each event.
  const onEvent = useCallback(
    (e: { type: string }) => {
      if (e.type !== 'ready' && !e.type.startsWith('call.')) return;
      if (reloadTimer.current) return;
      reloadTimer.current = setTimeout(() => {
        reloadTimer.current = null;
        void load();
      }, 300);
    },
    [load],
  );
  return { state, tab, setTab, now, load, onEvent };
}
