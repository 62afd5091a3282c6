import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { routes, type MerchantPublic, type Product, type Review } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../lib';
import { useOffers } from '../offers';
import { usePaged } from '../../commerce/lib';

export type Head = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; merchant: MerchantPublic; serves: boolean };
export type Reviews = { items: Review[]; rating_average: number | null; rating_count: number };

/** 店铺页's state: the seller (and whether it serves the person's community), its reviews, its products page by page. */
export function useSeller() {
  const id = pageParam('id') ?? '';
  const [head, setHead] = useState<Head>({ kind: 'loading' });
  const { state, reload, more } = usePaged<Product>();
  const [community, setCommunity] = useState<string | null>(null);
  const offers = useOffers(community);
  const [reviews, setReviews] = useState<Reviews | null>(null);

  const load = useCallback(async () => {
    setHead((h) => (h.kind === 'ready' ? h : { kind: 'loading' }));
    try {
      const me = await call(routes.getMe, {});
      if (!me.community_id) {
        setHead({ kind: 'error', message: '请先在商城首页选择您所在的社区或村' });
        return;
      }
      const community_id = me.community_id;
      setCommunity(community_id);
      // The seller's rating and newest reviews; the page works without them.
      void call(routes.listMerchantReviews, { params: { merchant_id: id }, query: { limit: 3 } })
        .then(setReviews)
        .catch(() => undefined);
      let first = true;
      await reload(async (cursor) => {
        const page = await call(routes.getStorefront, {
          params: { merchant_id: id },
          query: { community_id, limit: 20, ...(cursor ? { cursor } : {}) },
        });
        if (first) {
          first = false;
          setHead({ kind: 'ready', merchant: page.merchant, serves: page.serves_community });
        }
        return page.products;
      });
    } catch (e) {
      setHead({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id, reload]);
  useEffect(() => void load(), [load]);
  usePullDownRefresh(() => void load());
  useReachBottom(() => more());

  return { head, state, load, offers, reviews };
}
export type SellerModel = ReturnType<typeof useSeller>;
