import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../api';

export type Paged<T> =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; items: T[]; next: string | null; more: 'idle' | 'loading' | 'error' };

type Fetch<T> = (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>;

/**
 * A cursor-paginated list: `reload(fetch)` starts again from the first page (a new search, filter or tab),
 * `more()` appends the next page when the bottom is reached. Answers to an older reload are dropped, so
 * changing the filter quickly never shows the wrong list.
 */
export function usePaged<T>() {
  const [state, setState] = useState<Paged<T>>({ kind: 'loading' });
  const generation = useRef(0);
  const fetcher = useRef<Fetch<T> | null>(null);
  const busy = useRef(false);

  const reload = useCallback(async (fetch?: Fetch<T>, opts: { quiet?: boolean } = {}) => {
    if (fetch) fetcher.current = fetch;
    const f = fetcher.current;
    if (!f) return;
    const gen = ++generation.current;
    busy.current = false;
    if (!opts.quiet) setState({ kind: 'loading' });
    try {
      const page = await f(undefined);
      if (gen === generation.current) setState({ kind: 'ready', items: page.items, next: page.next_cursor, more: 'idle' });
    } catch (e) {
      if (gen === generation.current) setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);

  const more = useCallback(() => {
    const f = fetcher.current;
    if (!f || busy.current || state.kind !== 'ready' || !state.next) return;
    busy.current = true;
    const gen = generation.current;
    const cursor = state.next;
    setState({ ...state, more: 'loading' });
    f(cursor)
      .then(
        (page) => {
          if (gen !== generation.current) return;
          setState((s) =>
            s.kind === 'ready' ? { kind: 'ready', items: [...s.items, ...page.items], next: page.next_cursor, more: 'idle' } : s,
          );
        },
        () => {
          if (gen === generation.current) setState((s) => (s.kind === 'ready' ? { ...s, more: 'error' } : s));
        },
      )
      .finally(() => {
        if (gen === generation.current) busy.current = false;
      });
  }, [state]);

  return { state, reload, more };
}
