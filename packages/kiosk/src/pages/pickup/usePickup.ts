import { useCallback, useEffect, useState } from 'react';
import { routes, type KioskParcel } from '@cc/shared';
import { call, errorMessage, isCardSessionOver, isUnauthorized } from '../../api';
import { PAGES, goSetup, replace } from '../../nav';
import { cardSession, setCardSession } from '../../session';

export type PickupState =
  { kind: 'loading' } | { kind: 'error'; message: string; sessionOver: boolean } | { kind: 'ready'; parcels: KioskParcel[] };

/** The last parcel collected on this screen: its order number, shown and read aloud as the confirmation. */
export type Collected = { order_number: string } | null;

/**
 * 取件: the parcels waiting at this kiosk's station for the signed-in card holder, and 确认取件 for one of them (the
 * card session is the proof). After each collection the list is read again, so a parcel is never offered twice.
 */
export function usePickup() {
  const [state, setState] = useState<PickupState>({ kind: 'loading' });
  const [collected, setCollected] = useState<Collected>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const fail = useCallback((e: unknown) => {
    if (isUnauthorized(e)) return goSetup('invalid');
    const sessionOver = isCardSessionOver(e);
    if (sessionOver) setCardSession(null);
    setState({ kind: 'error', message: errorMessage(e), sessionOver });
  }, []);

  const load = useCallback(async () => {
    if (!cardSession()) return replace(`${PAGES.card}?next=pickup`);
    try {
      setState({ kind: 'ready', parcels: (await call(routes.kioskListParcels, {})).items });
    } catch (e) {
      fail(e);
    }
  }, [fail]);

  useEffect(() => {
    void load();
  }, [load]);

  const collect = useCallback(
    async (task_id: string) => {
      setBusy(task_id);
      try {
        const done = await call(routes.kioskCollectParcel, { params: { task_id }, body: {} });
        setCollected({ order_number: done.order_number });
        await load();
      } catch (e) {
        fail(e);
      } finally {
        setBusy(null);
      }
    },
    [fail, load],
  );

  return { state, collected, busy, collect, retry: load };
}
