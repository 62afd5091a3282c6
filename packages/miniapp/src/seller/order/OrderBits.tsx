import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import { statusWord, type Order } from '@cc/shared';
import { orderActionName, when } from '../../commerce/lib';
import './order.css';
import { Card, Fact } from '../../ui';

/** How the goods go out, and to whom. */
function DeliveryFacts({ order: o }: { order: Order }): ReactNode {
  const d = o.delivery;
  if (d.kind === 'slot')
    return (
      <>
        <Fact label="配送时段">
          {when(d.starts_at)}–{when(d.ends_at).slice(-5)}
        </Fact>
        <Fact label="收货人">
          {d.recipient} {d.phone_masked}
        </Fact>
        <Fact label="地址" className="biz-order-facts__address">
          {d.address}
        </Fact>
      </>
    );
  return (
    <>
      <Fact label="自提点">{d.station_name}</Fact>
      <Fact label="自提点地址">{d.station_address}</Fact>
      <Fact label="取货时间">
        {d.date} {d.open}–{d.close}
      </Fact>
    </>
  );
}

/** The facts of an order for its seller: the readable number (never the internal id), times, payment, delivery. */
export function SellerOrderFacts({ order: o }: { order: Order }) {
  return (
    <Card className="biz-order-facts">
      <View data-testid="order-facts">
        <Fact label="订单号">
          <Text className="biz-mono">{o.number}</Text>
        </Fact>
        <Fact label="下单时间">{when(o.created_at)}</Fact>
        <Fact label="付款">
          {o.payment ? `${o.payment.method === 'wallet' ? '市民卡钱包' : '微信支付'} · ${when(o.payment.paid_at)}` : '未付款'}
        </Fact>
        <DeliveryFacts order={o} />
        {o.note && <Fact label="买家备注">{o.note}</Fact>}
      </View>
    </Card>
  );
}

/** Every step of the order, newest last, with the shared status words. */
export function SellerTimeline({ order: o }: { order: Order }) {
  return (
    <Card className="biz-timeline" title="订单记录">
      {o.history.map((h, i) => (
        <View
          key={`${h.at}-${i}`}
          className={`biz-timeline__item ${i === o.history.length - 1 ? 'biz-timeline__item--last' : ''}`}
          data-action={h.action}
          data-testid="order-history-item"
        >
          <View className="biz-timeline__dot" />
          <View className="biz-timeline__body">
            <View className="biz-timeline__head">
              <Text className="biz-timeline__action">{orderActionName(h.action)}</Text>
              {h.to && <Text className="biz-timeline__status">→ {statusWord('order', h.to).word}</Text>}
            </View>
            <Text className="biz-timeline__meta">{when(h.at)}</Text>
            {h.reason && <Text className="biz-timeline__note">{h.reason}</Text>}
          </View>
        </View>
      ))}
    </Card>
  );
}
