import type { OrderAction } from '@cc/shared';
import type { OrderDoc } from '../models';
import type { Ctx } from './transition';

/** What follows a transition outside the order document (saga steps, each idempotent and retried by its job). */
export async function after(L: Ctx, o: OrderDoc, action: OrderAction): Promise<void> {
  if (action === 'cancel') await releaseHolds(L, o);
  if (action === 'refund') {
    // Goods not on their way yet: the delivery seat is not needed any more.
    const notLeft = o.delivery.kind === 'slot' && ['paid', 'preparing', 'ready'].includes(o.refund_from ?? '');
    if (notLeft) await L.ports.slots.release(o._id);
    // Retried by its job when the wallet cannot be reached now (the command replays, so nothing is sent twice).
    const job = `refund-${o._id}-${o.refund?.attempt ?? 1}`;
    await L.sendRefund(o._id).catch(() => L.refundMoney.schedule(job, { order_id: o._id }, new Date()));
    // ... nor is a courier: the task leaves the hall (or the courier's list) — after the money, which matters more.
    if (notLeft) await L.ports.onRefunded?.(o._id);
  }
  if (action === 'refuse_refund' && o.status === 'delivered') {
    const at = o.auto_confirm_at && o.auto_confirm_at.getTime() > Date.now() ? o.auto_confirm_at : new Date();
    await L.autoConfirm.schedule(`confirm-${o._id}-${Date.now()}`, { order_id: o._id }, at);
  }
  if (action === 'deliver' || action === 'pick_up') {
    await L.autoConfirm.schedule(`confirm-${o._id}`, { order_id: o._id }, o.auto_confirm_at ?? new Date());
  }
  if (action === 'confirm') await L.settle.schedule(`settle-${o._id}`, { order_id: o._id }, new Date());
  if (action === 'confirm' && L.ports.onCompleted) {
    const lines = o.lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity, price_fen: l.price_fen }));
    await L.ports.onCompleted({ order_id: o._id, community_id: o.community_id, completed_at: new Date().toISOString(), lines });
  }
  if (action === 'ready' && o.delivery.kind === 'slot' && L.ports.onReadyForDelivery) {
    await L.ports.onReadyForDelivery({
      order_id: o._id,
      order_number: o.number,
      community_id: o.community_id,
      slot_key: o.delivery.slot_key,
      slot_starts_at: new Date(o.delivery.starts_at).toISOString(),
      address: o.delivery.address,
      merchant_id: o.merchant_id,
      buyer_id: o.buyer_id,
    });
  }
}

/** Gives back the order's stock and delivery seat. Idempotent (keyed releases), so retries and races are safe. */
export async function releaseHolds(L: Ctx, o: OrderDoc): Promise<void> {
  for (const l of o.lines) {
    await L.ports.catalog.release(l.product_id, `${o._id}:${l.product_id}`);
    if (l.offer_id) await L.offers.release(o._id, l.offer_id);
  }
  if (o.delivery.kind === 'slot') await L.ports.slots.release(o._id);
}
