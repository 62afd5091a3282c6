import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { formatFen, routes, type Order } from '@cc/shared';
import { call } from '../../api';
import { OrderActions } from '../../commerce/OrderActions';
import { OPERATOR_SHOP_PAGES, deliveryLine, usePaged, useListRefresh, when } from '../../commerce/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { ScopeWaiting } from '../lib/ScopeWaiting';
import { useOperatorScope } from '../lib/commerce';
import { StatusTag } from '../../ui/StatusTag';
import '../../commerce/commerce.css';
import '../lib/operator-shop.css';
import { Card, EmptyView, Fact, Notice, PagedList } from '../../ui';

/** One appeal: what was bought, the buyer's reason, the seller's refusal, the appeal; 退款 or 驳回 with a reason. */
function DisputeCard({ order: o, onDecided }: { order: Order; onDecided(o: Order, message: string): void }) {
  const r = o.refund;
  return (
    <Card className="op-dispute">
      <View className="op-row-head cc-spread" data-order={o.id}>
        <Text className="op-row-head__title cc-grow">
          {o.merchant_name} · 订单 {o.number}
        </Text>
        <StatusTag lifecycle="order" status={o.status} />
      </View>
      <Text className="op-dispute__lines">{o.lines.map((l) => `${l.name} × ${l.quantity}${l.unit}`).join('，')}</Text>
      <Text className="biz-muted">
        {formatFen(o.total_fen)} · {deliveryLine(o)} · 下单 {when(o.created_at)}
      </Text>
      {r && (
        <View className="op-dispute__story">
          <Fact label="买家申请">{r.reason}</Fact>
          <Fact label="商家拒绝">{r.refused_reason ?? '—'}</Fact>
          <Fact label="申请介入">{r.dispute_reason ?? '—'}</Fact>
        </View>
      )}
      <Text className="biz-link op-dispute__open" onClick={() => void Taro.navigateTo({ url: `${OPERATOR_SHOP_PAGES.order}?id=${o.id}` })}>
        查看订单记录
      </Text>
      <OrderActions order={o} as="operator" onChanged={onDecided} />
    </Card>
  );
}

/** 退款争议: refunds the seller refused and the buyer took to the service station, to be decided here. */
export default function OperatorDisputes() {
  const { scope, reload: reloadScope } = useOperatorScope();
  const community_id = scope.kind === 'ready' ? scope.community_id : null;
  const [done, setDone] = useState<string | null>(null);
  const { state, reload, more, patch } = usePaged<Order>();

  useEffect(() => {
    if (!community_id) return;
    void reload((cursor) =>
      call(routes.listRefundDisputes, { params: { community_id }, query: { limit: 20, ...(cursor ? { cursor } : {}) } }),
    );
  }, [community_id, reload]);
  useListRefresh({ reload, more });

  const alerts = <EmergencyAlerts communityId={community_id} />;
  if (scope.kind !== 'ready') return <ScopeWaiting scope={scope} alerts={alerts} onRetry={() => void reloadScope()} />;

  const body = (
    <PagedList
      state={state}
      onRetry={() => void reload()}
      empty={<EmptyView title="没有待裁决的退款争议" description="商家拒绝退款、买家申请服务站介入后，会出现在这里" />}
    >
      {(items) =>
        items.map((o) => (
          <DisputeCard
            key={o.id}
            order={o}
            onDecided={(next, message) => {
              patch(o.id, null, (x) => x.id);
              setDone(`订单 ${next.number}：${message}`);
              void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
            }}
          />
        ))
      }
    </PagedList>
  );

  return (
    <View className="page op-disputes">
      {alerts}
      <Text className="biz-hint">听取双方说明、核对订单记录后裁决：退款则货款原路退回买家；驳回则订单恢复原状态。</Text>
      {done && (
        <Notice tone="ok" className="op-disputes__done">
          <Text>{done}</Text>
        </Notice>
      )}
      {body}
    </View>
  );
}
