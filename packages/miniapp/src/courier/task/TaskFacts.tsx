import { View, Text } from '@tarojs/components';
import type { DeliveryTask } from '@cc/shared';
import { Card, Fact, Money, StatusTag } from '../../ui';
import { distanceText, orderNumber, slotText } from '../lib/tasks';

/** The task's head and facts: the readable order number (never an id), both places, the slot and the fee. */
export function TaskFacts({ task: t }: { task: DeliveryTask }) {
  return (
    <Card className="courier-task-facts" testid="task-facts">
      <View className="courier-task__head cc-spread">
        <Text className="courier-task__number" data-testid="task-number">
          订单 {orderNumber(t)}
        </Text>
        <StatusTag lifecycle="delivery" status={t.status} viewer="courier" />
      </View>
      <Fact label="取件">
        <Text>{t.pickup.label}</Text>
        <Text className="courier-muted">{t.pickup.address}</Text>
      </Fact>
      <Fact label="送达">
        <Text>{t.drop.label}</Text>
        <Text className="courier-muted">{t.drop.address}</Text>
      </Fact>
      <Fact label="配送时段">{slotText(t)}</Fact>
      <Fact label="路程">{distanceText(t.distance_m)}</Fact>
      <Fact label="配送费">
        <Money fen={t.fee_fen} />
        {t.status === 'delivered' && <Text className="courier-muted">{t.fee_paid ? '已记入钱包' : '正在记入钱包'}</Text>}
      </Fact>
    </Card>
  );
}
