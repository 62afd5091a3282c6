import type { KioskParcel } from '@cc/shared';
import type { CardActor } from '../../platform/actor';
import { notFound } from '../../platform/problem';
import type { TaskCtx } from './context';
import type { DeliveryTaskDoc } from './models';
import { applyStep, assertFrom, loadTask } from './transition';

const PARCELS_MAX = 20;
const notHere = () => notFound('parcel_not_found', '这里没有您的这个包裹，请找服务站工作人员');

/**
 * 取件 at a kiosk: the parcels left at this kiosk's station (at_station) for the card holder — the person whose
 * citizen card opened the session (card + PIN at login, bound to this terminal) is the buyer. Nobody sees another
 * person's parcels; a kiosk without a station has none.
 */
export async function kioskParcels(C: TaskCtx, card: CardActor): Promise<{ items: KioskParcel[] }> {
  const station_id = await C.ports.kioskStation(card.kiosk_id, card.community_id);
  if (!station_id) return { items: [] };
  const rows = await C.models.Task.find({ 'drop.station_id': station_id, status: 'at_station', buyer_id: card.user_id })
    .sort({ updated_at: 1 })
    .limit(PARCELS_MAX)
    .lean<DeliveryTaskDoc[]>();
  const items: KioskParcel[] = [];
  for (const t of rows) {
    const o = await C.ports.orderSummary(t.order_id);
    items.push({
      task_id: t._id,
      order_number: o.number,
      seller: o.seller,
      items: o.items,
      arrived_at: (t.station_drop?.at ?? t.updated_at).toISOString(),
    });
  }
  return { items };
}

/**
 * 确认取件: the card tap is the proof. Only the buyer's own parcel at this kiosk's station (anyone else's, or one at
 * another station: 404 parcel_not_found, nothing changes). The order is delivered through the orders service first
 * (idempotent), then the task closes with one guarded update (`at_station` and the buyer in the filter), so a double
 * tap collects once; a retry after a crash between the two finishes the task.
 */
export async function collectParcel(C: TaskCtx, card: CardActor, task_id: string) {
  const t = await C.models.Task.findById(task_id).lean<DeliveryTaskDoc>();
  const station_id = await C.ports.kioskStation(card.kiosk_id, card.community_id);
  if (!t || t.buyer_id !== card.user_id || !station_id || t.drop.station_id !== station_id) throw notHere();
  const order = await C.ports.orderSummary(t.order_id);
  const answer = (at: Date) => ({ task_id: t._id, order_number: order.number, collected_at: at.toISOString() });
  if (t.status === 'delivered' && t.proof?.kind === 'card') return answer(t.proof.at);
  assertFrom(t, 'collect');
  await C.ports.orders.courierStep(t.order_id, 'deliver', card.user_id);
  const at = new Date();
  const proof = { kind: 'card', at, kiosk_id: card.kiosk_id };
  try {
    await applyStep(C, t, 'collect', { role: 'resident', user_id: card.user_id }, { set: { proof }, guard: { buyer_id: card.user_id } });
  } catch (err) {
    // A double tap: the other tap collected it, which is what this one wanted.
    const now = await loadTask(C, t._id);
    if (now.status === 'delivered' && now.proof?.kind === 'card') return answer(now.proof.at);
    throw err;
  }
  return answer(at);
}
