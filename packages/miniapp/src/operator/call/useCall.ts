import { useState } from 'react';
import Taro from '@tarojs/taro';
import { routes, type Call, type Service, type UserSummary } from '@cc/shared';
import { call } from '../../api';
import { useCallAction, useCallLoad, type CallState } from '../../calls-common/useCallLoad';
import { CALL_PAGES, OPEN_STATUSES, pageParam, stamp } from '../../calls-common/lib';
import { loadNames } from '../lib/scope';

export type Provider = { user_id: string; skills: string[]; open_calls: number; rating_average: number | null; rating_count: number };
type Extra = {
  service: Service | null;
  services: Service[];
  users: Map<string, UserSummary>;
  providers: Provider[];
  /** Other open calls of the same resident: what this one may duplicate. */
  siblings: Call[];
};
export type State = CallState<Extra>;
export type Ready = Extract<State, { kind: 'ready' }>;
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
async function fetchCall(id: string): Promise<{ call: Call } & Extra> {
  const [c] = stamp([await call(routes.getCall, { params: { call_id: id }, query: {} })]) as [Call];
  const params = { community_id: c.community_id };
  const [services, users, providers, siblings] = await Promise.all([
    call(routes.listServices, { params, query: {} }).then((r) => r.items),
    loadNames(c.community_id, true),
    OPEN_STATUSES.includes(c.status) ? call(routes.listProviders, { params, query: {} }).then((r) => r.items) : Promise.resolve([]),
    ['open', 'acknowledged'].includes(c.status) ? openCallsOf(c.community_id, c.requester_id, c.kiosk_id, c.id) : Promise.resolve([]),
  ]);
  const service = services.find((s) => s.service_code === c.service_code) ?? null;
  return { call: c, service, services, users, providers, siblings };
}

/** The page's state: the call (reloaded on show, pull-down and its own events), the open form, and each action. */
export function useCall() {
  const id = pageParam('id') ?? '';
  const justCreated = pageParam('created') === '1';
  const { state, load, now, update } = useCallLoad(id, () => fetchCall(id), 1000);
  const [mode, setMode] = useState<Mode>('none');
  const [pick, setPick] = useState<string>('auto');
  const [dupOf, setDupOf] = useState<string | null>(null);
  // After an action the page reloads: the providers and the siblings follow the call's new status.
  const after = () => {
    setMode('none');
    void load();
  };
  const { busy, error, done, act } = useCallAction(update, after, justCreated ? '已代居民发起呼叫' : null);

  return { state, now, mode, setMode, pick, setPick, dupOf, setDupOf, busy, error, done, load, act };
}

export type CallPage = ReturnType<typeof useCall>;
