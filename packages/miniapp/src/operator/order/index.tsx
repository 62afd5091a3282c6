import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { routes } from '@cc/shared';
import { call } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { OrderFacts, OrderLines, OrderTimeline, RefundStory } from '../../commerce/components';
import { OrderActions } from '../../commerce/OrderActions';
import { operatorHint } from '../../commerce/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { operatorMe, scopeOf } from '../lib/scope';
import { StatusTag } from '../../ui/StatusTag';
import '../../commerce/commerce.css';
import '../lib/operator-shop.css';
import { Card, ErrorView, LoadingView, Notice, usePageLoad } from '../../ui';

/** One order of the community for the service station: facts, the refund story, the history; handing over and disputes. */
export default function OperatorOrder() {
  const id = pageParam('id') ?? '';
  const { state, setState, load } = usePageLoad(id, async () => {
    const [order, me] = await Promise.all([call(routes.getOrder, { params: { order_id: id } }), operatorMe()]);
    return { order, community_id: scopeOf(me) };
  });
  const [done, setDone] = useState<string | null>(null);

  const alerts = <EmergencyAlerts communityId={state.kind === 'ready' ? state.community_id : null} />;
  if (state.kind === 'loading')
    return (
      <View className="page">
        {alerts}
        <LoadingView />
      </View>
    );
  if (state.kind === 'error')
    return (
      <View className="page">
        {alerts}
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  const o = state.order;
  return (
    <View className="page op-order" data-status={o.status}>
      {alerts}
      {done && (
        <Notice tone="ok" className="op-order__done">
          <Text>{done}</Text>
        </Notice>
      )}
      <Card>
        <View className="biz-order-head cc-spread">
          <Text className="biz-order-head__title">订单 {o.number}</Text>
          <StatusTag lifecycle="order" status={o.status} />
        </View>
        <Text className="biz-order-head__hint">{operatorHint(o)}</Text>
        <OrderActions
          order={o}
          as="operator"
          onChanged={(next, message) => {
            setState({ ...state, order: next });
            setDone(message);
          }}
        />
      </Card>
      <RefundStory order={o} />
      <OrderLines order={o} />
      <OrderFacts order={o} />
      <OrderTimeline order={o} />
    </View>
  );
}
