import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { DELIVERY_TASK_TRANSITIONS, type DeliveryTask } from '@cc/shared';
import { SlotChooser, slotWords } from '../../commerce/SlotChooser';
import { ORDER_ACTOR_NAMES, when } from '../../commerce/lib';
import { Card, Chips, ErrorNotice, Notice, StatusTag, TextField } from '../../ui';
import type { Board, TaskActions } from './useDispatch';

type Panel = 'reassign' | 'redeliver' | 'return';
const CODE_NAMES = { pickup: '取件码', delivery: '收件码' } as const;
/** What a reason could say; it is kept in the task's history, where the courier and the resident read it. */
const REASON_HINTS: Record<Panel, string> = {
  reassign: '如：原配送员请假',
  redeliver: '如：居民来电约了明天上午',
  return: '如：居民外出一周，货放服务站',
};

/** A courier as the operator chooses among them: name, load, residents' rating. */
function courierLabel(c: Board['couriers'][number], names: Board['names']): string {
  const rating = c.rating.average === null ? '暂无评分' : `评分 ${c.rating.average}（${c.rating.count}）`;
  return `${names.get(c.courier_id) ?? '配送员'} · ${c.active_tasks}/${c.max_tasks} 单 · ${rating}`;
}

/** One choice (a courier, a slot, a station) and its confirm button; the API's refusal is shown in place. */
function ChoicePanel(props: { task: DeliveryTask; panel: Panel; board: Board; actions: TaskActions; onDone(): void }) {
  const { task, panel, board } = props;
  const [choice, setChoice] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const act = { reassign: props.actions.reassign, redeliver: props.actions.redeliver, return: props.actions.returnTo }[panel];
  async function confirm() {
    if (!choice) return;
    setBusy(true);
    setError(null);
    try {
      await act(task, choice, reason);
      props.onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const onDuty = board.couriers.filter((c) => c.on_duty && c.courier_id !== task.courier_id);
  return (
    <View className="dispatch-panel" data-testid={`dispatch-panel-${panel}`}>
      {panel === 'reassign' &&
        (onDuty.length === 0 ? (
          <Text>本社区没有其他在岗的配送员</Text>
        ) : (
          <Chips
            options={onDuty.map((c) => ({ value: c.courier_id, label: courierLabel(c, board.names) }))}
            value={choice}
            onChange={setChoice}
          />
        ))}
      {panel === 'redeliver' && (
        <SlotChooser community_id={task.community_id} except_key={task.slot_key} value={choice} onChange={setChoice} />
      )}
      {panel === 'return' && (
        <Chips options={board.stations.map((s) => ({ value: s.id, label: s.name }))} value={choice} onChange={setChoice} />
      )}
      <TextField
        testid="dispatch-reason"
        label="原因（可不填）"
        placeholder={REASON_HINTS[panel]}
        maxLength={200}
        value={reason}
        onChange={setReason}
      />
      {error !== null && <ErrorNotice error={error} />}
      <Button type="primary" className="dispatch-confirm" loading={busy} disabled={busy || !choice} onClick={() => void confirm()}>
        {{ reassign: '确认改派', redeliver: '确认重新配送', return: '确认退回' }[panel]}
      </Button>
    </View>
  );
}

/** The buttons a task's status allows: 改派 before pickup, 解锁 a locked code, after a failure 重新配送 or 退回站点. */
function RowButtons(props: {
  task: DeliveryTask;
  panel: Panel | null;
  onPanel(p: Panel | null): void;
  onUnlock(k: 'pickup' | 'delivery'): void;
}) {
  const { task, panel } = props;
  const can = (a: keyof typeof DELIVERY_TASK_TRANSITIONS) => (DELIVERY_TASK_TRANSITIONS[a].from as readonly string[]).includes(task.status);
  const toggle = (p: Panel) => props.onPanel(panel === p ? null : p);
  const locked = (['pickup', 'delivery'] as const).filter((k) => task.codes_locked[k]);
  return (
    <View className="dispatch-row__actions">
      {can('reassign') && (
        <Button size="small" fill="outline" className="dispatch-act--reassign" onClick={() => toggle('reassign')}>
          改派
        </Button>
      )}
      {locked.map((k) => (
        <Button key={k} size="small" fill="outline" className={`dispatch-act--unlock-${k}`} onClick={() => props.onUnlock(k)}>
          {`解锁${CODE_NAMES[k]}`}
        </Button>
      ))}
      {can('redeliver') && (
        <Button size="small" fill="outline" className="dispatch-act--redeliver" onClick={() => toggle('redeliver')}>
          重新配送
        </Button>
      )}
      {can('return') && (
        <Button size="small" fill="outline" className="dispatch-act--return" onClick={() => toggle('return')}>
          退回站点
        </Button>
      )}
    </View>
  );
}

/**
 * 已撤回: when the task left the road, by whom (the seller delivering it, or the system on a refund) and why, from
 * the withdrawal step of its history.
 */
function WithdrawnLine({ task }: { task: DeliveryTask }) {
  const step = [...task.history].reverse().find((h) => h.action === 'withdraw');
  if (!step) return null;
  const by = ORDER_ACTOR_NAMES[step.actor_role as keyof typeof ORDER_ACTOR_NAMES] ?? '服务站';
  return (
    <Text className="dispatch-row__line" data-testid="dispatch-withdrawn">
      {`${when(step.at)} 由${by}撤回${step.reason ? `：${step.reason}` : ''}`}
    </Text>
  );
}

/** A task on the board: order number, slot, courier, status, and what the operator can do with it. */
export function TaskRow({ task, board, actions }: { task: DeliveryTask; board: Board; actions: TaskActions }) {
  const [panel, setPanel] = useState<Panel | null>(null);
  const [error, setError] = useState<unknown>(null);
  const locked = (['pickup', 'delivery'] as const).filter((k) => task.codes_locked[k]);
  const courier = task.courier_id ? (board.names.get(task.courier_id) ?? '配送员') : '未接单';
  const unlock = (k: 'pickup' | 'delivery') => {
    setError(null);
    actions.unlock(task, k).catch(setError);
  };
  return (
    <Card className="dispatch-row" testid="dispatch-task">
      <View className="dispatch-row__head cc-spread cc-spread--wrap" data-task-status={task.status}>
        <Text className="dispatch-row__number">{`订单 ${task.order_number ?? '（无编号）'}`}</Text>
        <StatusTag lifecycle="delivery" status={task.status} />
      </View>
      <Text className="dispatch-row__line">{`时段 ${slotWords(task.slot_key)}`}</Text>
      <Text className="dispatch-row__line" data-testid="dispatch-courier">{`配送员 ${courier}`}</Text>
      {task.status === 'withdrawn' && <WithdrawnLine task={task} />}
      {locked.length > 0 && (
        <Notice tone="danger" testid="dispatch-locked">
          <Text>{`${locked.map((k) => CODE_NAMES[k]).join('、')}输错次数过多，已锁定`}</Text>
        </Notice>
      )}
      <RowButtons task={task} panel={panel} onPanel={setPanel} onUnlock={unlock} />
      {error !== null && <ErrorNotice error={error} />}
      {panel && <ChoicePanel key={panel} task={task} panel={panel} board={board} actions={actions} onDone={() => setPanel(null)} />}
    </Card>
  );
}
