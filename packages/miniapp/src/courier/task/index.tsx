import { View, Text } from '@tarojs/components';
import { pageParam } from '../../calls-common/lib';
import { isPending, Notice, PendingPage } from '../../ui';
import { TaskExtras } from './TaskExtras';
import { TaskFacts } from './TaskFacts';
import { TaskSteps } from './TaskSteps';
import { WelfareNotice } from './DoorSteps';
import { useTask } from './useTask';
import '../lib/courier.css';

/** 配送任务: what, where and when, then the step the courier takes now (抢单, 取件, 送达 by code or photo, 放到服务站, 无人应答, 放弃, 配送失败). */
export default function CourierTask() {
  const m = useTask(pageParam('id') ?? '', pageParam('claimed') === '1');
  if (isPending(m.state)) return <PendingPage state={m.state} onRetry={() => void m.load()} />;
  const t = m.state.task;
  return (
    <View className="page courier-task-page" data-testid="courier-task" data-status={t.status}>
      {m.done && (
        <Notice tone="ok" testid="task-done">
          <Text>{m.done}</Text>
        </Notice>
      )}
      {m.error && (
        <Notice tone="danger" testid="task-error">
          <Text>{m.error}</Text>
        </Notice>
      )}
      <WelfareNotice call={m.welfare} />
      <TaskFacts task={t} />
      <TaskSteps m={m} task={t} />
      <TaskExtras task={t} onChanged={() => void m.load()} />
    </View>
  );
}
