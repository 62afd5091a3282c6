import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, TextArea } from '@nutui/nutui-react-taro';
import { ApiError, COURIER_RATING_MAX, routes, type DeliveryTask } from '@cc/shared';
import { call } from '../api';
import { ErrorNotice, Field, Notice, STAR_WORDS, Stars } from '../ui';
import { SlotChooser, slotWords } from './SlotChooser';

/** A hint of the form (a string) or a failure of the call, in the kit's words. */
function Problem({ error }: { error: unknown }) {
  if (error === null) return null;
  if (typeof error === 'string')
    return (
      <Notice tone="danger" testid="aftercare-hint">
        <Text>{error}</Text>
      </Notice>
    );
  return <ErrorNotice error={error} />;
}

function RatedLine({ stars }: { stars: number | 'unknown' }) {
  return (
    <View className="delivery-rated" data-testid="courier-rated">
      <Text>您对配送员的评价：</Text>
      {stars === 'unknown' ? (
        <Text>已评价</Text>
      ) : (
        <Text
          className="delivery-rated__stars cc-stars__lit"
          aria-label={`${stars} 星`}
        >{`${'★'.repeat(stars)} ${STAR_WORDS[stars]}`}</Text>
      )}
    </View>
  );
}

/** 评价配送员 after delivery: 1–5 stars and an optional comment, once; then the stars given. */
export function RateCourier({ task }: { task: DeliveryTask }) {
  // The task carries its rating: the form is shown once, then the stars given (on any device).
  const [rated, setRated] = useState<number | 'unknown' | null>(task.rating?.stars ?? null);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (rated !== null) return <RatedLine stars={rated} />;
  async function submit() {
    if (stars < 1) return setError('请先点星星打分');
    setBusy(true);
    setError(null);
    try {
      const text = comment.trim();
      const r = await call(routes.rateDeliveryCourier, {
        params: { task_id: task.id },
        body: { stars, ...(text ? { comment: text } : {}) },
      });
      setRated(r.stars);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'already_rated') setRated('unknown');
      else setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <View className="delivery-rate" data-testid="courier-rate">
      <Text className="delivery-rate__title">配送员服务得怎么样？请打分</Text>
      <Stars
        label="给配送员打分"
        max={COURIER_RATING_MAX}
        starClass="delivery-star"
        value={stars}
        onChange={(n) => (setStars(n), setError(null))}
      />
      <Field label="说一句（选填）">
        <TextArea maxLength={200} rows={2} autoSize placeholder="例如：送得很及时" value={comment} onChange={setComment} />
      </Field>
      <Problem error={error} />
      <Button block type="primary" className="delivery-rate__submit" loading={busy} disabled={busy} onClick={() => void submit()}>
        提交评价
      </Button>
    </View>
  );
}

/** 预约重新配送 after a failed delivery: a later slot; the task is open for couriers again. */
export function BookRedelivery({ task, onBooked }: { task: DeliveryTask; onBooked(t: DeliveryTask): void }) {
  const [slot, setSlot] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function submit() {
    if (!slot) return setError('请先选择配送时段');
    setBusy(true);
    setError(null);
    try {
      onBooked(await call(routes.redeliverDeliveryTask, { params: { task_id: task.id }, body: { slot_key: slot } }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <View className="delivery-redeliver" data-testid="redeliver-box">
      <Notice tone="warning" title="这次没有送到">
        <Text>{`原定时段 ${slotWords(task.slot_key)}。可以另选时段，重新配送。`}</Text>
      </Notice>
      <Text className="delivery-rate__title">预约重新配送</Text>
      <SlotChooser community_id={task.community_id} except_key={task.slot_key} value={slot} onChange={setSlot} />
      <Problem error={error} />
      <Button block type="primary" className="delivery-redeliver__submit" loading={busy} disabled={busy} onClick={() => void submit()}>
        预约重新配送
      </Button>
    </View>
  );
}
