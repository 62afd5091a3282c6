import { useCallback, useEffect, useState } from 'react';
import type { Call } from '@cc/shared';
import { errorMessage } from '../api';
import { useRealtime } from '../realtime';
import { usePageLoad, type PageLoad } from '../ui';

export type CallState<X> = PageLoad<{ call: Call } & X>;

/**
 * One call's page, for each role that opens it (the resident's 呼叫详情, the provider's 服务单, the operator's call):
 * `fetch` reads the call and what the role shows with it; it reloads on show, on pull-down, on the real-time channel's
 * events of this call and on every reconnection. `tick_ms` is how often the clock of the SLA countdowns moves.
 */
export function useCallLoad<X extends object>(id: string, fetch: () => Promise<{ call: Call } & X>, tick_ms: number) {
  const { state, setState, load } = usePageLoad<{ call: Call } & X>(id, fetch);
  const [now, setNow] = useState(Date.now());
  useRealtime((e) => {
    if (e.type === 'ready' || e.call_id === id) void load();
  });
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), tick_ms);
    return () => clearInterval(t);
  }, [tick_ms]);
  /** The call as an action returned it, shown at once. */
  const update = useCallback((next: Call) => setState((s) => (s.kind === 'ready' ? { ...s, call: next } : s)), []);
  return { state, load, now, update };
}

/**
 * One action on the call at a time (provider, operator): busy while it runs, the call it returns shown at once, then
 * `after` (close the form, reload what follows the new status) and the words of what was done; or the failure.
 */
export function useCallAction(update: (c: Call) => void, after: () => void, firstDone: string | null = null) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(firstDone);
  const act = async (work: () => Promise<Call>, message: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      update(await work());
      after();
      setDone(message);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, done, act };
}
