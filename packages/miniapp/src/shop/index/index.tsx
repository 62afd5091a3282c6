import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { EmptyView, isPending, PendingPage } from '../../ui';
import { Categories, CommunityBar, CommunityPicker, Entries, HomeSearch, LocalStrip, Popular } from './sections';
import { useShopHome } from './useShopHome';
import '../shop.css';

/** 社区商城 home: the community being shopped for, search, categories, local produce, cart and orders. */
export default function ShopHome() {
  const m = useShopHome();
  const { state } = m;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void m.load()} />;
  if (state.kind === 'no-community')
    return (
      <View className="page">
        <EmptyView title="请先选择您所在的社区或村" description="商城按社区或村显示能送到您家的商品" />
        <Button block type="primary" onClick={() => void m.openPicker()}>
          选择社区或村
        </Button>
        <CommunityPicker m={m} />
      </View>
    );
  return (
    <View className="page shop-home">
      <CommunityBar community={state.community} m={m} />
      <HomeSearch m={m} />
      <Entries cartCount={state.cartCount} />
      <Categories categories={state.categories} />
      <LocalStrip local={state.local} offers={m.offers} />
      <Popular popular={state.popular} community={state.community} offers={m.offers} />
      <CommunityPicker m={m} />
    </View>
  );
}
