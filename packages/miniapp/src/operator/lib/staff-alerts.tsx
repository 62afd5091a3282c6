import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { routes, StaffAlert as StaffAlertSchema, type StaffAlert } from '@cc/shared';
import { call } from '../../api';
import { useRealtime, type RealtimeEvent } from '../../realtime';
import { when } from '../../calls-common/lib';
import './staff-alerts.css';

/** The terminals whose 找工作人员 is waiting for someone, newest first; shared by every operator page that is open. */
let alerts: StaffAlert[] = [];
const listeners = new Set<(a: StaffAlert[]) => void>();
const set = (next: StaffAlert[]) => {
  alerts = next;
  listeners.forEach((l) => l(alerts));
};
const upsert = (a: StaffAlert) => {
  if (a.status !== 'waiting') return remove(a.id);
  set(alerts.some((x) => x.id === a.id) ? alerts.map((x) => (x.id === a.id ? a : x)) : [a, ...alerts]);
};
const remove = (id: string) => alerts.some((a) => a.id === id) && set(alerts.filter((a) => a.id !== id));

/** The alerts still waiting when the channel (re)connects: a press made while it was down is not missed. */
async function catchUp(community_id: string) {
  const page = await call(routes.listStaffAlerts, { params: { community_id }, query: {} });
  for (const a of page.items.slice().reverse()) upsert(a);
}

function onEvent(communityId: string | null, e: RealtimeEvent) {
  if ((e.type === 'staff.call' || e.type === 'staff.arrived') && (!communityId || e.community_id === communityId)) {
    const parsed = StaffAlertSchema.safeParse(e.alert);
    if (parsed.success) upsert(parsed.data);
  } else if (e.type === 'ready' && communityId) {
    void catchUp(communityId).catch(() => undefined);
  }
}

async function arrived(a: StaffAlert) {
  try {
    upsert(await call(routes.markStaffArrived, { params: { community_id: a.community_id, alert_id: a.id }, body: {} }));
    void Taro.showToast({ title: '已记录到场', icon: 'success' });
  } catch {
    // Someone else got there first (409) or the network failed: the list from the server is the truth.
    void catchUp(a.community_id).catch(() => undefined);
    remove(a.id);
  }
}

/**
 * 找工作人员 (issue 15 item 4) on the operator pages: a person at a kiosk asked for someone to come to the terminal. A
 * banner with the station and the terminal, live over the real-time channel, until an operator presses 已到场.
 */
export function StaffAlerts({ communityId }: { communityId: string | null }) {
  const [list, setList] = useState(alerts);
  useEffect(() => {
    listeners.add(setList);
    setList(alerts);
    return () => void listeners.delete(setList);
  }, []);
  useEffect(() => {
    if (communityId) void catchUp(communityId).catch(() => undefined);
  }, [communityId]);
  useRealtime((e) => onEvent(communityId, e));
  if (list.length === 0) return null;
  return (
    <View className="staff-alerts">
      {list.map((a) => (
        <View key={a.id} className="staff-alert" role="alert" data-testid="staff-alert" data-alert-id={a.id}>
          <View className="staff-alert__head">
            <Text className="staff-alert__title">找工作人员 · 有人在终端旁等候</Text>
            <Text className="staff-alert__time">{when(a.created_at)}</Text>
          </View>
          <Text className="staff-alert__place" data-testid="staff-alert-place">
            {a.station_name} · {a.kiosk_name}
          </Text>
          <Text className="staff-alert__address">{a.address}</Text>
          <View className="staff-alert__actions">
            <Button type="primary" className="staff-alert__arrived" onClick={() => void arrived(a)}>
              已到场
            </Button>
          </View>
        </View>
      ))}
    </View>
  );
}
