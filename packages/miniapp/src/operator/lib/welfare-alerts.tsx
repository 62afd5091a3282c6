import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { routes } from '@cc/shared';
import { call } from '../../api';
import { useRealtime, type RealtimeEvent } from '../../realtime';
import { CALL_PAGES, when } from '../../calls-common/lib';
import './welfare-alerts.css';

/** The calls service's code of the 关怀探访 a courier's 无人应答 opens (calls/catalogue.ts). */
const WELFARE_SERVICE = 'elder_welfare_check';

/** A welfare check not yet dealt with: no answer at the door of a resident registered as living alone. */
export interface WelfareAlert {
  call_id: string;
  call_number: string;
  address: string;
  /** What the courier said at the door; null when caught up from the queue (the call's description has it). */
  note: string | null;
  at: string;
}

let alerts: WelfareAlert[] = [];
const dismissed = new Set<string>();
const listeners = new Set<(a: WelfareAlert[]) => void>();
const set = (next: WelfareAlert[]) => {
  alerts = next;
  listeners.forEach((l) => l(alerts));
};
const upsert = (a: WelfareAlert) => {
  if (dismissed.has(a.call_id)) return;
  const old = alerts.find((x) => x.call_id === a.call_id);
  set(old ? alerts.map((x) => (x === old ? { ...a, note: a.note ?? old.note } : x)) : [a, ...alerts]);
};
const remove = (call_id: string) => alerts.some((a) => a.call_id === call_id) && set(alerts.filter((a) => a.call_id !== call_id));
function dismiss(call_id: string) {
  dismissed.add(call_id);
  remove(call_id);
}

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** The open 关怀探访 calls when the channel (re)connects: an alert said while it was down is not missed. */
async function catchUp(community_id: string) {
  const page = await call(routes.listCommunityCalls, { params: { community_id }, query: { status: 'open', limit: 100 } });
  for (const c of page.items)
    if (c.service_code === WELFARE_SERVICE)
      upsert({ call_id: c.id, call_number: c.number, address: c.address, note: null, at: c.created_at });
}

function onEvent(communityId: string | null, e: RealtimeEvent) {
  if (e.type === 'delivery.welfare_check' && (!communityId || e.community_id === communityId)) {
    const call_id = text(e.call_id);
    if (call_id)
      upsert({
        call_id,
        call_number: text(e.call_number) ?? '',
        address: text(e.address) ?? '',
        note: text(e.note),
        at: text(e.at) ?? new Date().toISOString(),
      });
  } else if (e.type === 'call.updated' && typeof e.call_id === 'string' && e.status !== 'open') {
    remove(e.call_id);
  } else if (e.type === 'ready' && communityId) {
    void catchUp(communityId).catch(() => undefined);
  }
}

/**
 * The welfare-check alert of the operator pages (issue 13 §7): a courier found nobody answering at the door of a
 * resident living alone, and the eldercare call was opened. A calm banner — not the emergency's red — with the
 * address, what the courier said and the way to the call; it stays until the call is handled or dismissed.
 */
export function WelfareAlerts({ communityId }: { communityId: string | null }) {
  const [list, setList] = useState(alerts);
  useEffect(() => {
    listeners.add(setList);
    setList(alerts);
    return () => void listeners.delete(setList);
  }, []);
  // The community is often known only after the channel said `ready`: catch up then too.
  useEffect(() => {
    if (communityId) void catchUp(communityId).catch(() => undefined);
  }, [communityId]);
  useRealtime((e) => onEvent(communityId, e));
  if (list.length === 0) return null;
  return (
    <View className="welfare-alerts">
      {list.map((a) => (
        <View key={a.call_id} className="welfare-alert" role="alert" data-testid="welfare-alert" data-call-id={a.call_id}>
          <View className="welfare-alert__head">
            <Text className="welfare-alert__title">关怀探访 · 独居老人无人应答</Text>
            <Text className="welfare-alert__time">{when(a.at)}</Text>
          </View>
          <Text className="welfare-alert__address">{a.address}</Text>
          {a.note && <Text className="welfare-alert__note">配送员：{a.note}</Text>}
          <View className="welfare-alert__actions">
            <Button
              type="primary"
              className="welfare-alert__open"
              onClick={() => void Taro.navigateTo({ url: `${CALL_PAGES.operatorCall}?id=${a.call_id}` })}
            >
              {`查看呼叫 ${a.call_number}`}
            </Button>
            <Button fill="outline" className="welfare-alert__dismiss" onClick={() => dismiss(a.call_id)}>
              知道了
            </Button>
          </View>
        </View>
      ))}
    </View>
  );
}
