import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { DeliveryTask } from '@cc/shared';
import { Card, Money, StatusTag, tappable } from '../../ui';
import { COURIER_PAGES, distanceText, orderNumber, slotText } from './tasks';
import './courier.css';

export const openTask = (id: string) => void Taro.navigateTo({ url: `${COURIER_PAGES.task}?id=${id}` });

/**
 * One task in a list: where from, where to, when, how far and what it pays. The facts open the task page; the
 * action (抢单) sits outside them so no button is nested in another.
 */
export function TaskCard(props: { task: DeliveryTask; fromMe_m?: number; testid: string; children?: ReactNode }) {
  const { task: t, fromMe_m } = props;
  return (
    <Card className="courier-task" testid={props.testid}>
      {/* Named by what it shows (its number first): a separate label would hide the rest (axe label-content-name-mismatch). */}
      <View className="courier-task__body" data-task={t.id} {...tappable(() => openTask(t.id))}>
        <View className="courier-task__head cc-spread">
          <Text className="courier-task__number">订单 {orderNumber(t)}</Text>
          <StatusTag lifecycle="delivery" status={t.status} />
        </View>
        <View className="courier-task__route">
          <Text className="courier-task__place">取：{t.pickup.label}</Text>
          <Text className="courier-task__place">送：{t.drop.label}</Text>
        </View>
        <View className="courier-task__meta">
          <Text className="courier-task__slot">{slotText(t)}</Text>
          <Text className="courier-task__distance">
            {fromMe_m !== undefined ? `距我 ${distanceText(fromMe_m)} · ` : ''}全程 {distanceText(t.distance_m)}
          </Text>
        </View>
        <View className="courier-task__fee">
          <Text className="courier-task__fee-label">配送费</Text>
          <Money fen={t.fee_fen} size="lg" />
        </View>
      </View>
      {props.children}
    </Card>
  );
}
