import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { routes, StaffAlert as StaffAlertSchema, type StaffAlert } from '@cc/shared';
import { call } from '../../api';
import type { RealtimeEvent } from '../../realtime';
import { AlertBanners, alertStore, useLiveAlerts, type AlertBannerProps } from './live-alerts';

/** The terminals whose 找工作人员 is waiting for someone, newest first; shared by every operator page that is open. */
const store = alertStore<StaffAlert>((a) => a.id);
/** Only a waiting alert is shown: one answered elsewhere leaves the banner. */
const upsert = (a: StaffAlert) => (a.status === 'waiting' ? store.upsert(a) : store.remove(a.id));

/** The alerts still waiting when the channel (re)connects: a press made while it was down is not missed. */
async function catchUp(community_id: string) {
  const page = await call(routes.listStaffAlerts, { params: { community_id }, query: {} });
  for (const a of page.items.slice().reverse()) upsert(a);
}

function onEvent(communityId: string | null, e: RealtimeEvent) {
  if ((e.type === 'staff.call' || e.type === 'staff.arrived') && (!communityId || e.community_id === communityId)) {
    const parsed = StaffAlertSchema.safeParse(e.alert);
    if (parsed.success) upsert(parsed.data);
  }
}

async function arrived(a: StaffAlert) {
  try {
    upsert(await call(routes.markStaffArrived, { params: { community_id: a.community_id, alert_id: a.id }, body: {} }));
    void Taro.showToast({ title: '已记录到场', icon: 'success' });
  } catch {
    // Someone else got there first (409) or the network failed: the list from the server is the truth.
    void catchUp(a.community_id).catch(() => undefined);
    store.remove(a.id);
  }
}

/** One waiting alert: the station and the terminal, where it is, and 已到场. */
function banner(a: StaffAlert): AlertBannerProps {
  return {
    tone: 'warning',
    kind: 'staff-alert',
    data: { 'data-alert-id': a.id },
    title: '找工作人员 · 有人在终端旁等候',
    at: a.created_at,
    actions: (
      <Button type="primary" className="staff-alert__arrived" onClick={() => void arrived(a)}>
        已到场
      </Button>
    ),
    main: `${a.station_name} · ${a.kiosk_name}`,
    mainTestid: 'staff-alert-place',
    more: a.address,
  };
}

/**
 * 找工作人员 (issue 15 item 4) on the operator pages: a person at a kiosk asked for someone to come to the terminal. A
 * banner with the station and the terminal, live over the real-time channel, until an operator presses 已到场.
 */
export function StaffAlerts({ communityId }: { communityId: string | null }) {
  const list = useLiveAlerts(store, communityId, catchUp, (e) => onEvent(communityId, e));
  return <AlertBanners list={list} keyOf={(a) => a.id} banner={banner} />;
}
