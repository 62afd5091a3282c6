import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Rate, Tag } from '@nutui/nutui-react-taro';
import { ShieldCheck } from '@nutui/icons-react-taro';
import { routes, type MerchantPublic, type Product, type Review } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { ProductCard } from '../components';
import { MERCHANT_KIND_NAMES, pageParam, when } from '../lib';
import { useOffers } from '../offers';
import { usePaged } from '../../commerce/lib';
import '../shop.css';
import { EmptyView, ErrorView, Fact, LoadingView, MoreLine, Notice } from '../../ui';

type Head = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; merchant: MerchantPublic; serves: boolean };
type Reviews = { items: Review[]; rating_average: number | null; rating_count: number };

/** 店铺页: who sells, where it comes from, whom it delivers to, and what is on sale for this community. */
export default function SellerPage() {
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

  if (head.kind === 'error' || state.kind === 'error')
    return (
      <View className="page">
        <ErrorView
          message={head.kind === 'error' ? head.message : state.kind === 'error' ? state.message : ''}
          onRetry={() => void load()}
        />
      </View>
    );
  if (head.kind === 'loading' || state.kind === 'loading') return <LoadingView />;

  const m = head.merchant;
  return (
    <View className="page shop-seller">
      <View className="shop-card shop-seller__head">
        <View className="shop-seller__title-row">
          <Text className="shop-seller__name">{m.name}</Text>
          <Tag type="success" plain className="shop-seller__kind">
            {MERCHANT_KIND_NAMES[m.kind]}
          </Tag>
        </View>
        {m.verified && (
          <View className="shop-seller__verified">
            <ShieldCheck size={14} color="#0b6e4f" />
            <Text>已通过实名认证</Text>
          </View>
        )}
        {m.description && <Text className="shop-seller__desc">{m.description}</Text>}
        {m.origin_village && (
          <Fact label="产地">
            <Text>{m.origin_village}</Text>
          </Fact>
        )}
        <Fact label="联系人">
          <Text>
            {m.contact_name} {m.contact_phone_masked}
          </Text>
        </Fact>
        <Fact label="配送范围">
          <Text>{m.serves_community_ids.length} 个社区或村</Text>
        </Fact>
        <Fact label="评分" className="shop-seller__rating">
          <Text>
            {reviews && reviews.rating_average !== null
              ? `${reviews.rating_average.toFixed(1)} 分（${reviews.rating_count} 条评价）`
              : '暂无评价'}
          </Text>
        </Fact>
      </View>
      {reviews && reviews.items.length > 0 && (
        <View className="shop-card shop-seller__reviews">
          <Text className="shop-card__title">买家评价</Text>
          {reviews.items.map((r) => (
            <View key={r.id} className="review-item">
              <View className="review-item__head">
                <View className="review-stars">
                  <Rate count={5} value={r.rating} readOnly />
                  <Text>{r.buyer_nickname}</Text>
                </View>
                <Text>{when(r.created_at)}</Text>
              </View>
              {r.text && <Text className="review-item__text">{r.text}</Text>}
            </View>
          ))}
        </View>
      )}
      {!head.serves && (
        <Notice tone="warning" title="不配送到您所在的社区">
          <Text>这家店目前不给您所在的社区或村供货，所以不显示它的商品。可以在商城首页切换社区。</Text>
        </Notice>
      )}
      {head.serves && (
        <>
          <View className="section-title">
            <Text>在售商品</Text>
          </View>
          {state.items.length === 0 ? (
            <EmptyView title="店里暂时没有在售商品" description="商家上架后会显示在这里" />
          ) : (
            <View className="shop-list">
              {state.items.map((p) => (
                <ProductCard key={p.id} product={p} offer={offers.get(p.id)} />
              ))}
              <MoreLine more={state.more} next={state.next} />
            </View>
          )}
        </>
      )}
    </View>
  );
}
