import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { ApiError, routes, type DeliveryTask, type DeliveryTrip } from '@cc/shared';
import type { AttachedPhoto } from '../../ui';
import { call, errorMessage } from '../../api';

/** A trip the courier holds, from their tasks: its station and its parcels (claimed or picked up). */
export type MyTrip = { trip_id: string; station: string; tasks: DeliveryTask[] };
export type OpenTrips = { kind: 'off' } | { kind: 'error'; message: string } | { kind: 'ready'; items: DeliveryTrip[] };
export type TripsState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; open: OpenTrips; mine: MyTrip[] };
type Notice = { tone: 'danger' | 'warning' | 'ok'; text: string };

const HELD = ['claimed', 'picked_up'];

function groupMine(tasks: DeliveryTask[]): MyTrip[] {
  const trips = new Map<string, MyTrip>();
  for (const t of tasks) {
    if (!t.trip_id || !HELD.includes(t.status)) continue;
    const trip = trips.get(t.trip_id) ?? { trip_id: t.trip_id, station: t.drop.label, tasks: [] };
    trip.tasks.push(t);
    trips.set(t.trip_id, trip);
  }
  return [...trips.values()];
}

async function loadOpen(): Promise<OpenTrips> {
  try {
    return { kind: 'ready', items: (await call(routes.listOpenDeliveryTrips, { query: {} })).items };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'courier_off_duty') return { kind: 'off' };
    return { kind: 'error', message: errorMessage(e) };
  }
}

/** 村里的车次: open trips to claim whole, and the courier's own trips to leave at the village station with a photo. */
export function useTrips() {
  const [state, setState] = useState<TripsState>({ kind: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [photos, setPhotos] = useState<Record<string, AttachedPhoto[]>>({});
  const load = useCallback(async () => {
    try {
      const [open, mine] = await Promise.all([loadOpen(), call(routes.listMyTasks, { query: {} })]);
      setState({ kind: 'ready', open, mine: groupMine(mine.items) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  const act = async (id: string, run: () => Promise<Notice>) => {
    setBusy(id);
    setNotice(null);
    try {
      setNotice(await run());
    } catch (e) {
      const taken = e instanceof ApiError && e.code === 'trip_taken';
      setNotice({ tone: taken ? 'warning' : 'danger', text: taken ? '手慢了，这一车已被别人接走，列表已刷新' : errorMessage(e) });
    } finally {
      setBusy(null);
      await load();
    }
  };
  const claim = (trip_id: string) =>
    act(trip_id, async () => {
      const trip = await call(routes.claimDeliveryTrip, { params: { trip_id }, body: {}, idempotencyKey: `trip-${trip_id}-${Date.now()}` });
      return { tone: 'ok', text: `已接下${trip.station_name}这一车，共 ${trip.task_ids.length} 件，请先到商家取件` };
    });
  const drop = (trip_id: string) =>
    act(trip_id, async () => {
      const photo = photos[trip_id]?.[0];
      if (!photo) return { tone: 'warning', text: '请先拍一张包裹放在服务站的照片' };
      const r = await call(routes.dropDeliveryTripAtStation, { params: { trip_id }, body: { photo_upload_id: photo.id } });
      setPhotos((p) => ({ ...p, [trip_id]: [] }));
      return { tone: 'ok', text: `已放到${r.trip.station_name} ${r.dropped} 件，配送费已记入您的账户` };
    });
  const setPhoto = (trip_id: string, v: AttachedPhoto[]) => setPhotos((p) => ({ ...p, [trip_id]: v }));
  return { state, busy, notice, photos, load, claim, drop, setPhoto };
}
