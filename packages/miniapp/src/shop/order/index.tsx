import { View, Text } from '@tarojs/components';
import { pageParam } from '../lib';
import { useOrder } from './useOrder';
import { OrderTimeline } from '../../commerce/components';
import { DeliveryFacts, MyReview, OrderHead, OrderLines } from './Sections';
import { OrderActions, RefundRequest, RefundStory } from './Actions';
import { DeliveryBox } from '../../commerce/DeliveryBox';
import '../shop.css';
import { isPending, Notice, PendingPage } from '../../ui';
import { Tracking } from '../../commerce/Tracking';

/** 订单详情: number, status and what comes next, delivery, items, payment, the history; cancel, confirm, refund. */
export default function OrderPage() {
  const m = useOrder(pageParam('id') ?? '');
  if (isPending(m.state)) return <PendingPage state={m.state} onRetry={() => void m.load()} />;
  const o = m.state.order;
  return (
    <View className="page shop-order" data-testid="order-page">
      <OrderHead order={o} />
      {m.done && <Notice tone="ok">{m.done}</Notice>}
      {m.error && m.ask !== 'refund' && m.ask !== 'dispute' && <Notice tone="danger">{m.error}</Notice>}
      <OrderActions order={o} m={m} />
      <DeliveryBox order={o} as="resident" />
      <RefundStory order={o} m={m} />
      {o.review && <MyReview review={o.review} />}
      <View className="shop-card">
        <Text className="shop-card__title">{o.delivery.kind === 'pickup' ? '自提信息' : '配送信息'}</Text>
        <DeliveryFacts order={o} />
      </View>
      <Tracking order={o} />
      <OrderLines order={o} />
      <OrderTimeline order={o} viewer="buyer" />
      <RefundRequest order={o} m={m} />
    </View>
  );
}
