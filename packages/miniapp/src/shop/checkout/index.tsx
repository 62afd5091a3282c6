import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { isPending, Notice, PendingPage } from '../../ui';
import { SHOP_PAGES } from '../lib';
import { AddressChoice, ModeChoice, OrderList, PickupChoice, SlotChoice, SubmitBar } from './sections';
import { useCheckout } from './useCheckout';
import '../shop.css';

/**
 * 确认订单: delivery to the door in a slot (address from the address book) or pickup at a station on an open day;
 * the order split by seller; the total the person saw is sent, and a changed price is asked again. Then 去付款.
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
      <ModeChoice d={state} m={m} />
      {m.c.mode === 'slot' && (
        <>
          <AddressChoice d={state} m={m} />
          <SlotChoice d={state} m={m} />
        </>
      )}
      {m.c.mode === 'pickup' && <PickupChoice d={state} m={m} />}
      <OrderList cart={cart} m={m} />
      <SubmitBar d={state} m={m} />
    </View>
  );
}
