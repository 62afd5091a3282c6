import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { routes, type Order } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { OrderFacts, OrderLines, OrderTimeline, RefundStory } from '../../commerce/components';
import { OrderActions } from '../../commerce/OrderActions';
import { operatorHint } from '../../commerce/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { operatorMe, scopeOf } from '../lib/scope';
import { StatusTag } from '../../ui/StatusTag';
import '../../commerce/commerce.css';
import '../lib/operator-shop.css';
import { Card, ErrorView, LoadingView, Notice } from '../../ui';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; order: Order; community_id: string | null };

/** One order of the community for the service station: facts, the refund story, the history; handing over and disputes. */
export default function OperatorOrder() {
  const id = pageParam('id') ?? '';
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const [order, me] = await Promise.all([call(routes.getOrder, { params: { order_id: id } }), operatorMe()]);
      setState({ kind: 'ready', order, community_id: scopeOf(me) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

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
