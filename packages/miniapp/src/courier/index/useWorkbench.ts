import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { routes, type CourierDuty, type Me } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { usePageLoad, type PageLoad } from '../../ui';
import { COURIER_PAGES, lostRace } from '../lib/tasks';

type OpenTask = Awaited<ReturnType<typeof listOpen>>[number];
export type DutyState = PageLoad<{ duty: CourierDuty; me: Me }>;
export type HallState = { kind: 'off' } | { kind: 'error'; message: string } | { kind: 'ready'; items: OpenTask[] };

const listOpen = async () => (await call(routes.listOpenTasks, { query: {} })).items;

/** The community to go on duty in: the last one, else home if the courier serves there, else the first granted. */
function dutyCommunity(duty: CourierDuty, me: Me): string | undefined {
  if (duty.community_id) return duty.community_id;
  const mine = me.roles.filter((r) => r.role === 'courier').map((r) => r.community_id);
  return mine.find((c) => c === me.community_id) ?? mine[0] ?? undefined;
}

/** 工作台: the duty switch and, while on duty, the task hall; a claim opens the task, a lost race refreshes. */
export function useWorkbench() {
  const [hall, setHall] = useState<HallState>({ kind: 'off' });
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: 'danger' | 'warning'; text: string } | null>(null);

  const loadHall = useCallback(async (on: boolean) => {
    if (!on) return setHall({ kind: 'off' });
    try {
      setHall({ kind: 'ready', items: await listOpen() });
    } catch (e) {
      setHall({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  // The page has no id: the signed-in courier's duty is the one thing it reads (with the hall while on duty).
  const {
    state: duty,
    setState: setDuty,
    load,
  } = usePageLoad<{ duty: CourierDuty; me: Me }>('', async () => {
    const [d, me] = await Promise.all([call(routes.getMyDuty, { query: {} }), call(routes.getMe, {})]);
    await loadHall(d.on_duty);
    return { duty: d, me };
  });

  const toggle = async () => {
    if (duty.kind !== 'ready') return;
    const on = !duty.duty.on_duty;
    setBusy('duty');
    setNotice(null);
    try {
      const community_id = on ? dutyCommunity(duty.duty, duty.me) : undefined;
      const d = await call(routes.setMyDuty, { body: { on_duty: on, ...(community_id ? { community_id } : {}) } });
      setDuty({ ...duty, duty: d });
      await loadHall(d.on_duty);
    } catch (e) {
      setNotice({ tone: 'danger', text: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  const claim = async (task_id: string) => {
    setBusy(task_id);
    setNotice(null);
    try {
      await call(routes.claimDeliveryTask, { params: { task_id }, body: {}, idempotencyKey: `claim-${task_id}-${Date.now()}` });
      void Taro.navigateTo({ url: `${COURIER_PAGES.task}?id=${task_id}&claimed=1` });
    } catch (e) {
      const text = lostRace(e) ? '已被其他配送员抢走，任务列表已刷新' : errorMessage(e);
      setNotice({ tone: lostRace(e) ? 'warning' : 'danger', text });
      await load();
    } finally {
      setBusy(null);
    }
  };
  return { duty, hall, busy, notice, load, toggle, claim };
}
