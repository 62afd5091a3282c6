import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, type Category, type Community, type Me, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { SHOP_PAGES } from '../lib';
import { useOffers } from '../offers';

export type Ready = {
  kind: 'ready';
  me: Me;
  community: Community;
  categories: Category[];
  local: Product[];
  popular: Product[];
  cartCount: number;
};
export type HomeState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'no-community'; me: Me } | Ready;
export type Picker = { open: boolean; items: Community[] | null; error: string | null; busy: string | null };

/** Farmers' and co-ops' produce, alternating, so both kinds of local seller show up in the strip. */
function interleave(a: Product[], b: Product[]): Product[] {
  const out: Product[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]) out.push(a[i]!);
    if (b[i]) out.push(b[i]!);
  }
  return out;
}

/** The home of the person's community: its categories, local produce, what is bought most, and the cart's count. */
async function fetchHome(): Promise<Exclude<HomeState, { kind: 'loading' } | { kind: 'error' }>> {
  const me = await call(routes.getMe, {});
  if (!me.community_id) return { kind: 'no-community', me };
  const community_id = me.community_id;
  const search = (q: Partial<{ merchant_kind: 'farmer' | 'coop'; sort: 'newest' | 'sales' }>, limit: number) =>
    call(routes.searchProducts, { query: { community_id, limit, in_stock: 'true', sort: q.sort ?? 'newest', ...q } });
  const [community, categories, farmers, coops, popular, cart] = await Promise.all([
    call(routes.getCommunity, { params: { community_id } }),
    call(routes.listCategories, {}),
    search({ merchant_kind: 'farmer' }, 6),
    search({ merchant_kind: 'coop' }, 6),
    search({ sort: 'sales' }, 6),
    call(routes.getCart, {}),
  ]);
  return {
    kind: 'ready',
    me,
    community,
    categories: categories.items.filter((c) => c.parent_id === null).sort((a, b) => a.order - b.order),
    local: interleave(farmers.items, coops.items).filter((p) => p.origin_village),
    popular: popular.items,
    cartCount: cart.lines.reduce((n, l) => n + l.quantity, 0),
  };
}

/** 社区商城 home's state: the page's data, the community picker, the search text, the offers for the badges. */
export function useShopHome() {
  const [state, setState] = useState<HomeState>({ kind: 'loading' });
  const [picker, setPicker] = useState<Picker>({ open: false, items: null, error: null, busy: null });
  const [query, setQuery] = useState('');
  const offers = useOffers(state.kind === 'ready' ? state.community.id : null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState(await fetchHome());
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  async function openPicker() {
    setPicker((p) => ({ ...p, open: true, error: null }));
    if (picker.items) return;
    try {
      const page = await call(routes.listCommunities, { query: { limit: 100 } });
      setPicker((p) => ({ ...p, items: page.items }));
    } catch (e) {
      setPicker((p) => ({ ...p, error: errorMessage(e) }));
    }
  }
  const closePicker = () => setPicker((p) => ({ ...p, open: false }));

  async function switchTo(c: Community) {
    setPicker((p) => ({ ...p, busy: c.id, error: null }));
    try {
      await call(routes.updateMe, { body: { community_id: c.id } });
      setPicker((p) => ({ ...p, open: false, busy: null }));
      setState({ kind: 'loading' });
      await load();
    } catch (e) {
      setPicker((p) => ({ ...p, busy: null, error: errorMessage(e) }));
    }
  }

  function search(q: string) {
    const text = q.trim();
    if (!text) return;
    void Taro.navigateTo({ url: `${SHOP_PAGES.list}?q=${encodeURIComponent(text)}` });
  }

  return { state, load, picker, openPicker, closePicker, switchTo, query, setQuery, search, offers };
}
export type HomeModel = ReturnType<typeof useShopHome>;
