import { useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useReachBottom, useUnload } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { routes, type Order, type OrderStatus } from '@cc/shared';
import { call } from '../../api';
import { EmptyView, ErrorView, LoadingView } from '../../components/StateView';
import { pageParam } from '../../calls-common/lib';
import { MoreLine, OrderRow, StatusTabs } from '../../commerce/components';
import { ORDER_STATUS_NAMES, SELLER_PAGES, usePaged } from '../../commerce/lib';
import { useShop } from '../lib/shop';
import '../lib/seller.css';

type Tab = OrderStatus | 'all';
/** The work first: to prepare, being prepared, ready, on the way, refunds; then what is done. */
const TABS: { value: Tab; label: string }[] = [
  { value: 'paid', label: '待备货' },
  { value: 'preparing', label: '备货中' },
  { value: 'ready', label: '已备好' },
  { value: 'out_for_delivery', label: '配送中' },
  { value: 'refunding', label: '退款' },
  { value: 'delivered', label: '已送达' },
  { value: 'completed', label: '已完成' },
  { value: 'all', label: '全部' },
];
/** A new order shows up without pulling: the list is read again this often while it is on screen. */
const POLL_MS = 15_000;

/** 订单: the shop's orders by status, newest first. */
export default function SellerOrders() {
  const { state: shopState, reload: reloadShop } = useShop();
  const shop = shopState.kind === 'ready' ? shopState.shop : null;
  const [tab, setTab] = useState<Tab>(() => TABS.find((t) => t.value === pageParam('status'))?.value ?? 'paid');
  const [counts, setCounts] = useState<Partial<Record<Tab, number>>>({});
  const { state, reload, more } = usePaged<Order>();
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);

  const refreshCounts = (merchant_id: string) => {
    void Promise.all(
      (['paid', 'refunding'] as const).map(async (status) => {
        const page = await call(routes.listMerchantOrders, { params: { merchant_id }, query: { status, limit: 100 } });
        return [status, page.items.length] as const;
      }),
    ).then(
      (pairs) => setCounts(Object.fromEntries(pairs)),
      () => undefined,
    );
  };

  useEffect(() => {
    if (!shop) return;
    void reload((cursor) =>
      call(routes.listMerchantOrders, {
        params: { merchant_id: shop.id },
        query: { limit: 20, ...(tab === 'all' ? {} : { status: tab }), ...(cursor ? { cursor } : {}) },
      }),
    );
    refreshCounts(shop.id);
  }, [shop?.id, tab, reload]);

  // The poll outlives this render: it reads the shop through a ref.
  const shopId = useRef<string | null>(null);
  shopId.current = shop?.id ?? null;
  const quiet = () => {
    void reload(undefined, { quiet: true });
    if (shopId.current) refreshCounts(shopId.current);
  };
  const stopPolling = () => {
    if (poll.current) clearInterval(poll.current);
    poll.current = null;
  };
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) quiet();
    setShown(true);
    stopPolling();
    poll.current = setInterval(quiet, POLL_MS);
  });
  useDidHide(stopPolling);
  useUnload(stopPolling);
  usePullDownRefresh(() => {
    quiet();
    Taro.stopPullDownRefresh();
  });
  useReachBottom(() => more());

  if (shopState.kind === 'loading') return <LoadingView />;
  if (shopState.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView
          message={shopState.kind === 'none' ? '您还没有店铺，请先登记开店' : shopState.message}
          onRetry={() => void reloadShop()}
        />
      </View>
    );

  let body;
  if (state.kind === 'loading') body = <LoadingView />;
  else if (state.kind === 'error') body = <ErrorView message={state.message} onRetry={() => void reload()} />;
  else if (state.items.length === 0)
    body = (
      <EmptyView
        title={tab === 'all' ? '还没有订单' : `没有${tab === 'refunding' ? '退款中' : ORDER_STATUS_NAMES[tab]}的订单`}
        description={tab === 'paid' ? '居民付款后，新订单会出现在这里' : undefined}
      />
    );
  else
    body = (
      <View className="seller-orders__list">
        {state.items.map((o) => (
          <OrderRow key={o.id} order={o} onClick={() => void Taro.navigateTo({ url: `${SELLER_PAGES.order}?id=${o.id}` })} />
        ))}
        <MoreLine more={state.more} next={state.next} />
      </View>
    );

  return (
    <View className="page seller-orders">
      <StatusTabs<Tab> tabs={TABS} value={tab} onChange={setTab} counts={counts} />
      {body}
    </View>
  );
}
