import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { ApiError, routes, type Merchant, type Product } from '@cc/shared';
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

/**
 * One of the shop's products, fresh. On sale and off sale ones are public (getProduct); drafts and hidden ones are
 * not, so they are looked up in the shop's own list.
 */
export async function findProduct(merchant_id: string, product_id: string): Promise<Product | null> {
  try {
    const p = await call(routes.getProduct, { params: { product_id } });
    if (p.merchant_id === merchant_id) return p;
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
  }
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await call(routes.listMerchantProducts, { params: { merchant_id }, query: { limit: 100, ...(cursor ? { cursor } : {}) } });
    const hit = page.items.find((p) => p.id === product_id);
    if (hit) return hit;
    if (!page.next_cursor) return null;
    cursor = page.next_cursor;
  }
  return null;
}
