import { View, Text } from '@tarojs/components';
import { CompletedList, EarningsNote, Totals } from './sections';
import { useEarnings } from './useEarnings';
import { NoShop } from '../lib/NoShop';
import '../lib/seller.css';
import { ErrorView, LoadingView } from '../../ui';

/**
 * 收入: the API has no statement of the shop's own ledger account for its owner (only admins read accounts), so the
 * earnings are the completed orders' totals: that is what is settled to the shop after the buyer confirms receipt.
 */
export default function SellerEarnings() {
  const { shopState, reloadShop, load, fetchAll } = useEarnings();
  if (shopState.kind === 'loading' || (shopState.kind === 'ready' && load.kind === 'loading')) return <LoadingView />;
  if (shopState.kind !== 'ready') return <NoShop state={shopState} onRetry={() => void reloadShop()} />;
  if (load.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView message={load.kind === 'error' ? load.message : '正在加载…'} onRetry={() => void fetchAll(shopState.shop.id)} />
      </View>
    );

  const { completed, waiting, refunded, partial } = load;
  return (
    <View className="page seller-earnings">
      <Totals completed={completed} waiting={waiting} />
      <EarningsNote refunded={refunded} partial={partial} />
      <View className="section-title">
        <Text>已完成的订单</Text>
      </View>
      <CompletedList completed={completed} />
    </View>
  );
}
