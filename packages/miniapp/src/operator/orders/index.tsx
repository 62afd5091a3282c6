import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ORDER_STATUS_WORDS, routes, type Order, type OrderStatus } from '@cc/shared';
import { call } from '../../api';
import { OrderRow } from '../../commerce/components';
import { OPERATOR_SHOP_PAGES, usePaged, useListRefresh } from '../../commerce/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { ScopeWaiting } from '../lib/ScopeWaiting';
import { useOperatorScope } from '../lib/commerce';
import '../../commerce/commerce.css';
import '../lib/operator-shop.css';
import { EmptyView, PagedList, Tabs } from '../../ui';

type Tab = OrderStatus | 'all';
const ORDER_TABS: OrderStatus[] = [
  'paid',
  'preparing',
  'ready',
  'out_for_delivery',
  'delivered',
  'refunding',
  'completed',
  'refunded',
  'pending_payment',
  'cancelled',
];
/** The tabs say the one word of each status ('@cc/shared'), the same the resident and the seller see. */
const TABS: { value: Tab; label: string }[] = [
  { value: 'all', label: '全部' },
  ...ORDER_TABS.map((s) => ({ value: s, label: ORDER_STATUS_WORDS[s].word })),
];

/** 社区订单: every order placed in the community, by status, newest first. */
export default function OperatorOrders() {
  const { scope, reload: reloadScope } = useOperatorScope();
  const community_id = scope.kind === 'ready' ? scope.community_id : null;
  const [tab, setTab] = useState<Tab>('all');
  const { state, reload, more } = usePaged<Order>();

  useEffect(() => {
    if (!community_id) return;
    void reload((cursor) =>
      call(routes.listCommunityOrders, {
        params: { community_id },
        query: { limit: 20, ...(tab === 'all' ? {} : { status: tab }), ...(cursor ? { cursor } : {}) },
      }),
    );
  }, [community_id, tab, reload]);
  useListRefresh({ reload, more });

  const alerts = <EmergencyAlerts communityId={community_id} />;
  if (scope.kind !== 'ready') return <ScopeWaiting scope={scope} alerts={alerts} onRetry={() => void reloadScope()} />;

  const body = (
    <PagedList
      state={state}
      onRetry={() => void reload()}
      empty={<EmptyView title={tab === 'all' ? '本社区还没有订单' : `没有${ORDER_STATUS_WORDS[tab].word}的订单`} />}
    >
      {(items) =>
        items.map((o) => (
          <OrderRow key={o.id} order={o} onClick={() => void Taro.navigateTo({ url: `${OPERATOR_SHOP_PAGES.order}?id=${o.id}` })} />
        ))
      }
    </PagedList>
  );

  return (
    <View className="page op-orders">
      {alerts}
      <Tabs<Tab> label="订单状态" tabs={TABS} value={tab} onChange={setTab} />
      {body}
    </View>
  );
}
