import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { EmergencyAlerts } from '../lib/alerts';
import { TaskRow } from './TaskRow';
import { TABS, tabWhat, useDispatch, type Tab } from './useDispatch';
import '../../commerce/commerce.css';
import './dispatch.css';
import { EmptyView, ErrorView, LoadingView, PagedList, Tabs } from '../../ui';

/** 配送调度: the community's delivery tasks by status (超时 = the slot began, not picked up), with the operator's actions. */
export default function DispatchBoard() {
  const d = useDispatch();
  usePullDownRefresh(() => void d.reload(undefined, { quiet: true }).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => d.more());

  const alerts = <EmergencyAlerts communityId={d.community_id} />;
  if (d.scope.kind !== 'ready')
    return (
      <View className="page">
        {alerts}
        {d.scope.kind === 'loading' ? (
          <LoadingView />
        ) : (
          <ErrorView
            message={d.scope.kind === 'error' ? d.scope.message : '请先在首页选择要管理的社区'}
            onRetry={() => void d.reloadScope()}
          />
        )}
      </View>
    );

  const { state, tab } = d;
  const body = (
    <PagedList state={state} onRetry={() => void d.reload()} empty={<EmptyView title={`没有${tabWhat(tab)}配送任务`} />}>
      {(items) => items.map((t) => <TaskRow key={t.id} task={t} board={d.board} actions={d.actions} />)}
    </PagedList>
  );

  return (
    <View className="page dispatch" data-testid="dispatch-board">
      {alerts}
      <Tabs<Tab> label="配送任务状态" tabs={TABS} value={tab} onChange={d.setTab} />
      {body}
    </View>
  );
}
