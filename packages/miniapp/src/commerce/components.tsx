import { useState, type ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatFen, type Order, ORDER_STATUS_WORDS, type StatusViewer } from '@cc/shared';
import { ORDER_ACTOR_NAMES, deliveryLine, orderActionName, refundMoneyWords, when } from './lib';
import { Card, Fact, Remark, StatusTag, Thumb, Timeline, tappable } from '../ui';
import './commerce.css';

/** An order as a row of a list: number, status, what, how it goes out, the total. */
export function OrderRow(props: { order: Order; onClick(): void; extra?: ReactNode; viewer?: StatusViewer; testid?: string }) {
  const { order: o, onClick, extra, viewer, testid = 'order-row' } = props;
  const shown = o.lines.slice(0, 3);
  return (
    <View className="biz-card biz-order-row" data-order={o.id} data-testid={testid} {...tappable(onClick)}>
      <View className="biz-order-row__head cc-spread">
        <Text className="biz-order-row__no" data-testid="order-number">
          订单 {o.number}
        </Text>
        <StatusTag lifecycle="order" status={o.status} viewer={viewer} />
      </View>
      {shown.map((l) => (
        <View key={l.product_id} className="biz-order-row__line">
          <Text className="biz-order-row__name cc-grow">{l.name}</Text>
          <Text className="biz-order-row__qty">
            × {l.quantity}
            {l.unit}
          </Text>
        </View>
      ))}
      {o.lines.length > 3 && <Text className="biz-muted">等 {o.lines.length} 种商品</Text>}
      <Text className="biz-order-row__delivery">{deliveryLine(o)}</Text>
      {o.status === 'refunding' && o.refund && (
        <Remark tone="danger" className="biz-order-row__refund">
          {o.refund.disputed ? '服务站介入：' : '退款原因：'}
          {o.refund.disputed ? (o.refund.dispute_reason ?? o.refund.reason) : o.refund.reason}
        </Remark>
      )}
      {extra}
      <View className="biz-order-row__foot cc-spread">
        <Text className="biz-muted">
          {viewer === 'seller' ? '' : `${o.merchant_name} · `}下单 {when(o.created_at)}
        </Text>
        <Text className="biz-order-row__total">{formatFen(o.total_fen)}</Text>
      </View>
    </View>
  );
}

/**
 * The facts of an order: times, payment, how it goes out and to whom (the seller's own page leaves out the shop).
 * The readable number is not repeated here: every order page shows it in its head.
 */
export function OrderFacts({ order: o, merchant = true }: { order: Order; merchant?: boolean }) {
  const d = o.delivery;
  return (
    <Card className="biz-order-facts" testid="order-facts">
      {merchant && <Fact label="商家">{o.merchant_name}</Fact>}
      <Fact label="下单时间">{when(o.created_at)}</Fact>
      <Fact label="付款">
        {o.payment ? `${o.payment.method === 'wallet' ? '市民卡钱包' : '微信支付'} · ${when(o.payment.paid_at)}` : '未付款'}
      </Fact>
      {d.kind === 'slot' ? (
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
      ) : (
        <>
          <Fact label="自提点">{d.station_name}</Fact>
          <Fact label="自提点地址">{d.station_address}</Fact>
          <Fact label="取货时间">
            {d.date} {d.open}–{d.close}
          </Fact>
        </>
      )}
      {o.note && <Fact label="买家备注">{o.note}</Fact>}
    </Card>
  );
}

/** What was bought: name, unit price, quantity, subtotal; the total. */
export function OrderLines({ order: o }: { order: Order }) {
  return (
    <Card className="biz-lines" title="商品">
      {o.lines.map((l) => (
        <View key={l.product_id} className="biz-line">
          <Thumb alt={l.name} url={l.image_url} size="sm" className="order-line__photo" />
          <View className="biz-line__main cc-grow">
            <Text className="biz-line__name">{l.name}</Text>
            <Text className="biz-muted">
              {[l.spec, `${formatFen(l.price_fen)}/${l.unit}`, l.offer_id ? '活动价' : ''].filter(Boolean).join(' · ')}
            </Text>
          </View>
          <Text className="biz-line__qty">
            × {l.quantity}
            {l.unit}
          </Text>
          <Text className="biz-line__sum">{formatFen(l.subtotal_fen)}</Text>
        </View>
      ))}
      <View className="biz-lines__total cc-spread cc-spread--baseline">
        <Text>合计</Text>
        <Text className="biz-lines__amount">{formatFen(o.total_fen)}</Text>
      </View>
    </Card>
  );
}

/** The refund story: the buyer's reason, the seller's refusal, the buyer's appeal to the service station. */
export function RefundStory({ order: o }: { order: Order }) {
  const r = o.refund;
  if (!r) return null;
  return (
    <Card className="biz-refund" title="退款">
      <Fact label="买家原因">{r.reason}</Fact>
      <Fact label="申请时间">{when(r.requested_at)}</Fact>
      {r.refused_reason && <Fact label="商家拒绝">{r.refused_reason}</Fact>}
      {r.disputed && <Fact label="申请介入">{r.dispute_reason ?? '买家申请服务站介入'}</Fact>}
      {r.accepted_at && <Fact label="结果">{refundMoneyWords(o)}</Fact>}
    </Card>
  );
}

/** Every step of the order, newest last: who did what, when and why (the buyer reads their own steps as 我). */
export function OrderTimeline({ order: o, viewer }: { order: Order; viewer?: 'buyer' }) {
  const names = viewer === 'buyer' ? { ...ORDER_ACTOR_NAMES, buyer: '我' } : ORDER_ACTOR_NAMES;
  const steps = o.history.map((h, i) => ({
    key: `${h.at}-${i}`,
    action: h.action,
    title: orderActionName(h.action),
    status: h.to ? ORDER_STATUS_WORDS[h.to].word : null,
    meta: `${names[h.actor_role]} · ${when(h.at)}`,
    note: h.reason,
  }));
  return <Timeline title="订单记录" steps={steps} />;
}

/** A two-step button for what cannot be undone: the first tap asks, the second does it. */
export function ConfirmButton({
  children,
  question,
  confirmText,
  className = '',
  danger,
  disabled,
  onConfirm,
}: {
  children: ReactNode;
  question: string;
  confirmText: string;
  className?: string;
  danger?: boolean;
  disabled?: boolean;
  onConfirm(): Promise<unknown>;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking)
    return (
      <Button
        type={danger ? 'danger' : 'primary'}
        size="large"
        block
        className={className}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {children}
      </Button>
    );
  return (
    <View className={`biz-confirm ${className}--confirm`}>
      <Text className="biz-confirm__question">{question}</Text>
      <View className="biz-actions biz-actions--row">
        <Button fill="outline" disabled={busy} onClick={() => setAsking(false)}>
          取消
        </Button>
        <Button
          type={danger ? 'danger' : 'primary'}
          className={`${className}-yes`}
          loading={busy}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onConfirm().finally(() => {
              setBusy(false);
              setAsking(false);
            });
          }}
        >
          {confirmText}
        </Button>
      </View>
    </View>
  );
}
