import { View } from '@tarojs/components';
import { ErrorView, LoadingView } from '../../ui';
import { SellerHead, SellerProducts, SellerReviews } from './sections';
import { useSeller } from './useSeller';
import '../shop.css';

/** 店铺页: who sells, where it comes from, whom it delivers to, and what is on sale for this community. */
export default function SellerPage() {
  const m = useSeller();
  const { head, state } = m;
  if (head.kind === 'error' || state.kind === 'error')
    return (
      <View className="page">
        <ErrorView
          message={head.kind === 'error' ? head.message : state.kind === 'error' ? state.message : ''}
          onRetry={() => void m.load()}
        />
      </View>
    );
  if (head.kind === 'loading' || state.kind === 'loading') return <LoadingView />;
  return (
    <View className="page shop-seller">
      <SellerHead merchant={head.merchant} reviews={m.reviews} />
      <SellerReviews reviews={m.reviews} />
      <SellerProducts serves={head.serves} m={m} />
    </View>
  );
}
