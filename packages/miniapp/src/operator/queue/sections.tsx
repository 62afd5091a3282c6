import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Call } from '@cc/shared';
import { CallRow } from '../../calls-common/components';
import { CALL_PAGES } from '../../calls-common/lib';
import { EmptyView, Tabs } from '../../ui';
import { requesterName } from '../lib/scope';
import type { Tab } from './useQueue';

/** 呼叫队列 and the way to 热线代录. */
export function QueueHead() {
  return (
    <View className="queue__head cc-spread">
      <Text className="page-title">呼叫队列</Text>
      <Button type="primary" size="small" className="queue__hotline" onClick={() => void Taro.navigateTo({ url: CALL_PAGES.hotline })}>
        热线代录
      </Button>
    </View>
  );
}

/** How many wait to be acknowledged, are being handled, are past their deadline. */
export function QueueSummary({ active, now }: { active: Call[]; now: number }) {
  const late = active.filter((c) => Date.parse(c.expected_datetime) < now).length;
  const waiting = active.filter((c) => c.status === 'open').length;
  return (
    <View className="queue__summary" data-testid="queue-summary">
      <Text>待受理 {waiting}</Text>
      <Text>处理中 {active.length - waiting}</Text>
      <Text className={late > 0 ? 'queue__late' : ''}>已超时 {late}</Text>
    </View>
  );
}

/** 处理中 (counted) / 最近结束. */
export function QueueTabs({ tab, activeCount, onTab }: { tab: Tab; activeCount: number; onTab(t: Tab): void }) {
  const tabs: { value: Tab; label: string }[] = [
    { value: 'active', label: `处理中（${activeCount}）` },
    { value: 'closed', label: '最近结束' },
  ];
  return <Tabs<Tab> label="呼叫队列" stretch tabs={tabs} value={tab} onChange={onTab} />;
}

/** The calls of the tab, each opening the call's page. */
export function QueueList({ tab, list, now }: { tab: Tab; list: Call[]; now: number }) {
  if (list.length === 0) return <EmptyView title={tab === 'active' ? '队列里没有待处理的呼叫' : '最近没有结束的呼叫'} />;
  return (
    <>
      {list.map((c) => (
        <CallRow
          key={c.id}
          className="queue__row"
          call={c}
          now={now}
          requester={requesterName(c)}
          onClick={() => void Taro.navigateTo({ url: `${CALL_PAGES.operatorCall}?id=${c.id}` })}
        />
      ))}
    </>
  );
}
