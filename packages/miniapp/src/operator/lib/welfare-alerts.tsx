import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { routes } from '@cc/shared';
import { call } from '../../api';
import type { RealtimeEvent } from '../../realtime';
import { CALL_PAGES } from '../../calls-common/lib';
import { AlertBanners, alertStore, useLiveAlerts, type AlertBannerProps } from './live-alerts';

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

// A catch-up from the queue has no note: the one the event brought is kept.
const store = alertStore<WelfareAlert>(
  (a) => a.call_id,
  (old, next) => ({ ...next, note: next.note ?? old.note }),
);

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** The open 关怀探访 calls when the channel (re)connects: an alert said while it was down is not missed. */
async function catchUp(community_id: string) {
  const page = await call(routes.listCommunityCalls, { params: { community_id }, query: { status: 'open', limit: 100 } });
  for (const c of page.items)
    if (c.service_code === WELFARE_SERVICE)
      store.upsert({ call_id: c.id, call_number: c.number, address: c.address, note: null, at: c.created_at });
}

function onEvent(communityId: string | null, e: RealtimeEvent) {
  if (e.type === 'delivery.welfare_check' && (!communityId || e.community_id === communityId)) {
    const call_id = text(e.call_id);
    if (call_id)
      store.upsert({
        call_id,
        call_number: text(e.call_number) ?? '',
        address: text(e.address) ?? '',
        note: text(e.note),
        at: text(e.at) ?? new Date().toISOString(),
      });
  } else if (e.type === 'call.updated' && typeof e.call_id === 'string' && e.status !== 'open') {
    store.remove(e.call_id);
  }
}

/** One welfare check: the address, what the courier said, the way to the call and 知道了. */
function banner(a: WelfareAlert): AlertBannerProps {
  const open = () => void Taro.navigateTo({ url: `${CALL_PAGES.operatorCall}?id=${a.call_id}` });
  return {
    tone: 'info',
    kind: 'welfare-alert',
    data: { 'data-call-id': a.call_id },
    title: '关怀探访 · 独居老人无人应答',
    at: a.at,
    actions: (
      <>
        <Button type="primary" className="welfare-alert__open" onClick={open}>
          {`查看呼叫 ${a.call_number}`}
        </Button>
        <Button fill="outline" className="welfare-alert__dismiss" onClick={() => store.dismiss(a.call_id)}>
          知道了
        </Button>
      </>
    ),
    main: a.address,
    more: a.note ? `配送员：${a.note}` : null,
  };
}

/**
 * The welfare-check alert of the operator pages (issue 13 §7): a courier found nobody answering at the door of a
 * resident living alone, and the eldercare call was opened. A calm banner — not the emergency's red — with the
 * address, what the courier said and the way to the call; it stays until the call is handled or dismissed.
 */
export function WelfareAlerts({ communityId }: { communityId: string | null }) {
  const list = useLiveAlerts(store, communityId, catchUp, (e) => onEvent(communityId, e));
  return <AlertBanners list={list} keyOf={(a) => a.call_id} banner={banner} />;
}
