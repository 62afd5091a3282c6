import { View } from '@tarojs/components';
import { ErrorView } from '../../ui';
import type { ShopState } from './shop';

/** What a seller page shows while the shop could not be read, or when there is none yet. */
export function NoShop({ state, onRetry }: { state: Exclude<ShopState, { kind: 'ready' } | { kind: 'loading' }>; onRetry(): void }) {
  return (
    <View className="page" data-testid="seller-no-shop">
      <ErrorView message={state.kind === 'none' ? '您还没有店铺，请先登记开店' : state.message} onRetry={onRetry} />
    </View>
  );
}
