import { View, Text } from '@tarojs/components';
import { NoShop } from '../lib/NoShop';
import { ProductList, TopActions } from './sections';
import { TABS, useProducts, type Tab } from './useProducts';
import '../lib/seller.css';
import { LoadingView, Notice, Tabs } from '../../ui';

/** 商品: the shop's products by status, 发布商品 and 批量导入. */
export default function SellerProducts() {
  const s = useProducts();
  const { shopState } = s;
  if (shopState.kind === 'loading') return <LoadingView />;
  if (shopState.kind !== 'ready') return <NoShop state={shopState} onRetry={() => void s.reloadShop()} />;
  const canSell = shopState.shop.verification.status === 'verified';
  return (
    <View className="page seller-products">
      <TopActions />
      {!canSell && (
        <Notice tone="warning" className="seller-products__unverified">
          <Text>店铺实名认证通过后才能上架；现在发布的商品先存为草稿。</Text>
        </Notice>
      )}
      {s.done && (
        <Notice tone="ok" className="seller-products__done">
          <Text>{s.done}</Text>
        </Notice>
      )}
      <Tabs<Tab> label="商品状态" tabs={TABS} value={s.tab} onChange={s.setTab} />
      <ProductList s={s} canSell={canSell} />
    </View>
  );
}
