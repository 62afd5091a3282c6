import { useCallback, useEffect, useState } from 'react';
import { routes, type Community } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { fieldErrors } from '../../commerce/lib';

/** The signed-in person's community (village of a farmer, place of a buyer): the default origin or delivery place. */
export async function myCommunity(): Promise<Community | null> {
  const me = await call(routes.getMe, {});
  return me.community_id ? call(routes.getCommunity, { params: { community_id: me.community_id } }) : null;
}

/** Messages of a form page: what was done, what failed, per-field errors, which button is busy. */
export function useMessages() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** Runs one request with its button busy; a failure shows its words (and the field errors of a 400). */
  const run = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    setDone(null);
    try {
      await work();
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return { errors, setErrors, error, setError, done, setDone, busy, run };
}

export type Loaded<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: T };

/** Loads once (and again on reload): loading, error with words, or the data. */
export function useLoaded<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const reload = useCallback(async (quiet = false) => {
    if (!quiet) setState({ kind: 'loading' });
    try {
      setState({ kind: 'ready', data: await load() });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { state, setState, reload };
}
