import { View, Text } from '@tarojs/components';
import { Rate, Tag } from '@nutui/nutui-react-taro';
import { ShieldCheck } from '@nutui/icons-react-taro';
import type { MerchantPublic } from '@cc/shared';
import { EmptyView, Fact, MoreLine, Notice } from '../../ui';
import { ProductCard } from '../components';
import { MERCHANT_KIND_NAMES, when } from '../lib';
import type { Reviews, SellerModel } from './useSeller';

/** Who sells: name and kind, verified, description, origin, contact, how far it delivers, its rating. */
export function SellerHead({ merchant: m, reviews }: { merchant: MerchantPublic; reviews: Reviews | null }) {
  return (
    <View className="shop-card shop-seller__head">
      <View className="shop-seller__title-row">
        <Text className="shop-seller__name">{m.name}</Text>
        <Tag type="success" plain className="shop-seller__kind">
          {MERCHANT_KIND_NAMES[m.kind]}
        </Tag>
      </View>
      {m.verified && (
        <View className="shop-seller__verified">
          <ShieldCheck size={14} color="var(--cc-color-brand)" />
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
  );
}

/** 买家评价: the newest few, with their stars. */
export function SellerReviews({ reviews }: { reviews: Reviews | null }) {
  if (!reviews || reviews.items.length === 0) return null;
  return (
    <View className="shop-card shop-seller__reviews">
      <Text className="shop-card__title">买家评价</Text>
      {reviews.items.map((r) => (
        <View key={r.id} className="review-item">
          <View className="review-item__head cc-spread">
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
  );
}

/** 在售商品 for the person's community, or why none are shown (the shop does not deliver there). */
export function SellerProducts({ serves, m }: { serves: boolean; m: SellerModel }) {
  const { state } = m;
  if (!serves)
    return (
      <Notice tone="warning" title="不配送到您所在的社区">
        <Text>这家店目前不给您所在的社区或村供货，所以不显示它的商品。可以在商城首页切换社区。</Text>
      </Notice>
    );
  if (state.kind !== 'ready') return null;
  return (
    <>
      <View className="section-title">
        <Text>在售商品</Text>
      </View>
      {state.items.length === 0 ? (
        <EmptyView title="店里暂时没有在售商品" description="商家上架后会显示在这里" />
      ) : (
        <View className="shop-list">
          {state.items.map((p) => (
            <ProductCard key={p.id} product={p} offer={m.offers.get(p.id)} />
          ))}
          <MoreLine more={state.more} next={state.next} />
        </View>
      )}
    </>
  );
}
