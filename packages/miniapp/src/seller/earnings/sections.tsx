import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { formatFen, shanghaiDate, type Order } from '@cc/shared';
import { SELLER_PAGES, when } from '../../commerce/lib';
import { Card, EmptyView, Notice } from '../../ui';
import { completedAt, sum } from './useEarnings';

/** The running total, this month's and what waits for the buyers' confirmation. */
export function Totals({ completed, waiting }: { completed: Order[]; waiting: Order[] }) {
  const month = shanghaiDate(new Date()).slice(0, 7);
  const thisMonth = completed.filter((o) => shanghaiDate(new Date(completedAt(o))).slice(0, 7) === month);
  return (
    <Card className="seller-earnings__total">
      <Text className="seller-earnings__label">已完成订单货款（累计）</Text>
      <Text className="seller-earnings__amount">{formatFen(sum(completed))}</Text>
      <Text className="biz-muted">{completed.length} 单</Text>
      <View className="seller-earnings__grid">
        <View className="seller-earnings__cell">
          <Text className="seller-earnings__cell-label">本月</Text>
          <Text className="seller-earnings__cell-amount seller-earnings__month">{formatFen(sum(thisMonth))}</Text>
          <Text className="biz-muted">{thisMonth.length} 单</Text>
        </View>
        <View className="seller-earnings__cell">
          <Text className="seller-earnings__cell-label">待买家确认</Text>
          <Text className="seller-earnings__cell-amount seller-earnings__waiting">{formatFen(sum(waiting))}</Text>
          <Text className="biz-muted">{waiting.length} 单已送达</Text>
        </View>
      </View>
    </Card>
  );
}

/** How the sums are made, and what they leave out. */
export function EarningsNote({ refunded, partial }: { refunded: number; partial: boolean }) {
  return (
    <Notice tone="info" className="seller-earnings__note">
      <Text>
        收入按已完成的订单计算：买家确认收货（或到期自动确认）后，货款从平台结算到店铺账户。店铺账户的流水暂时不能在这里查看。
        {refunded > 0 ? `已退款的订单（共 ${formatFen(refunded)}）不计入。` : ''}
        {partial ? '订单很多，这里只统计了最近的 1000 单。' : ''}
      </Text>
    </Notice>
  );
}

/** The completed orders, newest first, each opening the order. */
export function CompletedList({ completed }: { completed: Order[] }) {
  if (completed.length === 0) return <EmptyView title="还没有完成的订单" description="买家确认收货后，订单和货款会出现在这里" />;
  return (
    <Card className="seller-earnings__list">
      {completed.map((o) => (
        <View
          key={o.id}
          className="seller-earning cc-row"
          data-order={o.id}
          onClick={() => void Taro.navigateTo({ url: `${SELLER_PAGES.order}?id=${o.id}` })}
        >
          <View className="seller-earning__main cc-grow">
            <Text className="seller-earning__what">
              {o.lines[0]?.name ?? ''}
              {o.lines.length > 1 ? ` 等 ${o.lines.length} 种` : ''}
            </Text>
            <Text className="biz-muted">
              {when(completedAt(o))} 完成 · 订单 {o.number}
            </Text>
          </View>
          <Text className="seller-earning__amount">+{formatFen(o.total_fen)}</Text>
        </View>
      ))}
    </Card>
  );
}
