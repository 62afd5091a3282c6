import { useEffect, useState } from 'react';
import { routes, type Product, type ProductStatus } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { usePaged, useListRefresh } from '../../commerce/lib';
import { useShop } from '../lib/shop';

export type Tab = ProductStatus | 'all';
export const TABS: { value: Tab; label: string }[] = [
  { value: 'on_sale', label: '在售' },
  { value: 'draft', label: '草稿' },
  { value: 'off_sale', label: '已下架' },
  { value: 'hidden_by_operator', label: '被隐藏' },
  { value: 'all', label: '全部' },
];

/** 商品: the shop, the status tab, its products a page at a time, and the last change's message. */
export function useProducts() {
  const { state: shopState, reload: reloadShop } = useShop();
  const [tab, setTab] = useState<Tab>(() => TABS.find((t) => t.value === pageParam('status'))?.value ?? 'on_sale');
  const [done, setDone] = useState<string | null>(null);
  const { state, reload, more, patch } = usePaged<Product>();
  const shop = shopState.kind === 'ready' ? shopState.shop : null;

  useEffect(() => {
    if (!shop) return;
    setDone(null);
    void reload((cursor) =>
      call(routes.listMerchantProducts, {
        params: { merchant_id: shop.id },
        query: { limit: 20, ...(tab === 'all' ? {} : { status: tab }), ...(cursor ? { cursor } : {}) },
      }),
    );
  }, [shop?.id, tab, reload]);
  useListRefresh({ reload, more });

  const changed = (before: Product, next: Product, message: string) => {
    // Stays in 全部; leaves a status tab it no longer belongs to.
    patch(before.id, tab === 'all' || next.status === tab ? next : null, (x) => x.id);
    setDone(message);
  };

  return { shopState, reloadShop, tab, setTab, done, state, reload, changed };
}

/** 上架 / 下架 of one product, with its own busy flag and error. */
export function useToggle(p: Product, onChanged: (p: Product, message: string) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function toggle() {
    const status = p.status === 'on_sale' ? 'off_sale' : 'on_sale';
    setBusy(true);
    setError(null);
    try {
      const next = await call(routes.setProductStatus, { params: { product_id: p.id }, body: { status } });
      onChanged(next, status === 'on_sale' ? `「${p.name}」已上架` : `「${p.name}」已下架`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, toggle };
}

export type ProductsPage = ReturnType<typeof useProducts>;
