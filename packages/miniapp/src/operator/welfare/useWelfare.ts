import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, type UserSummary, type WelfareResident } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { directory, operatorMe, scopeOf } from '../lib/scope';

export type WelfareState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'no-community' }
  | { kind: 'ready'; community_id: string; residents: WelfareResident[] };

/** What was typed, as the people search takes it: 4 or 11 digits are a phone number, anything else part of a nickname. */
function peopleQuery(community_id: string, text: string) {
  const t = text.trim();
  const byPhone = /^(\d{4}|1\d{10})$/.test(t);
  return { community_id, role: 'resident' as const, limit: 20, ...(t ? (byPhone ? { phone: t } : { q: t.slice(0, 20) }) : {}) };
}

/**
 * 独居老人名单 of the operator's community: the register (names from the community's people), a search of its residents
 * to add one with a note, and removal. Each change reloads the register as the API keeps it.
 */
export function useWelfare() {
  const [state, setState] = useState<WelfareState>({ kind: 'loading' });
  const [people, setPeople] = useState<Map<string, UserSummary>>(new Map());
  const [found, setFound] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const community_id = scopeOf(await operatorMe());
      if (!community_id) return setState({ kind: 'no-community' });
      const [list, users] = await Promise.all([
        call(routes.listWelfareResidents, { params: { community_id }, query: {} }),
        directory(community_id),
      ]);
      setPeople((known) => new Map([...known, ...users]));
      setState({ kind: 'ready', community_id, residents: list.items });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  const community_id = state.kind === 'ready' ? state.community_id : null;
  /** Runs one change; true when it went through. */
  const change = async (work: () => Promise<unknown>, message: string): Promise<boolean> => {
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(message);
      await load();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    }
  };
  const actions = {
    search: async (text: string) => {
      if (!community_id) return;
      setError(null);
      try {
        const items = (await call(routes.listUsers, { query: peopleQuery(community_id, text) })).items;
        setPeople((known) => new Map([...known, ...items.map((u) => [u.id, u] as const)]));
        setFound(items);
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    register: (person: UserSummary, note: string) =>
      change(async () => {
        await call(routes.registerWelfareResident, {
          params: { community_id: community_id!, user_id: person.id },
          body: note ? { note } : {},
        });
        setFound(null);
      }, `已将${person.nickname}登记为独居老人`),
    remove: (user_id: string) =>
      change(
        () => call(routes.removeWelfareResident, { params: { community_id: community_id!, user_id }, query: {} }),
        `已将${people.get(user_id)?.nickname ?? '这位居民'}移出名单`,
      ),
  };
  return { state, people, found, error, done, load, actions };
}
