import { useCallback, useEffect, useState } from 'react';
import { routes, type KioskReorderCard, type KioskShop } from '@cc/shared';
import { call, errorMessage, isCardSessionOver, isUnauthorized } from '../../../api';
import { cardUrl, go, goSetup, PAGES, replace } from '../../../nav';
import { cardSession, setCardSession } from '../../../session';
import { pendingOf, startPending } from '../pending';
import { rememberShop } from '../store';

export type ShopState = { kind: 'loading' } | { kind: 'error'; message: string; sessionOver: boolean } | { kind: 'ready'; shop: KioskShop };

/**
 * 买菜: the card holder's shop. A payment this terminal left unsure for her (a drop, a reload, a logout) is taken up
 * first, with its own keys, before anything new can be bought.
 */
export function useShop() {
  const [state, setState] = useState<ShopState>({ kind: 'loading' });

  const load = useCallback(async () => {
    if (!cardSession()) return replace(cardUrl('shop'));
    try {
      const shop = await call(routes.kioskShop, {});
      rememberShop(shop);
      if (pendingOf(shop.holder_id)) return replace(PAGES.shopPay);
      setState({ kind: 'ready', shop });
    } catch (e) {
      if (isUnauthorized(e)) return goSetup('invalid');
      const sessionOver = isCardSessionOver(e);
      if (sessionOver) setCardSession(null);
      setState({ kind: 'error', message: errorMessage(e), sessionOver });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  /** 再买一次: the keys are made and kept before the order is sent (pending.ts), then the payment screen. */
  const reorder = useCallback(
    (card: KioskReorderCard) => {
      if (state.kind !== 'ready' || !state.shop.delivery) return;
      const { shop } = state;
      const body = { order_id: card.order_id, delivery: shop.delivery!.choice, expected_total_fen: card.total_fen };
      startPending(shop.holder_id, { kind: 'reorder', body });
      go(PAGES.shopPay);
    },
    [state],
  );

  return { state, reorder, retry: load };
}
