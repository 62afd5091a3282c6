import { useCallback, useEffect, useState } from 'react';
import { ApiError, routes, type FamilyLinkRequest } from '@cc/shared';
import { call, errorMessage, isCardSessionOver, isUnauthorized, screenFailure } from '../../api';
import { cardUrl, replace } from '../../nav';
import { cardSession } from '../../session';

export const PIN_LENGTH = 6;

export type FamilyState =
  { kind: 'loading' } | { kind: 'error'; message: string; sessionOver: boolean } | { kind: 'ready'; links: FamilyLinkRequest[] };

/** The PIN pad for ending one link: whose, the digits so far (never kept after), and what went wrong last. */
type Pad = { link: FamilyLinkRequest; pin: string; trouble: string | null };

/** Who the link is with, as written and said: 您的女儿 王小红. */
export const whoWords = (l: FamilyLinkRequest) => `您的${l.relation}${l.family_name}`;

/** A refusal she can act on stays on the PIN pad (a wrong PIN, a link ended meanwhile); the rest ends the screen. */
const staysOnPad = (e: unknown) => e instanceof ApiError && e.status < 500 && !isCardSessionOver(e) && !isUnauthorized(e);

/**
 * 我的家人: the family members linked to the card holder (who may shop for her), and ending one of those links with the
 * PIN. Ending a link also cancels the orders that family member placed and that still wait for her (the API does it).
 */
export function useFamily() {
  const [state, setState] = useState<FamilyState>({ kind: 'loading' });
  const [pad, setPad] = useState<Pad | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!cardSession()) return replace(cardUrl('family'));
    try {
      setState({ kind: 'ready', links: (await call(routes.kioskListLinkedFamily, {})).items });
    } catch (e) {
      setState(screenFailure(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const confirm = useCallback(async () => {
    if (!pad || pad.pin.length !== PIN_LENGTH || busy) return;
    const { link, pin } = pad;
    setBusy(true);
    try {
      await call(routes.kioskRevokeFamilyLink, { params: { link_id: link.id }, body: { pin } });
      setDone(`已解除与${whoWords(link)}的关联，${link.family_name}不能再为您下单`);
      setPad(null);
      await load();
    } catch (e) {
      if (staysOnPad(e)) setPad({ link, pin: '', trouble: errorMessage(e) });
      else {
        setPad(null);
        setState(screenFailure(e));
      }
    } finally {
      setBusy(false);
    }
  }, [pad, busy, load]);

  const type = (edit: (pin: string) => string) => setPad((p) => (p ? { ...p, pin: edit(p.pin) } : p));
  return {
    state,
    ending: pad?.link ?? null,
    filled: pad?.pin.length ?? 0,
    trouble: pad?.trouble ?? null,
    busy,
    done,
    /** 解除关联 on a card opens the PIN pad for it; null (返回) closes it and keeps the link. */
    pick: (link: FamilyLinkRequest | null) => {
      setPad(link ? { link, pin: '', trouble: null } : null);
      if (link) setDone(null);
    },
    press: (d: string) => type((pin) => (pin.length < PIN_LENGTH ? pin + d : pin)),
    erase: () => type((pin) => pin.slice(0, -1)),
    confirm: () => void confirm(),
    retry: load,
  };
}
export type Family = ReturnType<typeof useFamily>;
