import { View, Text } from '@tarojs/components';
import { CallRow } from '../../calls-common/components';
import { CallSection, CallTabs, openCall } from './sections';
import { useProviderCalls } from './useProviderCalls';
import '../../calls-common/calls.css';
import { EmptyView, isPending, PendingPage } from '../../ui';

/** 我的服务单: 待接单 and 处理中 first (emergencies, then the nearest deadline), then finished ones. */
export default function ProviderCallsPage() {
  const { state, load, tab, setTab, now } = useProviderCalls();
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void load()} />;

  const waiting = state.items.filter((c) => c.status === 'assigned');
  const working = state.items.filter((c) => c.status === 'in_progress');
  const done = state.items.filter((c) => !['assigned', 'in_progress'].includes(c.status));
  return (
    <View className="page provider-calls">
      <Text className="page-title">我的服务单</Text>
      <CallTabs tab={tab} onTab={setTab} todo={waiting.length + working.length} done={done.length} />
      {tab === 'todo' ? (
        waiting.length + working.length === 0 ? (
          <EmptyView title="暂时没有派给您的服务单" description="社区服务站派单后会出现在这里" />
        ) : (
          <>
            <CallSection title="待接单" list={waiting} className="provider-calls__waiting" now={now} />
            <CallSection title="处理中" list={working} className="provider-calls__working" now={now} />
          </>
        )
      ) : done.length === 0 ? (
        <EmptyView title="还没有已结束的服务单" />
      ) : (
        done.map((c) => <CallRow key={c.id} className="provider-call" call={c} now={now} onClick={() => openCall(c)} />)
      )}
    </View>
  );
}
