import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { errorMessage } from '../../api';

/** What a page that loads one thing shows: the spinner, the failure's words, or what it read (`S`'s fields). */
export type PageLoad<S extends object> = { kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'ready' } & S);

/**
 * One thing of a page (an order, a call, a delivery task), read each time the page is shown and on pull-down.
 * A reload keeps the page on screen; only the first load (or a retry after a failure) shows the spinner.
 * `fetch` reads only the page's id, fixed for the page's life: the id is the dependency.
 */
export function usePageLoad<S extends object>(id: string, fetch: () => Promise<S>) {
  const [state, setState] = useState<PageLoad<S>>({ kind: 'loading' });
  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState({ kind: 'ready', ...(await fetch()) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  return { state, setState, load };
}
