import type { OrderDoc } from '../models';
import { after } from './after';
import { apply, type Ctx } from './transition';

/** Auto-confirm job: receipt confirmed by the system if the buyer has not done it. */
export async function autoConfirmDue(L: Ctx, order_id: string): Promise<void> {
  const o = await L.models.Order.findById(order_id).lean<OrderDoc>();
  if (!o || o.status !== 'delivered') return;
  if (o.auto_confirm_at && o.auto_confirm_at.getTime() > Date.now()) {
    await L.autoConfirm.schedule(`confirm-${o._id}-later`, { order_id }, o.auto_confirm_at);
    return;
  }
  const updated = await apply(L, o, 'confirm', { role: 'system', user_id: null }, '超过确认期限，系统自动确认收货').catch(
    (err: { code?: string }) => {
      if (err.code === 'illegal_transition') return null; // the buyer confirmed meanwhile
      throw err;
    },
  );
  if (updated) await after(L, updated, 'confirm');
}
