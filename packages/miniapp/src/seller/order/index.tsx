import { View, Text } from '@tarojs/components';
import { statusWord } from '@cc/shared';
import { pageParam } from '../../calls-common/lib';
import { OrderFacts, OrderLines, OrderTimeline, RefundStory } from '../../commerce/components';
import { OrderActions } from '../../commerce/OrderActions';
import { DeliveryBox } from '../../commerce/DeliveryBox';
import { sellerHint } from '../../commerce/lib';
import './order.css';
import { useSellerOrder } from './useSellerOrder';
import { StatusTag } from '../../ui/StatusTag';
import '../lib/seller.css';
import { Card, isPending, Notice, PendingPage } from '../../ui';

/** One order for its seller: what to do next, what was bought, where it goes, the refund story and the history. */
export default function SellerOrder() {
  const { state, done, load, changed } = useSellerOrder(pageParam('id') ?? '');

  if (isPending(state)) return <PendingPage state={state} onRetry={() => void load()} />;
  const o = state.order;
  const next = statusWord('order', o.status, 'seller').next;
  return (
    <View className="page seller-order" data-status={o.status} data-testid="seller-order">
      {done && (
        <Notice tone="ok" className="seller-order__done">
          <Text data-testid="seller-order-done">{done}</Text>
        </Notice>
      )}
      <Card className="biz-order-head-card">
        <View className="biz-order-head cc-spread">
          <Text className="biz-order-head__title" data-testid="order-number">
            订单 {o.number}
          </Text>
          <StatusTag lifecycle="order" status={o.status} />
        </View>
        {next && (
          <Text className="seller-order__next" data-testid="order-next">
            {next}
          </Text>
        )}
        <Text className="biz-order-head__hint seller-order__hint" data-testid="order-hint">
          {sellerHint(o)}
        </Text>
        <OrderActions order={o} as="seller" onChanged={changed} />
      </Card>
      <DeliveryBox order={o} as="seller" />
      <RefundStory order={o} />
      <OrderLines order={o} />
      <OrderFacts order={o} merchant={false} />
      <OrderTimeline order={o} />
    </View>
  );
}
