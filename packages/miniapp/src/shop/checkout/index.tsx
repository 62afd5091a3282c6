import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { isPending, Notice, PendingPage } from '../../ui';
import { SHOP_PAGES } from '../lib';
import { ProxyPayer } from '../../family/Payer';
import { WechatPaySimSheet } from '../../wallet/wechat-sim';
import { ElderAddressChoice, ElderPending, ForWhomChoice, KeptOut, chosenElder, targetOf } from './ForWhom';
import { AddressChoice, ModeChoice, OrderList, PickupChoice, SlotChoice, SubmitBar } from './sections';
import { useCheckout, type CheckoutModel, type Data } from './useCheckout';
import '../shop.css';

/** How it comes and what is in it: for the person, or (为谁下单) for the elder's community and the lines that go there. */
function Order({ d, m }: { d: Data; m: CheckoutModel }) {
  const elder = chosenElder(m);
  const target = targetOf(d, elder);
  return (
    <>
      <ModeChoice d={target} m={m} />
      {m.c.mode === 'slot' && (
        <>
          {elder ? <ElderAddressChoice elder={elder} m={m} /> : <AddressChoice d={target} m={m} />}
          <SlotChoice d={target} m={m} />
        </>
      )}
      {m.c.mode === 'pickup' && <PickupChoice d={target} m={m} />}
      {elder && <KeptOut elder={elder} />}
      {target.cart.lines.length > 0 && <OrderList cart={target.cart} m={m} />}
      {elder && <ProxyPayer value={m.w.payment} onChange={m.w.setPayment} card="shop" />}
      {target.cart.lines.length > 0 && <SubmitBar d={target} m={m} />}
    </>
  );
}

/**
 * 确认订单: delivery to the door in a slot (address from the address book) or pickup at a station on an open day;
 * the order split by seller; the total the person saw is sent, and a changed price is asked again. Then 去付款.
 * With an approved family link, 为谁下单 can make it an order for the elder instead (useForWhom).
 */
export default function CheckoutPage() {
  const m = useCheckout();
  const { state } = m;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void m.load()} />;
  const { cart } = state;
  const lines = cart.lines.filter((l) => !l.unavailable);
  if (lines.length === 0 || cart.lines.some((l) => l.unavailable))
    return (
      <View className="page">
        <Notice tone="warning" title={lines.length === 0 ? '购物车里没有可以结算的商品' : '购物车里有现在买不了的商品'}>
          <Text>请回到购物车调整后再结算。</Text>
        </Notice>
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: SHOP_PAGES.cart })}>
          回到购物车
        </Button>
      </View>
    );
  return (
    <View className={`page shop-checkout ${m.priceChanged || m.error ? 'shop-page--with-tall-bar' : 'shop-page--with-bar'}`}>
      <ForWhomChoice d={state} m={m} />
      <ElderPending m={m} />
      {m.w.elder?.kind !== 'loading' && m.w.elder?.kind !== 'error' && <Order d={state} m={m} />}
      {m.w.wechat.sim && (
        <WechatPaySimSheet amount_fen={m.w.wechat.sim.amount_fen} busy={m.busy} onConfirm={() => void m.w.wechat.confirmSimulated()} />
      )}
    </View>
  );
}
