import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { routes, type Call } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { CallRow } from '../../calls-common/components';
import { CALL_PAGES, stamp } from '../../calls-common/lib';
import { useRealtime } from '../../realtime';
import '../../calls-common/calls.css';
import { EmptyView, ErrorView, LoadingView } from '../../ui';

type Tab = 'todo' | 'done';
type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: Call[] };

/** Everything assigned to me, a page of 100 at a time (a provider has few at once). */
async function assigned(): Promise<Call[]> {
  const items: Call[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 3; i++) {
    const page = await call(routes.listMyCalls, { query: { view: 'assigned', limit: 100, ...(cursor ? { cursor } : {}) } });
    items.push(...page.items);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return stamp(items);
}

/** 我的服务单: 待接单 and 处理中 first (emergencies, then the nearest deadline), then finished ones. */
export default function ProviderCallsPage() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [tab, setTab] = useState<Tab>('todo');
  const [now, setNow] = useState(Date.now());

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState({ kind: 'ready', items: await assigned() });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  useRealtime((e) => {
    if (e.type === 'ready' || e.type.startsWith('call.')) void load();
  });
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );

  const waiting = state.items.filter((c) => c.status === 'assigned');
  const working = state.items.filter((c) => c.status === 'in_progress');
  const done = state.items.filter((c) => !['assigned', 'in_progress'].includes(c.status));
  const byUrgency = (a: Call, b: Call) =>
    (a.priority === 'emergency' ? 0 : 1) - (b.priority === 'emergency' ? 0 : 1) || a.expected_datetime.localeCompare(b.expected_datetime);
  const open = (c: Call) => void Taro.navigateTo({ url: `${CALL_PAGES.providerCall}?id=${c.id}` });
  const section = (title: string, list: Call[], cls: string) =>
    list.length > 0 && (
      <View className={cls}>
        <View className="section-title">
          <Text>
            {title}（{list.length}）
          </Text>
        </View>
        {[...list].sort(byUrgency).map((c) => (
          <CallRow key={c.id} className="provider-call" call={c} now={now} onClick={() => open(c)} />
        ))}
      </View>
    );

  return (
    <View className="page provider-calls">
      <Text className="page-title">我的服务单</Text>
      <View className="call-tabs" role="tablist">
        <View
          className={`call-tab ${tab === 'todo' ? 'call-tab--on' : ''}`}
          role="tab"
          aria-selected={tab === 'todo'}
          onClick={() => setTab('todo')}
        >
          <Text>待办（{waiting.length + working.length}）</Text>
        </View>
        <View
          className={`call-tab ${tab === 'done' ? 'call-tab--on' : ''}`}
          role="tab"
          aria-selected={tab === 'done'}
          onClick={() => setTab('done')}
        >
          <Text>已结束（{done.length}）</Text>
        </View>
      </View>
      {tab === 'todo' ? (
        waiting.length + working.length === 0 ? (
          <EmptyView title="暂时没有派给您的服务单" description="社区服务站派单后会出现在这里" />
        ) : (
          <>
            {section('待接单', waiting, 'provider-calls__waiting')}
            {section('处理中', working, 'provider-calls__working')}
          </>
        )
      ) : done.length === 0 ? (
        <EmptyView title="还没有已结束的服务单" />
      ) : (
        done.map((c) => <CallRow key={c.id} className="provider-call" call={c} now={now} onClick={() => open(c)} />)
      )}
    </View>
  );
}
