import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Call } from '@cc/shared';
import { NoteBox, Notice, TextField } from '../../ui';
import type { ProviderCall } from './useProviderCall';

/** The last action's outcome and the last failure. */
export function Outcome({ p, where }: { p: ProviderCall; where: 'done' | 'error' }) {
  if (where === 'done')
    return p.done ? (
      <Notice tone="ok" className="provider-call__done">
        <Text>{p.done}</Text>
      </Notice>
    ) : null;
  return p.error ? (
    <Notice tone="danger" className="provider-call__error">
      <Text>{p.error}</Text>
    </Notice>
  ) : null;
}

/** 接单 / 拒单, and the reason when declining. */
export function AcceptOrDecline({ p }: { p: ProviderCall }) {
  if (p.mode === 'decline')
    return (
      <View className="call-card">
        <NoteBox
          className="provider-call__reason"
          label="拒单原因"
          placeholder="如：今天不在社区、缺少配件（服务站会改派他人）"
          submitText="确定拒单"
          min={2}
          danger
          onCancel={() => p.setMode('none')}
          onSubmit={p.decline}
        />
      </View>
    );
  if (p.mode !== 'none') return null;
  return (
    <View className="call-actions call-actions--row">
      <Button
        type="primary"
        size="large"
        className="provider-call__accept"
        loading={p.busy}
        disabled={p.busy}
        onClick={() => void p.accept()}
      >
        接单
      </Button>
      <Button fill="outline" size="large" className="provider-call__decline" disabled={p.busy} onClick={() => p.setMode('decline')}>
        拒单
      </Button>
    </View>
  );
}

/** 记录进展: a note the resident sees. */
export function ProgressNote({ p }: { p: ProviderCall }) {
  return (
    <View className="call-card">
      <NoteBox
        className="provider-call__note"
        label="记录进展"
        placeholder="如：已到现场，正在更换水管，居民会看到这条记录"
        submitText="添加进展"
        min={1}
        onSubmit={p.addNote}
      />
    </View>
  );
}

/** 服务完成: the button, then the fee (optional) and the closing note. */
export function Resolve({ p }: { p: ProviderCall }) {
  if (p.mode !== 'resolve')
    return (
      <View className="call-actions">
        <Button block type="primary" size="large" className="provider-call__resolve-open" onClick={() => p.setMode('resolve')}>
          服务完成
        </Button>
      </View>
    );
  return (
    <View className="call-card">
      <Text className="call-notice__title">确认服务已完成？</Text>
      <TextField
        testid="provider-call-fee"
        label="服务费（元）"
        keypad="decimal"
        required={false}
        hint="免费不填；居民用市民卡钱包支付给您"
        placeholder="如 30"
        value={p.fee}
        onChange={p.setFee}
      />
      <NoteBox
        className="provider-call__resolve"
        label="完成说明"
        placeholder="做了什么、是否需要复查"
        submitText="确认完成"
        onCancel={() => p.setMode('none')}
        onSubmit={p.resolve}
      />
    </View>
  );
}

/** The resident's rating, once given. */
export function RatingNotice({ call: c }: { call: Call }) {
  if (c.rating === null) return null;
  return (
    <Notice tone="ok" title={`居民评价 ${c.rating} 星`}>
      {c.rating_comment && <Text>{c.rating_comment}</Text>}
    </Notice>
  );
}
