import { useCallback, useEffect, useState } from 'react';
import { ApiError, routes, type FamilyLinkRequest } from '@cc/shared';
import { call, errorMessage, isCardSessionOver, isUnauthorized } from '../../api';
import { PAGES, goSetup, replace } from '../../nav';
import { cardSession, setCardSession } from '../../session';

export const PIN_LENGTH = 6;

export type FamilyState =
  { kind: 'loading' } | { kind: 'error'; message: string; sessionOver: boolean } | { kind: 'ready'; links: FamilyLinkRequest[] };

/** Who the link is with, as written and said: 您的女儿 王小红. */
export const whoWords = (l: FamilyLinkRequest) => `您的${l.relation}${l.family_name}`;

/**
 * 我的家人: the family members linked to the card holder (who may shop for her), and ending one of those links with the
 * PIN. Ending a link also cancels the orders that family member placed and that still wait for her (the API does it).
 */
export function useFamily() {
  const [state, setState] = useState<FamilyState>({ kind: 'loading' });
  /** The link whose ending waits for the PIN. */
  const [ending, setEnding] = useState<FamilyLinkRequest | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [trouble, setTrouble] = useState<string | null>(null);

  const stop = useCallback((e: unknown) => {
    if (isUnauthorized(e)) return goSetup('invalid');
    const sessionOver = isCardSessionOver(e);
    if (sessionOver) setCardSession(null);
    setState({ kind: 'error', message: errorMessage(e), sessionOver });
  }, []);

  const load = useCallback(async () => {
    if (!cardSession()) return replace(`${PAGES.card}?next=family`);
    try {
      setState({ kind: 'ready', links: (await call(routes.kioskListLinkedFamily, {})).items });
    } catch (e) {
      stop(e);
    }
  }, [stop]);

  useEffect(() => {
    void load();
  }, [load]);

  const pick = useCallback((link: FamilyLinkRequest | null) => {
    setEnding(link);
    setPin('');
    setTrouble(null);
    if (link) setDone(null);
  }, []);

  const confirm = useCallback(async () => {
    if (!ending || pin.length !== PIN_LENGTH || busy) return;
    setBusy(true);
    try {
      await call(routes.kioskRevokeFamilyLink, { params: { link_id: ending.id }, body: { pin } });
      setDone(`已解除与${whoWords(ending)}的关联，${ending.family_name}不能再为您下单`);
      setEnding(null);
      await load();
    } catch (e) {
      // A wrong PIN (or a link ended meanwhile) is said here, on the PIN pad; the rest ends the screen.
      if (e instanceof ApiError && e.status < 500 && !isCardSessionOver(e) && !isUnauthorized(e)) setTrouble(errorMessage(e));
      else stop(e);
    } finally {
      setBusy(false);
      setPin('');
    }
  }, [ending, pin, busy, load, stop]);

  return {
    state,
    ending,
    filled: pin.length,
    busy,
    done,
    trouble,
    pick,
    press: (d: string) => setPin((p) => (p.length < PIN_LENGTH ? p + d : p)),
    erase: () => setPin((p) => p.slice(0, -1)),
    confirm: () => void confirm(),
    retry: load,
  };
}
export type Family = ReturnType<typeof useFamily>;
