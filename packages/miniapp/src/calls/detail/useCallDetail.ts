import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, type Call, type Service } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam, stamp } from '../../calls-common/lib';
import { useRealtime } from '../../realtime';

export type State =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; call: Call; service: Service | null; me: string };

/** 呼叫详情: the call, its service and who is looking, kept fresh; the clock for the SLA; cancelling. */
export function useCallDetail() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [now, setNow] = useState(Date.now());
  const [cancelling, setCancelling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [justCreated] = useState(() => pageParam('created') === '1');
  const id = pageParam('id') ?? '';

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const [c, me] = await Promise.all([call(routes.getCall, { params: { call_id: id }, query: {} }), call(routes.getMe, {})]);
      stamp([c]);
      const service = await call(routes.getService, {
        params: { community_id: c.community_id, service_code: c.service_code },
        query: {},
      }).catch(() => null);
      setState({ kind: 'ready', call: c, service, me: me.id });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  // Changes arrive over the real-time channel (every reconnection reloads too).
  useRealtime((e) => {
    if (e.type === 'ready' || e.call_id === id) void load();
  });
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);

  const update = (next: Call) => setState((s) => (s.kind === 'ready' ? { ...s, call: next } : s));

  async function cancel(c: Call, note: string): Promise<boolean> {
    try {
      update(await call(routes.cancelCall, { params: { call_id: c.id }, body: note ? { note } : {} }));
      setCancelling(false);
      setActionError(null);
      return true;
    } catch (e) {
      setActionError(errorMessage(e));
      return false;
    }
  }

  return { state, load, now, justCreated, cancelling, setCancelling, actionError, update, cancel };
}

export type CallDetail = ReturnType<typeof useCallDetail>;
