import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { routes, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { useOperatorScope } from '../lib/commerce';

export type Hidden = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: Product[]; more: boolean };
export type Found =
  { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; q: string; items: Product[] };

/** The hidden products of the community (reloaded on pull-down), the search for one to hide, and what was last done. */
export function useProducts() {
  const { scope, reload: reloadScope } = useOperatorScope();
  const community_id = scope.kind === 'ready' ? scope.community_id : null;
  const [hidden, setHidden] = useState<Hidden>({ kind: 'loading' });
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found>({ kind: 'idle' });
  const [done, setDone] = useState<string | null>(null);

  const loadHidden = useCallback(async (cid: string) => {
    try {
      const page = await call(routes.listHiddenProducts, { params: { community_id: cid }, query: { limit: 100 } });
      setHidden({ kind: 'ready', items: page.items, more: !!page.next_cursor });
    } catch (e) {
      setHidden({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useEffect(() => {
    if (community_id) void loadHidden(community_id);
  }, [community_id, loadHidden]);
  usePullDownRefresh(() => {
    if (community_id) void loadHidden(community_id);
  });

  async function search() {
    if (!community_id) return;
    const words = q.trim();
    if (!words) return setFound({ kind: 'error', message: '请输入商品名称、商家或产地' });
    setFound({ kind: 'loading' });
    try {
      const page = await call(routes.searchProducts, { query: { community_id, q: words.slice(0, 40), limit: 20 } });
      setFound({ kind: 'ready', q: words, items: page.items });
    } catch (e) {
      setFound({ kind: 'error', message: errorMessage(e) });
    }
  }

  async function unhide(p: Product) {
    try {
      const next = await call(routes.unhideProduct, { params: { product_id: p.id }, body: {} });
      setHidden((h) => (h.kind === 'ready' ? { ...h, items: h.items.filter((x) => x.id !== p.id) } : h));
      setDone(`「${next.name}」已取消隐藏`);
    } catch (e) {
      setDone(null);
      setHidden({ kind: 'error', message: errorMessage(e) });
    }
  }

  /** A found product was hidden: it moves from the search to the top of the hidden list. */
  function hid(p: Product, next: Product) {
    setFound((f) => (f.kind === 'ready' ? { ...f, items: f.items.filter((x) => x.id !== p.id) } : f));
    setHidden((h) => (h.kind === 'ready' ? { ...h, items: [next, ...h.items] } : h));
    setDone(`「${next.name}」已隐藏，居民看不到了`);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  }

  return { scope, reloadScope, hidden, loadHidden, q, setQ, found, search, done, unhide, hid };
}

export type ProductsPage = ReturnType<typeof useProducts>;
