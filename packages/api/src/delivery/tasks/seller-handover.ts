import { AppError } from '../../platform/problem';
import type { TaskCtx } from './context';
import { HELD } from './duty';
import type { DeliveryTaskDoc } from './models';
import { applyStep } from './transition';

/**
 * The seller starts delivering an order themselves (开始配送 / 确认送达 in the orders module): answers `courier` when a
 * courier already holds the order's task (the seller must leave the steps to them), and otherwise withdraws the task
 * from the hall if it is still open, so no courier claims goods that have already left. The withdrawal is one guarded
 * update from `open`: when a courier's claim wins the race, the task is re-read and the courier keeps it.
 */
export async function sellerTakesOver(C: TaskCtx, order_id: string, seller_id: string): Promise<'courier' | 'seller'> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const t = await C.models.Task.findOne({ order_id }).lean<DeliveryTaskDoc>();
    if (!t) return 'seller';
    if (HELD.includes(t.status)) return 'courier';
    if (t.status !== 'open') return 'seller';
    try {
      await applyStep(C, t, 'withdraw', { role: 'seller', user_id: seller_id }, { reason: '商家自行配送' });
      return 'seller';
    } catch (e) {
      // Claimed (or dispatched) in between: look again.
      if (!(e instanceof AppError)) throw e;
    }
  }
  return 'courier';
}
