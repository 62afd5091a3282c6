import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { EmptyView, isPending, PendingPage, tappable } from '../../ui';
import { PositionNotice } from '../lib/PositionNotice';
import { COURIER_PAGES } from '../lib/tasks';
import { usePosition } from '../lib/usePosition';
import { TaskCard } from '../lib/TaskCard';
import { useMyTasks } from './useMyTasks';
import '../lib/courier.css';

const HELD = ['claimed', 'picked_up'];

/** 我的任务: in progress (待取件, 配送中) first, then the finished ones; each opens its task page. */
export default function MyTasks() {
  const { state, load } = useMyTasks();
  const positionNotice = usePosition(state.kind === 'ready' && state.items.some((t) => HELD.includes(t.status)));
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void load()} />;
  const held = state.items.filter((t) => HELD.includes(t.status));
  const done = state.items.filter((t) => !HELD.includes(t.status));
  return (
    <View className="page courier-tasks" data-testid="courier-tasks">
      <PositionNotice text={positionNotice} />
      {held.length > 0 && (
        <View
          className="courier-link courier-link--route"
          data-testid="tasks-link-route"
          {...tappable(() => void Taro.navigateTo({ url: COURIER_PAGES.route }))}
        >
          按顺序看配送路线
        </View>
      )}
      <View className="section-title">
        <Text>进行中（{held.length}）</Text>
      </View>
      {held.length === 0 ? (
        <EmptyView title="没有进行中的任务" description="在工作台的任务大厅抢单" />
      ) : (
        held.map((t) => <TaskCard key={t.id} task={t} testid="my-task" />)
      )}
      {done.length > 0 && (
        <View className="section-title">
          <Text>已结束</Text>
        </View>
      )}
      {done.map((t) => (
        <TaskCard key={t.id} task={t} testid="my-task-done" />
      ))}
    </View>
  );
}
