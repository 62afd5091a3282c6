import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { EmptyView, isPending, Notice, PendingPage } from '../../ui';
import { SHOP_PAGES } from '../lib';
import { BlockedNotice, CartBar, CartGroups, ClearCart } from './sections';
import { useCart } from './useCart';
import '../shop.css';

/** 购物车: lines by seller with steppers, why a line cannot be bought, the total, and the way to checkout. */
export default function CartPage() {
  const m = useCart();
  const { state } = m;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void m.load()} />;
  const { cart } = state;
  if (cart.lines.length === 0)
    return (
      <View className="page shop-cart">
        <EmptyView title="购物车是空的" description="去商城看看附近农户和社区商店的商品吧" />
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: SHOP_PAGES.home })}>
          去逛逛
        </Button>
      </View>
    );
  return (
    <View className="page shop-cart shop-page--with-bar">
      {m.error && <Notice tone="danger">{m.error}</Notice>}
      <BlockedNotice cart={cart} m={m} />
      <CartGroups cart={cart} m={m} />
      <ClearCart m={m} />
      <CartBar cart={cart} m={m} />
    </View>
  );
}
