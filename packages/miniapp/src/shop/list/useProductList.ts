import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { routes, type Category, type Product, type ProductSort } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../lib';
import { useOffers } from '../offers';
import { usePaged } from '../../commerce/lib';

const PAGE_SIZE = 20;

/** 商品列表's state: the search words (typed and searched), category, sort, and the pages of products. */
export function useProductList() {
  const [q, setQ] = useState(() => pageParam('q') ?? '');
  const [typed, setTyped] = useState(q);
  const [category, setCategory] = useState<string>(() => pageParam('category_id') ?? '');
  const [sort, setSort] = useState<ProductSort>('newest');
  const [categories, setCategories] = useState<Category[]>([]);
  const [community, setCommunity] = useState<string | null>(null);
  const [setupError, setSetupError] = useState<string | null>(null);
  const { state, reload, more } = usePaged<Product>();
  const offers = useOffers(community);

  async function setup() {
    setSetupError(null);
    try {
      const [me, cats] = await Promise.all([call(routes.getMe, {}), call(routes.listCategories, {})]);
      setCategories(cats.items.filter((c) => c.parent_id === null).sort((a, b) => a.order - b.order));
      if (!me.community_id) setSetupError('请先在商城首页选择您所在的社区或村');
      else setCommunity(me.community_id);
    } catch (e) {
      setSetupError(errorMessage(e));
    }
  }
  useEffect(() => void setup(), []);

  // A new search, category or order starts again from the first page.
  useEffect(() => {
    if (!community) return;
    void reload((cursor) =>
      call(routes.searchProducts, {
        query: {
          community_id: community,
          limit: PAGE_SIZE,
          sort,
          ...(q ? { q } : {}),
          ...(category ? { category_id: category } : {}),
          ...(cursor ? { cursor } : {}),
        },
      }),
    );
  }, [community, q, category, sort, reload]);

  usePullDownRefresh(() => void reload(undefined, { quiet: true }).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => more());

  /** Back to every product: no words, no category. */
  function showAll() {
    setQ('');
    setTyped('');
    setCategory('');
  }

  return { q, setQ, typed, setTyped, category, setCategory, sort, setSort, categories, setupError, setup, state, reload, offers, showAll };
}
export type ListModel = ReturnType<typeof useProductList>;
