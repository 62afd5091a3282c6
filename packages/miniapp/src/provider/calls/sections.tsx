import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { Call } from '@cc/shared';
import { CallRow } from '../../calls-common/components';
import { CALL_PAGES } from '../../calls-common/lib';
import { Tabs } from '../../ui';
import { byUrgency, type Tab } from './useProviderCalls';

export const openCall = (c: Call) => void Taro.navigateTo({ url: `${CALL_PAGES.providerCall}?id=${c.id}` });

/** 待办 / 已结束 with their counts. */
export function CallTabs({ tab, onTab, todo, done }: { tab: Tab; onTab(t: Tab): void; todo: number; done: number }) {
  const tabs: { value: Tab; label: string }[] = [
    { value: 'todo', label: `待办（${todo}）` },
    { value: 'done', label: `已结束（${done}）` },
  ];
  return <Tabs<Tab> label="呼叫" stretch tabs={tabs} value={tab} onChange={onTab} />;
}

/** A titled, counted list sorted by urgency; nothing when empty. */
export function CallSection({ title, list, className, now }: { title: string; list: Call[]; className: string; now: number }) {
  if (list.length === 0) return null;
  return (
    <View className={className}>
      <View className="section-title">
        <Text>
          {title}（{list.length}）
        </Text>
      </View>
      {[...list].sort(byUrgency).map((c) => (
        <CallRow key={c.id} className="provider-call" call={c} now={now} onClick={() => openCall(c)} />
      ))}
    </View>
  );
}
