import { View } from '@tarojs/components';
import { isPending, PendingPage } from '../../ui';
import { AddResult, BuyBar, Gallery, ProductFacts, ProductHead } from './sections';
import { purchaseOf, useProduct } from './useProduct';
import '../shop.css';

/** 商品详情: pictures, price per unit, spec, origin, harvest date, producer, stock; add to the cart within the stock. */
export default function ProductPage() {
  const m = useProduct();
  const { state } = m;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void m.load()} />;
  const p = state.product;
  const buy = purchaseOf(state, m.offers, m.quantity);
  return (
    <View className="page shop-product">
      <Gallery product={p} />
      <ProductHead product={p} buy={buy} />
      <ProductFacts product={p} />
      <AddResult m={m} blocked={buy.blocked} />
      <BuyBar product={p} buy={buy} m={m} />
    </View>
  );
}
