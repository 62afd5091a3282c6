import { ApiError, type DeliveryTask } from '@cc/shared';
import { when } from '../../commerce/lib';

export const COURIER_PAGES = {
  home: '/courier/index/index',
  tasks: '/courier/tasks/index',
  task: '/courier/task/index',
  earnings: '/courier/earnings/index',
  route: '/courier/route/index',
  trips: '/courier/trips/index',
} as const;

/** 850 m, 1.2 km: how far, as a courier reads it. */
export function distanceText(m: number): string {
  return m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(1)} 公里`;
}

/** The slot as the date and start time the courier must be at the door by. */
export const slotText = (t: Pick<DeliveryTask, 'slot_starts_at'>) => `${when(t.slot_starts_at)} 起`;

/** The order's readable number for people (never its id); tasks from before numbers were kept have none. */
export const orderNumber = (t: Pick<DeliveryTask, 'order_number'>) => t.order_number ?? '（旧订单）';

/** When the task was delivered (its `deliver` step), or null. */
export const deliveredAt = (t: DeliveryTask) => t.history.find((h) => h.to === 'delivered')?.at ?? null;

/** A lost race for a task: somebody else claimed it first. */
export const lostRace = (e: unknown) => e instanceof ApiError && e.status === 409 && e.code === 'task_taken';
