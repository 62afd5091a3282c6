import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ORDER_STATUS_WORDS } from '@cc/shared';
import { SELLER_PAGES } from '../../commerce/lib';
import { OrderRow } from '../../commerce/components';
import { TABS, useSellerOrders, type Tab } from './useSellerOrders';
import '../lib/seller.css';
import { EmptyView, ErrorView, LoadingView, MoreLine, Tabs } from '../../ui';

/** The list under the tabs: loading, failed, empty, or the orders. */
function OrderList({ s }: { s: ReturnType<typeof useSellerOrders> }) {
  const { state, tab, reload } = s;
  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error') return <ErrorView message={state.message} onRetry={() => void reload()} />;
  if (state.items.length === 0)
    return (
      <EmptyView
        title={tab === 'all' ? '还没有订单' : `没有${ORDER_STATUS_WORDS[tab].word}的订单`}
        description={tab === 'paid' ? '居民付款后，新订单会出现在这里' : undefined}
      />
    );
  return (
    <View className="seller-orders__list" data-testid="seller-orders-list">
      {state.items.map((o) => (
        <OrderRow
          key={o.id}
          order={o}
          viewer="seller"
          testid="seller-order-row"
          onClick={() => void Taro.navigateTo({ url: `${SELLER_PAGES.order}?id=${o.id}` })}
        />
      ))}
      <MoreLine more={state.more} next={state.next} />
    </View>
  );
}

/** 订单: the shop's orders by status, newest first. */
export default function SellerOrders() {
  const s = useSellerOrders();
  const shop = s.shop.state;
  if (shop.kind === 'loading') return <LoadingView />;
  if (shop.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView message={shop.kind === 'none' ? '您还没有店铺，请先登记开店' : shop.message} onRetry={() => void s.shop.reload()} />
      </View>
    );
  return (
    <View className="page seller-orders" data-testid="seller-orders">
      <Tabs<Tab> label="订单状态" tabs={TABS} value={s.tab} onChange={s.setTab} counts={s.counts} />
      <OrderList s={s} />
    </View>
  );
}
