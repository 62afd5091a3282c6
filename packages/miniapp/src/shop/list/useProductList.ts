import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { routes, type Category } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../lib';
import { useOffers } from '../offers';
import { topCategories, useProductSearch } from '../useProductSearch';

/** 商品列表's state: the search words (typed and searched), category, sort, and the pages of products. */
export function useProductList() {
  const [categories, setCategories] = useState<Category[]>([]);
  const [community, setCommunity] = useState<string | null>(null);
  const [setupError, setSetupError] = useState<string | null>(null);
  const search = useProductSearch(community, { q: pageParam('q') ?? '', category_id: pageParam('category_id') ?? '' });
  const offers = useOffers(community);
  const { reload, more } = search;

  async function setup() {
    setSetupError(null);
    try {
      const [me, cats] = await Promise.all([call(routes.getMe, {}), topCategories()]);
      setCategories(cats);
      if (!me.community_id) setSetupError('请先在商城首页选择您所在的社区或村');
      else setCommunity(me.community_id);
    } catch (e) {
      setSetupError(errorMessage(e));
    }
  }
  useEffect(() => void setup(), []);

  usePullDownRefresh(() => void reload(undefined, { quiet: true }).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => more());

  return { ...search, categories, setupError, setup, offers };
}
export type ListModel = ReturnType<typeof useProductList>;
