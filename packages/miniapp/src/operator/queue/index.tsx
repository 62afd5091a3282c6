import { View } from '@tarojs/components';
import { EmergencyAlerts } from '../lib/alerts';
import '../../calls-common/calls.css';
import './index.css';
import { EmptyView, ErrorView, LoadingView } from '../../ui';
import { QueueHead, QueueList, QueueSummary, QueueTabs } from './sections';
import { useQueue } from './useQueue';

/** 呼叫队列: the community's calls being handled, emergencies first then by SLA deadline, with live countdowns. */
export default function QueuePage() {
  const { state, tab, setTab, now, load, onEvent } = useQueue();
  const alertsBar = <EmergencyAlerts communityId={state.kind === 'ready' ? state.community_id : null} onEvent={onEvent} />;
  if (state.kind !== 'ready')
    return (
      <View className="page">
        {alertsBar}
        {state.kind === 'loading' ? (
          <LoadingView />
        ) : state.kind === 'error' ? (
          <ErrorView message={state.message} onRetry={() => void load()} />
        ) : (
          <EmptyView title="尚未选择社区" description="在首页选择所在社区后可查看该社区的呼叫队列" />
        )}
      </View>
    );
  return (
    <View className="page queue" data-testid="operator-queue">
      {alertsBar}
      <QueueHead />
      <QueueSummary active={state.active} now={now} />
      <QueueTabs tab={tab} activeCount={state.active.length} onTab={setTab} />
      <QueueList tab={tab} list={tab === 'active' ? state.active : state.closed} now={now} />
    </View>
  );
}
