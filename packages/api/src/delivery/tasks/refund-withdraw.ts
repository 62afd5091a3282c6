import { AppError } from '../../platform/problem';
import type { TaskCtx } from './context';
import { giveUnit } from './duty';
import type { DeliveryTaskDoc } from './models';
import { applyStep } from './transition';

/** Where a refunded order's task may still be taken off the road: nobody has picked the goods up yet. */
const BEFORE_PICKUP = ['open', 'claimed'];

/**
 * The order was refunded while its goods were still with the seller (the orders module's onRefunded port): its task,
 * open or claimed, is withdrawn by the system so no courier rides out for it, and the courier who held it gets the
 * unit back (tracking forgets the position after the step when it was their last task). A picked-up task is left as
 * it is — the goods are on the road and come back through 配送失败. Idempotent: a withdrawn task stays withdrawn. The
 * step is one guarded update from the status read, so a claim racing it is seen on the next round and undone.
 */
export async function withdrawRefunded(C: TaskCtx, order_id: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const t = await C.models.Task.findOne({ order_id }).lean<DeliveryTaskDoc>();
    if (!t || !BEFORE_PICKUP.includes(t.status)) return;
    try {
      await applyStep(C, t, 'withdraw', { role: 'system', user_id: null }, { reason: '订单已退款' });
    } catch (e) {
      // Claimed (or released) in between: look again.
      if (!(e instanceof AppError)) throw e;
      continue;
    }
    if (t.status === 'claimed' && t.courier_id) await giveUnit(C, t.courier_id);
    return;
  }
}
