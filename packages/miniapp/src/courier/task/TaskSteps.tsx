import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { DELIVERY_CODE_DIGITS, type DeliveryTask } from '@cc/shared';
import { Card, Notice, ReasonBox, TextField } from '../../ui';
import type { useTask } from './useTask';
import { DoorSteps } from './DoorSteps';

type Task = ReturnType<typeof useTask>;

/** The other party's code on a number keypad, then the step (取件 or 送达); locked codes say ask the station. */
function CodeStep(props: { kind: 'pickup' | 'delivery'; locked: boolean; busy: boolean; onSubmit: (code: string) => Promise<boolean> }) {
  const [code, setCode] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const pickup = props.kind === 'pickup';
  const words = pickup ? '取件码' : '收件码';
  if (props.locked)
    return (
      <Notice tone="danger" testid="code-locked">
        <Text>{words}输错次数过多，已锁定，请联系服务站解锁后再试。</Text>
      </Notice>
    );
  const submit = async () => {
    if (!new RegExp(`^\\d{${DELIVERY_CODE_DIGITS}}$`).test(code)) return setHint(`请输入 ${DELIVERY_CODE_DIGITS} 位数字`);
    setHint(null);
    if (await props.onSubmit(code)) setCode('');
  };
  return (
    <View className="courier-code-step">
      <TextField
        testid={`${props.kind}-code`}
        label={pickup ? '卖家的取件码' : '收件人的收件码'}
        hint={pickup ? '请卖家告诉您 6 位取件码' : '请收件人告诉您 6 位收件码'}
        keypad="numeric"
        maxLength={DELIVERY_CODE_DIGITS}
        value={code}
        error={hint}
        onChange={(v) => setCode(v.replace(/\D/g, ''))}
      />
      <Button
        type="primary"
        size="large"
        block
        className={`courier-act courier-act--${props.kind}`}
        loading={props.busy}
        disabled={props.busy}
        onClick={() => void submit()}
      >
        {pickup ? '取件' : '送达'}
      </Button>
    </View>
  );
}

/** Give up (before pickup) or report a failure (after), with a reason the station reads. */
function ReasonStep({ m, kind }: { m: Task; kind: 'release' | 'fail' }) {
  const release = kind === 'release';
  if (m.asking !== kind)
    return (
      <Button
        size="large"
        block
        fill="outline"
        type="danger"
        className={`courier-act courier-act--${kind}`}
        onClick={() => m.setAsking(kind)}
      >
        {release ? '放弃' : '配送失败'}
      </Button>
    );
  return (
    <ReasonBox
      className={`courier-reason courier-reason--${kind}`}
      label={release ? '放弃的原因' : '配送失败的原因'}
      placeholder={release ? '如：车坏了，赶不上这个时段' : '如：收件人电话打不通，家中无人'}
      submitText={release ? '确定放弃' : '确定配送失败'}
      danger
      onCancel={() => m.setAsking(null)}
      onSubmit={(reason) => (release ? m.actions.release(reason) : m.actions.fail(reason))}
    />
  );
}

/** What the courier can do now, by the task's status. */
export function TaskSteps({ m, task: t }: { m: Task; task: DeliveryTask }) {
  if (t.status === 'open')
    return (
      <Card className="courier-actions">
        <Button
          type="primary"
          size="large"
          block
          className="courier-act courier-act--claim"
          loading={m.busy}
          disabled={m.busy}
          onClick={() => void m.actions.claim()}
        >
          抢单
        </Button>
      </Card>
    );
  if (t.status === 'claimed' || t.status === 'picked_up') {
    const kind = t.status === 'claimed' ? 'pickup' : 'delivery';
    // While the courier fills in a step at the door (photo, station, 无人应答) only that step shows.
    const atDoor = m.asking === 'photo' || m.asking === 'station' || m.asking === 'no_answer';
    return (
      <Card className="courier-actions" title={kind === 'pickup' ? '到卖家处取件' : t.drop.station_id ? '送到服务站' : '送到收件人手中'}>
        {!atDoor && (
          <CodeStep
            kind={kind}
            locked={t.codes_locked[kind]}
            busy={m.busy}
            onSubmit={kind === 'pickup' ? m.actions.pickUp : m.actions.deliver}
          />
        )}
        {kind === 'delivery' && <DoorSteps m={m} task={t} />}
        {!atDoor && <ReasonStep m={m} kind={kind === 'pickup' ? 'release' : 'fail'} />}
      </Card>
    );
  }
  return null;
}
