import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { Call } from '@cc/shared';
import { CallRow } from '../../calls-common/components';
import { CALL_PAGES } from '../../calls-common/lib';
import { byUrgency, type Tab } from './useProviderCalls';

export const openCall = (c: Call) => void Taro.navigateTo({ url: `${CALL_PAGES.providerCall}?id=${c.id}` });

/** 待办 / 已结束 with their counts. */
export function Tabs({ tab, onTab, todo, done }: { tab: Tab; onTab(t: Tab): void; todo: number; done: number }) {
  return (
    <View className="call-tabs" role="tablist">
      <View
        className={`call-tab ${tab === 'todo' ? 'call-tab--on' : ''}`}
        role="tab"
        aria-selected={tab === 'todo'}
        onClick={() => onTab('todo')}
      >
        <Text>待办（{todo}）</Text>
      </View>
      <View
        className={`call-tab ${tab === 'done' ? 'call-tab--on' : ''}`}
        role="tab"
        aria-selected={tab === 'done'}
        onClick={() => onTab('done')}
      >
        <Text>已结束（{done}）</Text>
      </View>
    </View>
  );
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
