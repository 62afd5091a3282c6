import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { routes, shanghaiDate, shanghaiTime, statusWord, type ProxyOrder } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { EmptyView, isPending, Money, PendingPage, Tag } from '../../ui';
import '../family.css';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: ProxyOrder[] };

function useProxyOrders() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const load = useCallback(async () => {
    try {
      setState({ kind: 'ready', items: (await call(routes.listMyProxyOrders, {})).items });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useEffect(() => void load(), [load]);
  return { state, load };
}

/** How it was paid and how it ended, in one line (the status word says where it stands). */
function outcomeLine(p: ProxyOrder): string {
  const how = p.payment === 'family_wechat' ? '我来付（微信支付）' : '家人市民卡付款';
  const ended = p.link_revoked ? `${how} · 关联已解除，订单已取消` : how;
  if (p.family_payment === 'refund_failed') return `${ended} · 退款暂未成功，服务站正在处理，钱款不会丢失`;
  if (!p.refunded_at) return ended;
  const at = new Date(p.refunded_at);
  return `${ended} · ${shanghaiDate(at).slice(5)} ${shanghaiTime(at)} 已退回您的微信`;
}

function ProxyItem({ p }: { p: ProxyOrder }) {
  const w = statusWord('proxy', p.status);
  const paid = p.family_payment ? statusWord('family_payment', p.family_payment) : null;
  return (
    <View className="family-card" data-testid="my-proxy-order" data-status={p.status}>
      <View className="family-row cc-spread">
        <Text className="family-card__title">为{p.elder_name}下单</Text>
        <Tag tone={w.tone}>{w.word}</Tag>
      </View>
      <Text className="family-card__line">{p.items.map((i) => `${i.name} ${i.quantity}${i.unit}`).join('，')}</Text>
      <Text className="family-card__line">{p.delivery_words}</Text>
      <View className="family-row cc-spread">
        <Text className="family-card__line" data-testid="proxy-outcome">
          {outcomeLine(p)}
        </Text>
        {paid && (
          <Tag tone={paid.tone} data-testid="family-payment">
            {paid.word}
          </Tag>
        )}
      </View>
      <View className="family-row cc-spread">
        <Text className="family-card__line">订单号 {p.order_numbers.join('、')}</Text>
        <Money fen={p.total_fen} />
      </View>
    </View>
  );
}

/** 我为家人下的单: each proxy order with its state (statusWord 'proxy'), how it was paid and, for 我来付, where the money stands. */
export default function ProxyOrdersPage() {
  const { state, load } = useProxyOrders();
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void load()} />;
  return (
    <View className="page family-orders">
      <Text className="page-title">我为家人下的单</Text>
      {state.items.length === 0 && <EmptyView title="还没有为家人下过单" />}
      {state.items.map((p) => (
        <ProxyItem key={p.id} p={p} />
      ))}
    </View>
  );
}
