import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, TabPane, Tabs } from '@nutui/nutui-react-taro';
import { formatFen, routes, statusWord, type Order, type OrderStatus } from '@cc/shared';
import { call } from '../../api';
import { SHOP_PAGES, pageParam, when } from '../lib';
import { StatusTag } from '../../ui';
import { tappable } from '../../ui/tappable';
import { usePaged, useListRefresh } from '../../commerce/lib';
import '../shop.css';
import '../order/order.css';
import { EmptyView, PagedList, Thumb } from '../../ui';

/** The tabs: everything, then the statuses a buyer looks for. */
const TABS: ('all' | OrderStatus)[] = [
  'all',
  'pending_payment',
  'paid',
  'preparing',
  'out_for_delivery',
  'delivered',
  'completed',
  'refunding',
  'cancelled',
];

function deliveryLine(o: Order): string {
  if (o.delivery.kind === 'pickup')
    return `自提 · ${o.delivery.station_name} · ${o.delivery.date.slice(5)} ${o.delivery.open}–${o.delivery.close}`;
  const from = when(o.delivery.starts_at);
  return `配送 · ${from}–${when(o.delivery.ends_at).slice(-5)}`;
}

function OrderCard({ order: o }: { order: Order }) {
  const shown = o.lines.slice(0, 2);
  return (
    <View
      className="shop-card order-card"
      data-order={o.id}
      data-testid="order-card"
      {...tappable(() => void Taro.navigateTo({ url: `${SHOP_PAGES.order}?id=${o.id}` }))}
    >
      <View className="order-card__head cc-spread">
        <Text className="order-card__seller">{o.merchant_name}</Text>
        <StatusTag lifecycle="order" status={o.status} />
      </View>
      <Text className="order-number" data-testid="order-card-number">
        订单号 {o.number}
      </Text>
      {shown.map((l) => (
        <View key={l.product_id} className="order-line-row">
          <Thumb alt={l.name} size="sm" />
          <Text className="order-card__line">
            {l.name} × {l.quantity}
            {l.unit}
          </Text>
        </View>
      ))}
      {o.lines.length > 2 && <Text className="order-card__line muted">等 {o.lines.length} 种商品</Text>}
      <Text className="order-card__delivery">{deliveryLine(o)}</Text>
      <View className="order-card__foot cc-spread cc-spread--baseline">
        <Text className="muted">下单 {when(o.created_at)}</Text>
        <Text className="order-card__total">{formatFen(o.total_fen)}</Text>
      </View>
    </View>
  );
}

/** 我的订单: newest first, by status tab; older pages by cursor on reaching the bottom. */
export default function MyOrders() {
  const [tab, setTab] = useState<'all' | OrderStatus>(() => {
    const s = pageParam('status');
    return TABS.find((t) => t === s) ?? 'all';
  });
  const { state, reload, more } = usePaged<Order>();

  useEffect(() => {
    void reload((cursor) =>
      call(routes.listMyOrders, { query: { limit: 20, ...(tab === 'all' ? {} : { status: tab }), ...(cursor ? { cursor } : {}) } }),
    );
  }, [tab, reload]);
  // Back from an order's page (paid, cancelled, confirmed): the list as it is now, without a spinner.
  useListRefresh({ reload, more });

  const body = (
    <PagedList
      state={state}
      onRetry={() => void reload()}
      className="shop-list"
      empty={
        <View className="shop-empty">
          <EmptyView
            title={tab === 'all' ? '您还没有下过单' : `没有${statusWord('order', tab).word}的订单`}
            description={tab === 'all' ? '附近农户和社区商店的新鲜货，下单后送到家或到站自提' : undefined}
          />
          {tab === 'all' && (
            <Button type="primary" onClick={() => void Taro.redirectTo({ url: SHOP_PAGES.home })}>
              去逛逛
            </Button>
          )}
        </View>
      }
    >
      {(items) => items.map((o) => <OrderCard key={o.id} order={o} />)}
    </PagedList>
  );

  return (
    <View className="page shop-orders">
      <Tabs className="order-tabs" value={tab} onChange={(v) => setTab(v as 'all' | OrderStatus)} activeType="line">
        {TABS.map((t) => (
          <TabPane key={t} value={t} title={t === 'all' ? '全部' : statusWord('order', t).word} />
        ))}
      </Tabs>
      {body}
    </View>
  );
}
