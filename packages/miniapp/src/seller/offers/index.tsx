import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { EmptyView, ErrorView, LoadingView } from '../../ui';
import { Notice } from '../../ui';
import { NoShop } from '../lib/NoShop';
import { OfferFields, OfferList, OfferTimes, ProductChoice } from './sections';
import { useOffers, type OffersPage } from './useOffers';
import '../lib/seller.css';

/** 新建活动: the product, the offer's terms and times, and the button. */
function NewOffer({ s }: { s: OffersPage }) {
  if (s.load.kind !== 'ready' || s.load.products.length === 0)
    return <EmptyView title="没有在售的商品" description="商品上架后才能做活动" />;
  return (
    <View className="biz-form seller-offer-form" data-testid="seller-offer-form">
      <ProductChoice s={s} />
      <OfferFields s={s} />
      <OfferTimes s={s} />
      <Button
        type="primary"
        size="large"
        block
        className="offer-submit"
        data-testid="offer-submit"
        loading={s.busy}
        disabled={s.busy}
        onClick={() => void s.create()}
      >
        创建活动
      </Button>
    </View>
  );
}

/** 限时活动: a limited quantity at a lower price between two times, with a per-person limit (flash sale or group buy). */
export default function SellerOffers() {
  const s = useOffers();
  const { shopState, load } = s;
  if (shopState.kind === 'loading' || (shopState.kind === 'ready' && load.kind === 'loading')) return <LoadingView />;
  if (shopState.kind !== 'ready') return <NoShop state={shopState} onRetry={() => void s.reloadShop()} />;
  if (load.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView message={load.kind === 'error' ? load.message : '正在加载…'} onRetry={() => void s.fetchAll(shopState.shop)} />
      </View>
    );
  return (
    <View className="page seller-offers" data-testid="seller-offers">
      {s.done && (
        <Notice tone="ok" className="seller-offers__done">
          <Text data-testid="seller-offers-done">{s.done}</Text>
        </Notice>
      )}
      <View className="section-title">
        <Text>进行中和即将开始</Text>
      </View>
      <OfferList offers={load.offers} products={load.products} />
      <View className="section-title">
        <Text>新建活动</Text>
      </View>
      {s.error && (
        <Notice tone="danger" className="seller-offers__error">
          <Text>{s.error}</Text>
        </Notice>
      )}
      <NewOffer s={s} />
      <Text className="biz-hint seller-offers__note">
        活动价只在活动时间内、数量没卖完时有效，每人不能超过限购；抢购的人再多也不会超卖。只有在售商品能做活动。
      </Text>
    </View>
  );
}
