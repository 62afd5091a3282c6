import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { routes, type StatementEntry } from '@cc/shared';
import { call, errorMessage } from '../../api';

const PAGE_SIZE = 20;

export type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | {
      kind: 'ready';
      items: StatementEntry[];
      /** null: nothing more to load. */
      cursor: string | null;
      more: 'idle' | 'loading' | { error: string };
    };

/** 账单's pages: the first on show and pull-down, the next when the list is scrolled to its end (cursor pagination). */
export function useStatement() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const busy = useRef(false);

  const reload = useCallback(async () => {
    busy.current = true;
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const page = await call(routes.walletStatement, { query: { limit: PAGE_SIZE } });
      setState({ kind: 'ready', items: page.items, cursor: page.next_cursor, more: 'idle' });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      busy.current = false;
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (busy.current || state.kind !== 'ready' || !state.cursor) return;
    busy.current = true;
    const { cursor } = state;
    setState({ ...state, more: 'loading' });
    try {
      const page = await call(routes.walletStatement, { query: { limit: PAGE_SIZE, cursor } });
      setState((s) =>
        s.kind === 'ready' ? { kind: 'ready', items: [...s.items, ...page.items], cursor: page.next_cursor, more: 'idle' } : s,
      );
    } catch (e) {
      setState((s) => (s.kind === 'ready' ? { ...s, more: { error: errorMessage(e) } } : s));
    } finally {
      busy.current = false;
    }
  }, [state]);

  useDidShow(() => {
    void reload();
  });
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void loadMore();
  });

  return { state, reload, loadMore };
}
