import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { EmptyView, isPending, PendingPage } from '../../ui';
import { SHOP_PAGES } from '../lib';
import { precheck } from './problems';
import { PaidView, PayButtons, PayMethod, PayOrders, PayProblem, PinPad } from './sections';
import { totalOf, usePay } from './usePay';
import '../shop.css';
import './pay.css';

/**
 * 付款: everything unpaid of one checkout, paid once from the citizen-card wallet. Above the PIN-free limit the
 * 6-digit PIN is typed on NutUI's on-screen pad (ShortPassword + NumberKeyboard), never the system keyboard.
 */
export default function PayPage() {
  const m = usePay();
  const { state } = m;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void m.load()} />;
  if (state.kind === 'gone')
    return (
      <View className="page">
        <EmptyView title="没有需要付款的订单" description="这笔订单可能已超时取消。可以回到商城重新下单。" />
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: SHOP_PAGES.orders })}>
          查看我的订单
        </Button>
      </View>
    );
  if (state.kind === 'paid') return <PaidView state={state} />;
  const total = totalOf(state.orders);
  const before = precheck(state.wallet, total);
  const shown = m.problem ?? before;
  return (
    <View className="page shop-pay">
      <PayOrders orders={state.orders} />
      <PayMethod wallet={state.wallet} total={total} />
      {shown && <PayProblem problem={shown} />}
      <PayButtons ready={state} blocked={before !== null} m={m} />
      <PinPad ready={state} m={m} />
    </View>
  );
}
