import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, type Call, type Service, type UserSummary } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { CALL_PAGES, OPEN_STATUSES, pageParam, stamp } from '../../calls-common/lib';
import { loadNames } from '../lib/scope';

export type Provider = { user_id: string; skills: string[]; open_calls: number; rating_average: number | null; rating_count: number };
export type Ready = {
  kind: 'ready';
  call: Call;
  service: Service | null;
  services: Service[];
  users: Map<string, UserSummary>;
  providers: Provider[];
  /** Other open calls of the same resident: what this one may duplicate. */
  siblings: Call[];
};
export type State = { kind: 'loading' } | { kind: 'error'; message: string } | Ready;
export type Mode = 'none' | 'duplicate' | 'cancel' | 'note';

/** Back to the queue: usually the page below; opened some other way (an alert, a link), it replaces this one. */
export function backToQueue() {
  const pages = Taro.getCurrentPages();
  const below = (pages[pages.length - 2]?.route ?? '').split('?')[0]?.replace(/^\//, '');
  if (below === CALL_PAGES.queue.slice(1)) void Taro.navigateBack();
  else void Taro.redirectTo({ url: CALL_PAGES.queue });
}

async function openCallsOf(community_id: string, requester_id: string | null, kiosk_id: string | null, except: string): Promise<Call[]> {
  const page = await call(routes.listCommunityCalls, { params: { community_id }, query: { state: 'open', limit: 100 } });
  return page.items.filter(
    (c) => c.id !== except && (requester_id ? c.requester_id === requester_id : c.requester_id === null && c.kiosk_id === kiosk_id),
  );
}

/** The call with its service, the community's services, names, providers (while open) and the resident's other open calls. */
async function fetchCall(id: string): Promise<Ready> {
  const [c] = stamp([await call(routes.getCall, { params: { call_id: id }, query: {} })]) as [Call];
  const params = { community_id: c.community_id };
  const [services, users, providers, siblings] = await Promise.all([
    call(routes.listServices, { params, query: {} }).then((r) => r.items),
    loadNames(c.community_id, true),
    OPEN_STATUSES.includes(c.status) ? call(routes.listProviders, { params, query: {} }).then((r) => r.items) : Promise.resolve([]),
    ['open', 'acknowledged'].includes(c.status) ? openCallsOf(c.community_id, c.requester_id, c.kiosk_id, c.id) : Promise.resolve([]),
  ]);
  const service = services.find((s) => s.service_code === c.service_code) ?? null;
  return { kind: 'ready', call: c, service, services, users, providers, siblings };
}

/** A clock for the SLA countdowns, ticking every second. */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** The page's state: the call (reloaded on show, pull-down and its own events), the open form, and each action. */
export function useCall() {
  const id = pageParam('id') ?? '';
  const justCreated = pageParam('created') === '1';
  const [state, setState] = useState<State>({ kind: 'loading' });
  const now = useNow();
  const [mode, setMode] = useState<Mode>('none');
  const [pick, setPick] = useState<string>('auto');
  const [dupOf, setDupOf] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(justCreated ? '已代居民发起呼叫' : null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState(await fetchCall(id));
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  const onEvent = useCallback(
    (e: { type: string; call_id?: unknown }) => {
      if (e.call_id === id) void load();
    },
    [id, load],
  );

  /** One action on the call: shown at once, then the page reloads (providers, siblings follow the new status). */
  const act = async (work: () => Promise<Call>, message: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      setState((s) => (s.kind === 'ready' ? { ...s, call: next } : s));
      setMode('none');
      setDone(message);
      void load();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { state, now, mode, setMode, pick, setPick, dupOf, setDupOf, busy, error, done, load, onEvent, act };
}

export type CallPage = ReturnType<typeof useCall>;
