import { View, Text } from '@tarojs/components';
import { EmergencyAlerts } from '../lib/alerts';
import { ScopeWaiting } from '../lib/ScopeWaiting';
import '../../commerce/commerce.css';
import '../lib/operator-shop.css';
import { Notice } from '../../ui';
import { HiddenList, ProductSearch } from './sections';
import { useProducts } from './useProducts';

/** 商品隐藏: products the station hid (with the reason; 取消隐藏), and a search of what is on sale here to hide one. */
export default function OperatorProducts() {
  const s = useProducts();
  const { scope } = s;
  const alerts = <EmergencyAlerts communityId={scope.kind === 'ready' ? scope.community_id : null} />;
  if (scope.kind !== 'ready') return <ScopeWaiting scope={scope} alerts={alerts} onRetry={() => void s.reloadScope()} />;
  return (
    <View className="page op-products" data-testid="operator-products">
      {alerts}
      {s.done && (
        <Notice tone="ok" className="op-products__done">
          <Text>{s.done}</Text>
        </Notice>
      )}
      <View className="section-title">
        <Text>已隐藏的商品</Text>
      </View>
      <HiddenList s={s} community_id={scope.community_id} />
      <View className="section-title">
        <Text>查找商品并隐藏</Text>
      </View>
      <ProductSearch s={s} />
    </View>
  );
}
