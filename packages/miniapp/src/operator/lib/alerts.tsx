import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { routes } from '@cc/shared';
import { call } from '../../api';
import { useRealtime, type RealtimeEvent, type RealtimeStatus } from '../../realtime';
import { CALL_PAGES, CHANNEL_NAMES, when } from '../../calls-common/lib';
import { knownNames, loadNames, requesterName, type Asker } from './scope';
import { StaffAlerts } from './staff-alerts';
import { WelfareAlerts } from './welfare-alerts';
import { alertStore } from './live-alerts';
import './alerts.css';

/** An emergency call not yet dealt with by this operator: shown on every operator page until it is acknowledged or dismissed. */
export interface EmergencyAlert {
  call_id: string;
  requester_id: string | null;
  name: string | null;
  address: string;
  service_name: string;
  channel: string | null;
  at: string;
}

// A repeated event fills in what the first lacked; a name already found is kept.
const store = alertStore<EmergencyAlert>(
  (a) => a.call_id,
  (old, next) => ({ ...old, ...next, name: next.name ?? old.name }),
);
const { upsert, patch, remove } = store;
export const dismissAlert = (call_id: string) => store.dismiss(call_id);

let audio: AudioContext | null = null;
/** Sound and vibration where the platform has them: three beeps in the browser, a long vibration on the phone. */
function ring() {
  try {
    void Taro.vibrateLong({}).catch(() => undefined);
  } catch {
    // no vibration here
  }
  if (process.env.TARO_ENV !== 'h5') return;
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    audio ??= new Ctx();
    void audio.resume().catch(() => undefined);
    const t0 = audio.currentTime;
    for (let i = 0; i < 3; i++) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = i % 2 ? 660 : 880;
      gain.gain.setValueAtTime(0.25, t0 + i * 0.45);
      gain.gain.setValueAtTime(0, t0 + i * 0.45 + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0 + i * 0.45);
      osc.stop(t0 + i * 0.45 + 0.32);
    }
  } catch {
    // the browser refused audio (no user gesture yet): the banner is still there
  }
}

/** Name and service come from the directory and the call itself; the banner is shown first with what the event has. */
function enrich(community_id: string | null, a: EmergencyAlert) {
  if (!a.name && a.requester_id && community_id)
    void loadNames(community_id, true)
      .then(() => patch(a.call_id, { name: a.requester_id ? (knownNames.get(a.requester_id) ?? null) : null }))
      .catch(() => undefined);
  void call(routes.getCall, { params: { call_id: a.call_id }, query: {} })
    .then((c) => {
      if (c.status !== 'open') return remove(c.id);
      patch(a.call_id, { service_name: c.service_name, address: c.address, channel: c.channel });
    })
    .catch(() => undefined);
}

function fromEvent(e: RealtimeEvent): EmergencyAlert | null {
  if (typeof e.call_id !== 'string') return null;
  const requester_id = typeof e.requester_id === 'string' ? e.requester_id : null;
  return {
    call_id: e.call_id,
    requester_id,
    name:
      typeof e.requester_name === 'string'
        ? e.requester_name
        : requester_id
          ? (knownNames.get(requester_id) ?? null)
          : requesterName({ requester_id, channel: e.channel as Asker['channel'] }),
    address: typeof e.address === 'string' ? e.address : '',
    service_name: typeof e.service_name === 'string' ? e.service_name : '紧急求助',
    channel: typeof e.channel === 'string' ? e.channel : null,
    at: typeof e.created_at === 'string' ? e.created_at : new Date().toISOString(),
  };
}

/** Emergency calls still open when the channel (re)connects: nothing said while it was down is missed. */
async function catchUp(community_id: string) {
  const page = await call(routes.listCommunityCalls, { params: { community_id }, query: { status: 'open', limit: 100 } });
  let fresh = false;
  for (const c of page.items) {
    if (c.priority !== 'emergency') continue;
    fresh =
      upsert({
        call_id: c.id,
        requester_id: c.requester_id,
        name: c.requester_id ? (knownNames.get(c.requester_id) ?? null) : requesterName(c),
        address: c.address,
        service_name: c.service_name,
        channel: c.channel,
        at: c.created_at,
      }) || fresh;
  }
  if (fresh) setTimeout(ring, 50);
}

const STATUS_TEXT: Record<RealtimeStatus, string> = {
  connecting: '正在连接紧急求助提醒…',
  open: '紧急求助提醒已开启',
  reconnecting: '提醒连接中断，正在重新连接…',
  off: '未登录，收不到紧急求助提醒',
};

/**
 * The emergency alert of the operator pages: while any operator page is open it listens on the real-time channel and
 * shows an unmissable banner (`.emergency-alert`: who, where, what) at the top of the screen, with sound/vibration.
 * `onEvent` also gets every event (the queue reloads on them).
 */
export function EmergencyAlerts({ communityId, onEvent }: { communityId: string | null; onEvent?: (e: RealtimeEvent) => void }) {
  const [list, setList] = useState(store.list);
  useEffect(() => {
    setList(store.list());
    return store.subscribe(setList);
  }, []);
  useEffect(() => {
    if (communityId) void loadNames(communityId).catch(() => undefined);
  }, [communityId]);

  const status = useRealtime((e) => {
    if (e.type === 'call.emergency' && (!communityId || e.community_id === communityId)) {
      const a = fromEvent(e);
      if (a && upsert(a)) {
        // After the banner is drawn: starting audio can take a moment.
        setTimeout(ring, 50);
        enrich(communityId, a);
      }
    } else if (e.type === 'call.updated' && typeof e.call_id === 'string' && e.status !== 'open') {
      remove(e.call_id);
    } else if (e.type === 'ready' && communityId) {
      void catchUp(communityId).catch(() => undefined);
    }
    onEvent?.(e);
  });

  return (
    <>
      <View className={`realtime-status realtime-status--${status}`} aria-live="polite">
        <View className="realtime-status__dot" />
        <Text>{STATUS_TEXT[status]}</Text>
      </View>
      {list.length > 0 && (
        <View className="emergency-alerts">
          {list.map((a) => (
            <View key={a.call_id} className="emergency-alert" role="alert" aria-live="assertive" data-call-id={a.call_id}>
              <View className="emergency-alert__head cc-spread cc-spread--baseline cc-spread--wrap">
                <Text className="emergency-alert__service">{a.service_name}</Text>
                <Text className="emergency-alert__time">
                  {when(a.at)}
                  {a.channel && a.channel in CHANNEL_NAMES ? ` · ${CHANNEL_NAMES[a.channel as keyof typeof CHANNEL_NAMES]}` : ''}
                </Text>
              </View>
              <Text className="emergency-alert__name">{a.name ?? '居民（正在查询姓名）'}</Text>
              <Text className="emergency-alert__address">{a.address}</Text>
              <View className="live-alert__actions">
                <Button
                  type="default"
                  className="emergency-alert__open"
                  onClick={() => void Taro.navigateTo({ url: `${CALL_PAGES.operatorCall}?id=${a.call_id}` })}
                >
                  立即处理
                </Button>
                <Button fill="outline" className="emergency-alert__dismiss" onClick={() => dismissAlert(a.call_id)}>
                  知道了
                </Button>
              </View>
            </View>
          ))}
        </View>
      )}
      <WelfareAlerts communityId={communityId} />
      <StaffAlerts communityId={communityId} />
    </>
  );
}
