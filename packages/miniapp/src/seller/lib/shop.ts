import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { routes, type Merchant } from '@cc/shared';
import { call, errorMessage } from '../../api';

/** The shop this person last worked on (a person may own more than one: a farm and a village store). */
const KEY = 'cc.seller.merchant_id';

export function chooseShop(merchant_id: string): void {
  Taro.setStorageSync(KEY, merchant_id);
}

function chosen(shops: Merchant[]): Merchant | null {
  const id: unknown = Taro.getStorageSync(KEY);
  return shops.find((m) => m.id === id) ?? shops[0] ?? null;
}

export type ShopState =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'none' } | { kind: 'ready'; shop: Merchant; shops: Merchant[] };

/** The person's current shop, read again each time the page is shown (verification may have been decided meanwhile). */
export function useShop() {
  const [state, setState] = useState<ShopState>({ kind: 'loading' });
  const reload = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const { items } = await call(routes.listMyMerchants, {});
      const shop = chosen(items);
      setState(shop ? { kind: 'ready', shop, shops: items } : { kind: 'none' });
      return shop;
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
      return null;
    }
  }, []);
  useDidShow(() => void reload());
  return { state, reload, setShop: (shop: Merchant) => setState((s) => (s.kind === 'ready' ? { ...s, shop } : s)) };
}
