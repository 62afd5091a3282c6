import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { routes, type Order } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { ErrorView, LoadingView } from '../../components/StateView';
import { pageParam } from '../../calls-common/lib';
import { Card, Notice, OrderFacts, OrderLines, OrderStatusTag, OrderTimeline, RefundStory } from '../../commerce/components';
import { OrderActions } from '../../commerce/OrderActions';
import { sellerHint, shortId } from '../../commerce/lib';
import '../lib/seller.css';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; order: Order };

/** One order for its seller: what to do next, what was bought, where it goes, the refund story and the history. */
export default function SellerOrder() {
  const id = pageParam('id') ?? '';
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState({ kind: 'ready', order: await call(routes.getOrder, { params: { order_id: id } }) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  const o = state.order;
  return (
    <View className="page seller-order" data-status={o.status}>
      {done && (
        <Notice tone="ok" className="seller-order__done">
          <Text>{done}</Text>
        </Notice>
      )}
      <Card className="biz-order-head-card">
        <View className="biz-order-head">
          <Text className="biz-order-head__title">订单 …{shortId(o.id)}</Text>
          <OrderStatusTag status={o.status} />
        </View>
        <Text className="biz-order-head__hint seller-order__hint">{sellerHint(o)}</Text>
        <OrderActions
          order={o}
          as="seller"
          onChanged={(next, message) => {
            setState({ kind: 'ready', order: next });
            setDone(message);
            void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
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
