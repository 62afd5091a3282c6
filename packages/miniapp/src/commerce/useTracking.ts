import { useCallback, useEffect, useState } from 'react';
import { DELIVERY_POSITION_EVENT, routes, type Order, type OrderTracking } from '@cc/shared';
import { call } from '../api';
import { subscribeRealtime, type RealtimeEvent } from '../realtime';

/** Orders whose delivery task may be on its way: ready for slot delivery (claimed) or out for delivery (picked up). */
const TRACKED = ['ready', 'out_for_delivery'];

export interface TrackingModel {
  tracking: OrderTracking | null;
  /** 0…1 along the way: how much of the longest remaining distance seen here has been covered. */
  progress: number;
}

/**
 * The courier's progress on the buyer's order: loaded once, then every position arrives over the real-time channel
 * (`delivery.position`, for this order only); a step of the task (`delivery.updated`) or a reconnection reloads it.
 * The socket is opened only while the order can be on its way.
 */
export function useTracking(order: Pick<Order, 'id' | 'status' | 'delivery'>): TrackingModel {
  const active = order.delivery.kind === 'slot' && TRACKED.includes(order.status);
  const [tracking, setTracking] = useState<OrderTracking | null>(null);
  const [start_m, setStart] = useState(0);

  const show = useCallback((t: OrderTracking | null) => {
    setTracking(t);
    if (t?.remaining_m) setStart((s) => Math.max(s, t.remaining_m ?? 0));
  }, []);

  const load = useCallback(async () => {
    try {
      show(await call(routes.getOrderTracking, { params: { order_id: order.id } }));
    } catch {
      // No task yet (404) or offline: nothing to show; the next event or reconnection tries again.
      show(null);
    }
  }, [order.id, show]);

  useEffect(() => {
    if (!active) {
      setTracking(null);
      return undefined;
    }
    void load();
    return subscribeRealtime((e: RealtimeEvent) => {
      if (e.type === 'ready') return void load();
      if (e.order_id !== order.id) return;
      if (e.type === DELIVERY_POSITION_EVENT) show(e as unknown as OrderTracking);
      else if (e.type === 'delivery.updated') void load();
    });
  }, [active, order.id, load, show]);

  const remaining = tracking?.remaining_m ?? null;
  const progress = remaining === null || start_m === 0 ? 0 : Math.min(1, Math.max(0, 1 - remaining / start_m));
  return { tracking, progress };
}
