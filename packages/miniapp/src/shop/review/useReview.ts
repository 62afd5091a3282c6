import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { routes, type Order } from '@cc/shared';
import { call, errorMessage } from '../../api';
import type { AttachedPhoto } from '../../ui';
import { isApiError, pageParam } from '../lib';

export type ReviewState =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; order: Order } | { kind: 'done'; order: Order };

/** 评价订单's state: the order, the stars, words and photos, and sending the review once. */
export function useReview() {
  const id = pageParam('id') ?? '';
  const [state, setState] = useState<ReviewState>({ kind: 'loading' });
  const [rating, setRatingRaw] = useState(0);
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

  const setRating = (v: number) => {
    setRatingRaw(v);
    setError(null);
  };

  async function submit(o: Order) {
    if (rating < 1) return setError('请先点星星打分');
    setBusy(true);
    setError(null);
    try {
      await call(routes.reviewOrder, {
        params: { order_id: o.id },
        body: { rating, text: text.trim(), ...(photos.length ? { photo_ids: photos.map((p) => p.id) } : {}) },
      });
      setState({ kind: 'done', order: o });
    } catch (e) {
      // Reviewed already (another tap, another device): the review is there, which is what the person wanted.
      if (isApiError(e, 'already_reviewed')) setState({ kind: 'done', order: o });
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return { state, load, rating, setRating, text, setText, photos, setPhotos, busy, error, submit };
}
export type ReviewModel = ReturnType<typeof useReview>;
