import { ORDER_TRANSITIONS, type OrderAction, type OrderActorRole } from '@cc/shared';
import type { UserActor } from '../../platform/actor';
import { conflict } from '../../platform/problem';
import type { OrderDoc } from '../models';
import { refundStep } from '../refund-rules';
import { after } from './after';
import { apply, forbiddenAction, load, visible, type Ctx } from './transition';

/** A person's action through the API: their role on the order decides whether it is allowed. */
export async function act(L: Ctx, actor: UserActor, order_id: string, action: OrderAction, reason: string | null): Promise<OrderDoc> {
  const { order, roles } = await visible(L, actor, order_id);
  const allowed = ORDER_TRANSITIONS[action].by as readonly OrderActorRole[];
  const role = roles.find((r) => allowed.includes(r));
  if (!role) throw forbiddenAction(action);
  if (action === 'pick_up' && order.delivery.kind !== 'pickup')
    throw conflict('illegal_transition', '这是配送订单，请用「配送」和「送达」');
  if ((action === 'dispatch' || action === 'deliver') && order.delivery.kind !== 'slot')
    throw conflict('illegal_transition', '这是自提订单，请在自提点交付');
  if (
    role === 'seller' &&
    (action === 'dispatch' || action === 'deliver') &&
    (await L.ports.sellerTakesOver?.(order_id, actor.user_id)) === 'courier'
  )
    throw conflict('courier_delivers', '配送员已接单，取件和送达由配送员完成');
  const step = refundStep(order, action, role, reason);
  const set: Record<string, unknown> = { ...step.set };
  if (action === 'deliver' || action === 'pick_up') set.auto_confirm_at = new Date(Date.now() + L.autoConfirmAfterMs);
  // Before the refund is accepted, its money job is due shortly: a crash between acceptance and sending the money
  // leaves the job to send it (it does nothing if the acceptance did not happen or the money is already out).
  if (action === 'refund') await L.refundMoney.schedule(`refund-net-${order_id}-${Date.now()}`, { order_id }, new Date(Date.now() + 5000));
  const updated = await apply(L, order, action, { role, user_id: actor.user_id }, reason, { set, guard: step.guard });
  await after(L, updated, action);
  // An accepted refund whose money went back within the request (a wallet payment) answers `refunded`.
  return action === 'refund' ? load(L, order_id) : updated;
}
