import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { PROXY_ORDER_STATUS_WORDS, routes, type ProxyOrder } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { EmptyView, ErrorView, LoadingView, Money, Tag } from '../../ui';
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

function ProxyItem({ p }: { p: ProxyOrder }) {
  const w = PROXY_ORDER_STATUS_WORDS[p.status];
  return (
    <View className="family-card" data-testid="my-proxy-order" data-status={p.status}>
      <View className="family-row">
        <Text className="family-card__title">为{p.elder_name}下单</Text>
        <Tag tone={w.tone}>{w.word}</Tag>
      </View>
      <Text className="family-card__line">{p.items.map((i) => `${i.name} ${i.quantity}${i.unit}`).join('，')}</Text>
      <Text className="family-card__line">{p.delivery_words}</Text>
      <View className="family-row">
        <Text className="family-card__line">订单号 {p.order_numbers.join('、')}</Text>
        <Money fen={p.total_fen} />
      </View>
    </View>
  );
}

/** 我为家人下的单: each proxy order with its state (等待家人确认 / 家人已同意并付款 / 没有同意 / 超时取消). */
export default function ProxyOrdersPage() {
  const { state, load } = useProxyOrders();
  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
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
