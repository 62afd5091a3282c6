import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { ApiError, routes, type DeliveryTask, type Order } from '@cc/shared';
import { call } from '../api';
import { Card, StatusTag } from '../ui';
import { BookRedelivery, RateCourier } from './DeliveryAftercare';
import './delivery-box.css';

/** The order's delivery task, read again whenever the order's status changes; null when it has none (yet). */
function useOrderDelivery(order: Pick<Order, 'id' | 'status' | 'delivery'>) {
  const [task, setTask] = useState<DeliveryTask | null>(null);
  useEffect(() => {
    if (order.delivery.kind !== 'slot') return;
    let live = true;
    call(routes.getOrderDelivery, { params: { order_id: order.id }, query: {} })
      .then((t) => live && setTask(t))
      // No task before 已备好 (404): the box stays away. Other failures leave the order page as it is.
      .catch((e: unknown) => live && e instanceof ApiError && e.status === 404 && setTask(null));
    return () => {
      live = false;
    };
  }, [order.id, order.status, order.delivery.kind]);
  return [task, setTask] as const;
}

/** Who has the task now, in words (couriers are not named to the parties; the station knows who). */
function courierWords(t: DeliveryTask, as: 'seller' | 'resident'): string {
  if (t.status === 'open') return '等待配送员接单';
  if (t.status === 'claimed') return '配送员已接单，正在前来取件';
  if (t.status === 'picked_up') return '配送员已取件，正在送货';
  if (t.status === 'delivered') return '配送员已送达';
  if (t.status === 'at_station') return '已放到服务站，请带市民卡到服务站终端取件';
  if (t.status === 'returned') return '货物已退回服务站，请到服务站取回或联系社区';
  return as === 'resident' ? '这次没有送到：可以在下面预约重新配送，服务站也会联系您' : '这次没有送到，服务站会联系买家重新配送';
}

/** A 6-digit code, big, to read out to the courier. */
function BigCode({ label, value, testid }: { label: string; value: string; testid: string }) {
  return (
    <View className="delivery-box__code">
      <Text className="delivery-box__code-label">{label}</Text>
      <Text className="delivery-box__code-value" data-testid={testid} aria-label={`${label} ${value.split('').join(' ')}`}>
        {value}
      </Text>
    </View>
  );
}

/**
 * 配送 on an order page: the task's status and courier, and the code this person reads out — the seller's 取件码
 * until the courier picks up, the resident's 收件码 once the goods are on the way. Tracking and the like sit next
 * to this box, not in it.
 */
export function DeliveryBox({ order, as }: { order: Pick<Order, 'id' | 'status' | 'delivery'>; as: 'seller' | 'resident' }) {
  const [t, setTask] = useOrderDelivery(order);
  if (!t) return null;
  const code =
    t.code && (as === 'seller' ? t.code.kind === 'pickup' : t.code.kind === 'delivery' && t.status === 'picked_up') ? t.code : null;
  return (
    <Card className="delivery-box" title="配送" testid="delivery-box">
      <View className="delivery-box__head">
        <StatusTag lifecycle="delivery" status={t.status} viewer={as} />
      </View>
      <Text className="delivery-box__courier" data-testid="delivery-courier">
        {courierWords(t, as)}
      </Text>
      {code && (
        <BigCode
          label={code.kind === 'pickup' ? '取件码' : '收件码'}
          value={code.value}
          testid={code.kind === 'pickup' ? 'pickup-code' : 'delivery-code'}
        />
      )}
      {code && (
        <Text className="delivery-box__hint">
          {code.kind === 'pickup' ? '配送员取件时，请把取件码告诉他。' : '收到货物时，请把收件码告诉配送员。不要提前告诉别人。'}
        </Text>
      )}
      {as === 'resident' && t.status === 'delivered' && t.courier_id && <RateCourier task={t} />}
      {as === 'resident' && t.status === 'failed' && <BookRedelivery task={t} onBooked={setTask} />}
    </Card>
  );
}
