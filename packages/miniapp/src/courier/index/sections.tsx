import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { CourierDuty } from '@cc/shared';
import { Card, EmptyView, ErrorView, tappable } from '../../ui';
import { TaskCard } from '../lib/TaskCard';
import { COURIER_PAGES } from '../lib/tasks';
import type { HallState } from './useWorkbench';

/** 上岗 / 下岗 and how many tasks the courier holds of the most allowed. */
export function DutyCard({ duty, busy, onToggle }: { duty: CourierDuty; busy: boolean; onToggle: () => void }) {
  return (
    <Card className="courier-duty" testid="courier-duty">
      <View className="courier-duty__head cc-spread">
        <Text className="courier-duty__title" data-testid="courier-duty-state">
          {duty.on_duty ? '在岗接单中' : '已下岗'}
        </Text>
      </View>
      <Text className="courier-duty__count" data-testid="courier-duty-count">
        进行中的任务 {duty.active_tasks} / 最多 {duty.max_tasks} 单
      </Text>
      <Text className="courier-muted">
        {duty.on_duty ? '下岗后不再接新任务，手上的任务仍要送完。' : '上岗后才能看到附近的任务并抢单。'}
      </Text>
      <Button
        type={duty.on_duty ? 'default' : 'primary'}
        fill={duty.on_duty ? 'outline' : 'solid'}
        size="large"
        block
        loading={busy}
        disabled={busy}
        className={`courier-duty__toggle courier-duty__toggle--${duty.on_duty ? 'off' : 'on'}`}
        onClick={onToggle}
      >
        {duty.on_duty ? '下岗' : '上岗'}
      </Button>
    </Card>
  );
}

export function CourierLinks() {
  const go = (url: string) => () => void Taro.navigateTo({ url });
  return (
    <View className="courier-links">
      <View className="courier-link" data-testid="courier-link-tasks" {...tappable(go(COURIER_PAGES.tasks))}>
        我的任务
      </View>
      <View className="courier-link" data-testid="courier-link-earnings" {...tappable(go(COURIER_PAGES.earnings))}>
        我的收入
      </View>
      <View className="courier-link" data-testid="courier-link-route" {...tappable(go(COURIER_PAGES.route))}>
        配送路线
      </View>
      <View className="courier-link" data-testid="courier-link-trips" {...tappable(go(COURIER_PAGES.trips))}>
        村里的车次
      </View>
    </View>
  );
}

/** 附近的配送任务, in the order the API gives (nearest first, then the earlier slot), each with 抢单. */
export function TaskHall(props: { hall: HallState; busy: string | null; onClaim: (id: string) => void; onRetry: () => void }) {
  const { hall } = props;
  if (hall.kind === 'off') return <EmptyView title="上岗后显示附近的配送任务" />;
  if (hall.kind === 'error') return <ErrorView message={hall.message} onRetry={props.onRetry} />;
  if (hall.items.length === 0) return <EmptyView title="附近暂时没有待抢的任务" description="下拉可以刷新" />;
  return (
    <View data-testid="courier-hall">
      {hall.items.map((t) => (
        <TaskCard key={t.id} task={t} fromMe_m={t.distance_from_me_m} testid="hall-task">
          <Button
            type="primary"
            size="large"
            block
            className="courier-claim"
            data-task={t.id}
            loading={props.busy === t.id}
            disabled={props.busy !== null}
            onClick={() => props.onClaim(t.id)}
          >
            抢单
          </Button>
        </TaskCard>
      ))}
    </View>
  );
}
