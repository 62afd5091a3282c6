import { ORDER_STATUS_WORDS, type OrderStatus } from '@cc/shared';
import { AppError, conflict } from '../../platform/problem';
import type { OrderDoc } from '../models';
import { after } from './after';
import { apply, load, type Ctx } from './transition';

const notDeliverable = (status: OrderStatus) =>
  conflict('order_not_deliverable', `订单${ORDER_STATUS_WORDS[status].word}，不在配送中，请联系服务站`);
const TARGET = { dispatch: 'out_for_delivery', deliver: 'delivered' } as const;

/**
 * The delivery module's courier steps on the order (through the orders service, never its models): pickup of the task
 * dispatches the order, delivery delivers it. Applied as the system on the courier's behalf (the courier is recorded
 * as the actor). Idempotent: an order already at (or past) the step's status is left as it is, so a courier's retry
 * after a crash between the order and the task finishes the task. An order that left the delivery path meanwhile
 * (refunding, refunded, cancelled) answers 409 order_not_deliverable.
 */
export async function courierStep(L: Ctx, order_id: string, action: 'dispatch' | 'deliver', courier_id: string): Promise<OrderDoc> {
  const o = await load(L, order_id);
  const reached = action === 'dispatch' ? ['out_for_delivery', 'delivered', 'completed'] : ['delivered', 'completed'];
  if (reached.includes(o.status)) return o;
  const from = action === 'dispatch' ? 'ready' : 'out_for_delivery';
  if (o.status !== from || o.delivery.kind !== 'slot') throw notDeliverable(o.status);
  const set: Record<string, unknown> = action === 'deliver' ? { auto_confirm_at: new Date(Date.now() + L.autoConfirmAfterMs) } : {};
  try {
    const updated = await apply(L, o, action, { role: 'system', user_id: courier_id }, null, { set });
    await after(L, updated, action);
    return updated;
  } catch (err) {
    // Two steps racing for the same order: the other one moved it, which is what this one wanted.
    const now = await load(L, order_id);
    if (now.status === TARGET[action] || reached.includes(now.status)) return now;
    if (err instanceof AppError && err.status === 409) throw notDeliverable(now.status);
    throw err;
  }
}
