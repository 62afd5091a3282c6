import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Rate, TextArea } from '@nutui/nutui-react-taro';
import { routes, type Order } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { SHOP_PAGES, STAR_WORDS, backTo, isApiError, pageParam } from '../lib';
import '../shop.css';
import { type AttachedPhoto, ErrorView, LoadingView, Notice, PhotoPicker } from '../../ui';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; order: Order } | { kind: 'done'; order: Order };

/** 评价订单: 1–5 stars, a few words and up to three photos, once, after the order is completed. */
export default function ReviewPage() {
  const id = pageParam('id') ?? '';
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [rating, setRating] = useState(0);
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<AttachedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' || s.kind === 'done' ? s : { kind: 'loading' }));
    try {
      const order = await call(routes.getOrder, { params: { order_id: id } });
      setState((s) => (s.kind === 'done' ? s : { kind: 'ready', order }));
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, [id]);
  useDidShow(() => void load());

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  const o = state.order;
  const orderUrl = `${SHOP_PAGES.order}?id=${o.id}`;
  if (state.kind === 'done')
    return (
      <View className="page shop-review">
        <Notice tone="ok" title="感谢您的评价" className="review-done">
          <Text>您的评价会显示在「{o.merchant_name}」的店铺页，帮助邻居们挑选。</Text>
        </Notice>
        <Button block type="primary" className="review-back" onClick={() => backTo(orderUrl)}>
          回到订单
        </Button>
      </View>
    );
  if (o.status !== 'completed')
    return (
      <View className="page">
        <Notice tone="warning" title="确认收货后才能评价">
          <Text>收到商品并确认收货后，再来说说商品和服务怎么样。</Text>
        </Notice>
        <Button block type="primary" onClick={() => backTo(orderUrl)}>
          回到订单
        </Button>
      </View>
    );

  async function submit() {
    if (rating < 1) {
      setError('请先点星星打分');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call(routes.reviewOrder, {
        params: { order_id: o.id },
        body: { rating, text: text.trim(), ...(photos.length ? { photo_ids: photos.map((p) => p.id) } : {}) },
      });
      setState({ kind: 'done', order: o });
    } catch (e) {
      if (isApiError(e, 'already_reviewed')) setState({ kind: 'done', order: o });
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="page shop-review">
      <View className="shop-card">
        <Text className="shop-card__title">{o.merchant_name}</Text>
        <Text className="shop-hint">{o.lines.map((l) => `${l.name} × ${l.quantity}${l.unit}`).join('、')}</Text>
      </View>
      <View className="shop-card">
        <Text className="shop-card__title">商品和服务怎么样？</Text>
        <View className="review-stars">
          <Rate
            className="review-rate"
            count={5}
            value={rating}
            onChange={(v) => {
              setRating(v);
              setError(null);
            }}
          />
          <Text className="review-stars__words">{rating > 0 ? `${rating} 星：${STAR_WORDS[rating]}` : '点星星打分'}</Text>
        </View>
        <View className="shop-field">
          <TextArea
            className="review-text"
            maxLength={500}
            rows={4}
            showCount
            placeholder="说说新鲜不新鲜、分量够不够、送货准不准时（选填）"
            value={text}
            onChange={setText}
          />
        </View>
        <PhotoPicker value={photos} onChange={setPhotos} max={3} hint="拍一拍收到的商品（选填）" />
      </View>
      {error && <Notice tone="danger">{error}</Notice>}
      <Button block type="primary" className="review-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
        提交评价
      </Button>
    </View>
  );
}
