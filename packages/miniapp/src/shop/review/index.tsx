import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { isPending, Notice, PendingPage } from '../../ui';
import { SHOP_PAGES } from '../lib';
import { ReviewForm, ReviewNotice, ReviewedOrder } from './sections';
import { useReview } from './useReview';
import '../shop.css';

/** 评价订单: 1–5 stars, a few words and up to three photos, once, after the order is completed. */
export default function ReviewPage() {
  const m = useReview();
  const { state } = m;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void m.load()} />;
  const o = state.order;
  const orderUrl = `${SHOP_PAGES.order}?id=${o.id}`;
  if (state.kind === 'done' || o.status !== 'completed') return <ReviewNotice done={state.kind === 'done'} order={o} orderUrl={orderUrl} />;
  return (
    <View className="page shop-review">
      <ReviewedOrder order={o} />
      <ReviewForm m={m} />
      {m.error && <Notice tone="danger">{m.error}</Notice>}
      <Button block type="primary" className="review-submit" loading={m.busy} disabled={m.busy} onClick={() => void m.submit(o)}>
        提交评价
      </Button>
    </View>
  );
}
