import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { routes, type Call } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { CallRow } from '../../calls-common/components';
import { CALL_PAGES, stamp } from '../../calls-common/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { loadNames, operatorMe, requesterName, scopeOf } from '../lib/scope';
import '../../calls-common/calls.css';
import './index.css';
import { EmptyView, ErrorView, LoadingView } from '../../ui';

type Tab = 'active' | 'closed';
type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'no-community' }
  | { kind: 'ready'; community_id: string; active: Call[]; closed: Call[] };

/** Emergencies first, then the nearest SLA deadline (acknowledge while open, resolve after): as the API orders it, kept while the page re-sorts nothing else. */
function queueOrder(a: Call, b: Call): number {
  return (
    (a.priority === 'emergency' ? 0 : 1) - (b.priority === 'emergency' ? 0 : 1) || a.expected_datetime.localeCompare(b.expected_datetime)
  );
}

/** The API orders the open queue (emergencies, then the SLA deadline); the closed ones newest first. */
async function fetchQueue(community_id: string): Promise<{ active: Call[]; closed: Call[] }> {
  const params = { community_id };
  const [active, closed] = await Promise.all([
    call(routes.listCommunityCalls, { params, query: { state: 'open', limit: 100 } }),
    call(routes.listCommunityCalls, { params, query: { state: 'closed', limit: 30 } }),
  ]);
  return {
    active: stamp(active.items).sort(queueOrder),
    closed: closed.items.sort((a, b) => b.updated_at.localeCompare(a.updated_at)),
  };
}

/** 呼叫队列: the community's calls being handled, emergencies first then by SLA deadline, with live countdowns. */
export default function QueuePage() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [tab, setTab] = useState<Tab>('active');
  const [now, setNow] = useState(Date.now());
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const me = await operatorMe();
      const community_id = scopeOf(me);
      if (!community_id) return setState({ kind: 'no-community' });
      const [queue] = await Promise.all([fetchQueue(community_id), loadNames(community_id).catch(() => null)]);
      setState({ kind: 'ready', community_id, ...queue });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(t);
      if (reloadTimer.current) clearTimeout(reloadTimer.current);
    };
  }, []);
  // Calls change under us: reload (at most every 300 ms) on each event.
  const onEvent = useCallback(
    (e: { type: string }) => {
      if (e.type !== 'ready' && !e.type.startsWith('call.')) return;
      if (reloadTimer.current) return;
      reloadTimer.current = setTimeout(() => {
        reloadTimer.current = null;
        void load();
      }, 300);
    },
    [load],
  );

  const communityId = state.kind === 'ready' ? state.community_id : null;
  const alertsBar = <EmergencyAlerts communityId={communityId} onEvent={onEvent} />;

  if (state.kind === 'loading')
    return (
      <View className="page">
        {alertsBar}
        <LoadingView />
      </View>
    );
  if (state.kind === 'error')
    return (
      <View className="page">
        {alertsBar}
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  if (state.kind === 'no-community')
    return (
      <View className="page">
        {alertsBar}
        <EmptyView title="尚未选择社区" description="在首页选择所在社区后可查看该社区的呼叫队列" />
      </View>
    );

  const list = tab === 'active' ? state.active : state.closed;
  const late = state.active.filter((c) => Date.parse(c.expected_datetime) < now).length;
  const waiting = state.active.filter((c) => c.status === 'open').length;
  return (
    <View className="page queue">
      {alertsBar}
      <View className="queue__head">
        <Text className="page-title">呼叫队列</Text>
        <Button type="primary" size="small" className="queue__hotline" onClick={() => void Taro.navigateTo({ url: CALL_PAGES.hotline })}>
          热线代录
        </Button>
      </View>
      <View className="queue__summary">
        <Text>待受理 {waiting}</Text>
        <Text>处理中 {state.active.length - waiting}</Text>
        <Text className={late > 0 ? 'queue__late' : ''}>已超时 {late}</Text>
      </View>
      <View className="call-tabs" role="tablist">
        <View
          className={`call-tab ${tab === 'active' ? 'call-tab--on' : ''}`}
          role="tab"
          aria-selected={tab === 'active'}
          onClick={() => setTab('active')}
        >
          <Text>处理中（{state.active.length}）</Text>
        </View>
        <View
          className={`call-tab ${tab === 'closed' ? 'call-tab--on' : ''}`}
          role="tab"
          aria-selected={tab === 'closed'}
          onClick={() => setTab('closed')}
        >
          <Text>最近结束</Text>
        </View>
      </View>
      {list.length === 0 ? (
        <EmptyView title={tab === 'active' ? '队列里没有待处理的呼叫' : '最近没有结束的呼叫'} />
      ) : (
        list.map((c) => (
          <CallRow
            key={c.id}
            className="queue__row"
            call={c}
            now={now}
            requester={requesterName(c)}
            onClick={() => void Taro.navigateTo({ url: `${CALL_PAGES.operatorCall}?id=${c.id}` })}
          />
        ))
      )}
    </View>
  );
}
