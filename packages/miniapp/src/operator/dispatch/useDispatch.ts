import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import {
  DELIVERY_TASK_STATUS_WORDS,
  routes,
  type CommunityCourier,
  type DeliveryTask,
  type DeliveryTaskStatus,
  type Station,
} from '@cc/shared';
import { call } from '../../api';
import { usePaged } from '../../commerce/lib';
import { useOperatorScope } from '../lib/commerce';
import { loadNames } from '../lib/scope';

/**
 * 全部, 超时 (the slot has started and nobody picked it up: late=true), each status in its one word, and last 已撤回:
 * tasks taken off the road before a courier picked them up (the seller delivered it, or the order was refunded).
 */
export type Tab = DeliveryTaskStatus | 'all' | 'late';
const STATUS_TABS: DeliveryTaskStatus[] = ['open', 'claimed', 'picked_up', 'failed', 'at_station', 'delivered', 'returned', 'withdrawn'];
export const TABS: { value: Tab; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'late', label: '超时' },
  ...STATUS_TABS.map((s) => ({ value: s, label: DELIVERY_TASK_STATUS_WORDS[s].word })),
];
/** The tab in the empty list's words, "没有{tabWhat}配送任务": 超时的, 已撤回的, … (nothing for 全部). */
export function tabWhat(tab: Tab): string {
  return tab === 'all' ? '' : `${TABS.find((x) => x.value === tab)?.label ?? ''}的`;
}

/** What the rows need besides the task: the community's couriers (with names), its stations. */
export interface Board {
  couriers: CommunityCourier[];
  names: Map<string, string>;
  stations: Station[];
}

/**
 * What an operator does to a task from the board; each resolves once the API took it. `reason` is what the operator
 * typed (kept in the task's history, seen by the courier and the resident); blank uses a plain default.
 */
export interface TaskActions {
  reassign(t: DeliveryTask, courier_id: string, reason: string): Promise<void>;
  unlock(t: DeliveryTask, kind: 'pickup' | 'delivery'): Promise<void>;
  redeliver(t: DeliveryTask, slot_key: string, reason: string): Promise<void>;
  returnTo(t: DeliveryTask, station_id: string, reason: string): Promise<void>;
}

/** The typed reason, or the default when it is too short for the API (2 characters at least). */
const reasonOr = (typed: string, fallback: string) => (typed.trim().length >= 2 ? typed.trim() : fallback);

function useBoard(community_id: string | null) {
  const [board, setBoard] = useState<Board>({ couriers: [], names: new Map(), stations: [] });
  const load = useCallback(async () => {
    if (!community_id) return;
    const [couriers, users, stations] = await Promise.all([
      call(routes.listCommunityCouriers, { params: { community_id }, query: {} }),
      loadNames(community_id, true),
      call(routes.listStations, { params: { community_id }, query: { limit: 50 } }),
    ]);
    setBoard({ couriers: couriers.items, names: new Map([...users].map(([id, u]) => [id, u.nickname])), stations: stations.items });
  }, [community_id]);
  return { board, loadBoard: load };
}

/** 调度台: the community's delivery tasks by tab, its couriers and stations, and the operator's actions on a task. */
export function useDispatch() {
  const { scope, reload: reloadScope } = useOperatorScope();
  const community_id = scope.kind === 'ready' ? scope.community_id : null;
  const [tab, setTab] = useState<Tab>('all');
  const { state, reload, more } = usePaged<DeliveryTask>();
  const { board, loadBoard } = useBoard(community_id);

  useEffect(() => {
    if (!community_id) return;
    const filter = tab === 'all' ? {} : tab === 'late' ? { late: 'true' as const } : { status: tab };
    void reload((cursor) =>
      call(routes.listCommunityDeliveryTasks, { params: { community_id }, query: { limit: 20, ...filter, ...(cursor ? { cursor } : {}) } }),
    );
  }, [community_id, tab, reload]);
  useEffect(() => void loadBoard().catch(() => undefined), [loadBoard]);
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) void reload(undefined, { quiet: true });
    setShown(true);
  });

  /** After an action: a word of confirmation, the list and the couriers' loads read again. */
  const done = useCallback(
    async (words: string) => {
      void Taro.showToast({ title: words, icon: 'success' });
      await Promise.all([reload(undefined, { quiet: true }), loadBoard().catch(() => undefined)]);
    },
    [reload, loadBoard],
  );
  const actions: TaskActions = {
    reassign: async (t, courier_id, typed) => {
      const reason = reasonOr(typed, `调度台改派给${board.names.get(courier_id) ?? '另一位配送员'}`);
      await call(routes.reassignDeliveryTask, { params: { task_id: t.id }, body: { courier_id, reason } });
      await done('已改派');
    },
    unlock: async (t, kind) => {
      await call(routes.unlockDeliveryCode, { params: { task_id: t.id }, body: { kind } });
      await done('已解锁');
    },
    redeliver: async (t, slot_key, typed) => {
      const reason = reasonOr(typed, '调度台安排重新配送');
      await call(routes.redeliverDeliveryTask, { params: { task_id: t.id }, body: { slot_key, reason } });
      await done('已安排重新配送');
    },
    returnTo: async (t, station_id, typed) => {
      const reason = reasonOr(typed, '配送失败，退回站点');
      await call(routes.returnDeliveryTask, { params: { task_id: t.id }, body: { station_id, reason } });
      await done('已退回站点');
    },
  };
  return { scope, reloadScope, community_id, tab, setTab, state, reload, more, board, actions };
}
