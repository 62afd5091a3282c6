import { useRef, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, TextArea } from '@nutui/nutui-react-taro';
import { ApiError, formatFen, routes, type Call } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { isOpen, newIdempotencyKey, when } from '../../calls-common/lib';
import { Field, FieldHint, NoteBox, Notice, PinInput, Stars } from '../../ui';
import type { CallDetail } from './useCallDetail';

export function Rating({ call: c, onRated }: { call: Call; onRated(c: Call): void }) {
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    if (stars < 1) {
      setError('请先点星星打分');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onRated(
        await call(routes.rateCall, {
          params: { call_id: c.id },
          body: { rating: stars, ...(comment.trim() ? { comment: comment.trim() } : {}) },
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <View className="call-card calls-rate">
      <Text className="call-notice__title">服务满意吗？请打分</Text>
      <Stars label="评分" starClass="call-star" value={stars} onChange={(n) => (setStars(n), setError(null))} />
      <Field label="说说您的感受" required={false} className="calls-rate__comment" error={error}>
        <TextArea maxLength={300} rows={2} autoSize placeholder="例如：师傅很准时" value={comment} onChange={setComment} />
      </Field>
      <View className="call-actions">
        <Button block type="primary" className="calls-rate__submit" loading={busy} disabled={busy} onClick={() => void submit()}>
          提交评价
        </Button>
      </View>
    </View>
  );
}

/** The fee of a resolved call, paid from the citizen-card wallet to the provider; a PIN above the PIN-free limit. */
export function FeePayment({ call: c, onPaid }: { call: Call; onPaid(c: Call): void }) {
  const [pinNeeded, setPinNeeded] = useState(false);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key per payment the person asks for; a retry after a network failure reuses it.
  const key = useRef(newIdempotencyKey('fee'));
  if (!c.fee || c.fee.status === 'paid') return null;
  const fee = c.fee;
  async function pay() {
    if (pinNeeded && !/^\d{6}$/.test(pin)) {
      setError('请输入 6 位支付密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onPaid(await call(routes.payCallFee, { params: { call_id: c.id }, body: pinNeeded ? { pin } : {}, idempotencyKey: key.current }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'pin_required') setPinNeeded(true);
      else setError(errorMessage(e));
      // A refused payment moved nothing: the next attempt is a new one.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) key.current = newIdempotencyKey('fee');
      setPin('');
    } finally {
      setBusy(false);
    }
  }
  return (
    <View className="call-card calls-fee">
      <Text className="call-notice__title">服务费 {formatFen(fee.amount_fen)}</Text>
      {fee.status === 'paying' ? (
        <FieldHint hint="支付正在处理，请稍后下拉刷新查看结果" />
      ) : (
        <>
          <FieldHint hint="服务人员已完成服务，请用市民卡钱包支付。" />
          {pinNeeded && <PinInput name="fee" label="支付密码" value={pin} onChange={setPin} focus />}
          <FieldHint error={error} />
          <View className="call-actions">
            <Button block type="primary" className="calls-fee__pay" loading={busy} disabled={busy} onClick={() => void pay()}>
              用市民卡钱包支付 {formatFen(fee.amount_fen)}
            </Button>
          </View>
        </>
      )}
    </View>
  );
}

/** The notices above the facts: just sent, and the station's note when the call runs late. */
export function TopNotices({ call: c, justCreated }: { call: Call; justCreated: boolean }) {
  return (
    <>
      {justCreated && c.status === 'open' && (
        <Notice tone="ok" title="呼叫已发送" className="calls-detail__sent">
          <Text>
            {c.priority === 'emergency' ? '社区服务站所有值班人员已收到提醒，马上有人联系您。' : '社区服务站会尽快受理，进度会显示在下面。'}
          </Text>
        </Notice>
      )}
      {c.service_notice && isOpen(c) && (
        <Notice tone="warning" title="处理延迟说明" className="calls-detail__notice">
          <Text>{c.service_notice}</Text>
        </Notice>
      )}
    </>
  );
}

/** When an open call is expected to be taken or finished. */
export function Expected({ call: c }: { call: Call }) {
  if (!isOpen(c)) return null;
  return (
    <Notice tone="ok" className="calls-detail__expected">
      <Text>{c.status === 'open' ? `预计 ${when(c.expected_datetime)} 前受理` : `预计 ${when(c.expected_datetime)} 前办结`}</Text>
    </Notice>
  );
}

/** The rating already given. */
export function Rated({ call: c }: { call: Call }) {
  if (c.rating === null) return null;
  return (
    <View className="call-card calls-rated">
      <Text className="call-notice__title">
        您的评价：<Text className="cc-stars__lit">{'★'.repeat(c.rating)}</Text>
        {'☆'.repeat(5 - c.rating)} {c.rating} 星
      </Text>
      {c.rating_comment && <Text className="calls-rated__comment">{c.rating_comment}</Text>}
    </View>
  );
}

/** 取消呼叫: the button, then the question with the reason. */
export function CancelCall({ d, call: c }: { d: CallDetail; call: Call }) {
  if (d.cancelling)
    return (
      <View className="call-card">
        <Text className="call-notice__title calls-cancel__question">确定取消这次呼叫吗？</Text>
        <NoteBox
          className="calls-cancel"
          label="取消原因"
          placeholder="如：问题已经解决了"
          submitText="确定取消"
          danger
          onCancel={() => d.setCancelling(false)}
          onSubmit={(note) => d.cancel(c, note)}
        />
      </View>
    );
  return (
    <View className="call-actions">
      <Button block fill="outline" type="danger" className="calls-cancel__open" onClick={() => d.setCancelling(true)}>
        取消呼叫
      </Button>
    </View>
  );
}
