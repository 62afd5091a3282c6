import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { isPending, Money, Notice, PendingPage } from '../../ui';
import { WechatPaySimSheet } from '../../wallet/wechat-sim';
import { ProxyPayer } from '../Payer';
import { Chosen, Finder, Goods, Where } from './sections';
import { useProxyOrder } from './useProxyOrder';
import '../family.css';

/**
 * 为家人下单: search the elder's community's goods, choose quantities, the elder's address and a slot; sent, it waits
 * for the elder's approval at a kiosk.
 */
export default function ProxyOrderPage() {
  const m = useProxyOrder();
  const { state } = m;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void m.load()} />;
  return (
    <View className="page family-order">
      <Text className="page-title">为{state.link.elder_name}下单</Text>
      <Notice tone="info">
        <Text>
          {m.payment === 'family_wechat'
            ? `您用微信付款后，${state.link.elder_name}在社区终端刷卡同意收货；不同意或超时不确认，订单取消，款项原路退回您的微信。`
            : `下单后，${state.link.elder_name}在社区终端刷卡、输入密码同意后，从市民卡付款；超时不确认，订单自动取消。`}
        </Text>
      </Notice>
      <Finder d={state} m={m} />
      <Goods m={m} />
      <Chosen m={m} />
      <Where d={state} m={m} />
      <ProxyPayer value={m.payment} onChange={m.setPayment} card="family" />
      {m.error && (
        <Notice tone="danger" testid="proxy-error">
          <Text>{m.error}</Text>
        </Notice>
      )}
      <View className="family-row cc-spread">
        <Text>
          合计 <Money fen={m.chosen.total_fen} size="lg" />
        </Text>
        <Button
          type="primary"
          loading={m.busy && !m.wechat.sim}
          disabled={m.busy || Boolean(m.wechat.sim)}
          data-testid="place-proxy"
          onClick={() => void m.submit()}
        >
          {m.payment === 'family_wechat' ? '微信支付并请家人确认' : '请家人确认'}
        </Button>
      </View>
      {m.wechat.sim && (
        <WechatPaySimSheet amount_fen={m.wechat.sim.amount_fen} busy={m.busy} onConfirm={() => void m.wechat.confirmSimulated()} />
      )}
    </View>
  );
}
