import { DELIVERY_CODE_ATTEMPTS_MAX, type DeliveryTask } from '@cc/shared';
import type { DeliveryTaskDoc } from './models';

export const isLocked = (t: DeliveryTaskDoc, kind: 'pickup' | 'delivery') => t.codes[kind].wrong_attempts >= DELIVERY_CODE_ATTEMPTS_MAX;

/**
 * Which code this person may see: the seller the pickup code until the goods are picked up, the buyer the delivery
 * code until the task ends. Nobody else ever sees one — not the courier, not an operator.
 */
function codeFor(t: DeliveryTaskDoc, viewer_id: string | null): DeliveryTask['code'] {
  if (viewer_id && viewer_id === t.seller_id && ['open', 'claimed'].includes(t.status))
    return { kind: 'pickup', value: t.codes.pickup.value };
  if (viewer_id && viewer_id === t.buyer_id && ['open', 'claimed', 'picked_up'].includes(t.status))
    return { kind: 'delivery', value: t.codes.delivery.value };
  return null;
}

export function toTask(t: DeliveryTaskDoc, viewer_id: string | null): DeliveryTask {
  return {
    id: t._id,
    order_id: t.order_id,
    order_number: t.order_number ?? null,
    community_id: t.community_id,
    status: t.status,
    slot_key: t.slot_key,
    slot_starts_at: t.slot_starts_at.toISOString(),
    pickup: t.pickup,
    drop: t.drop,
    distance_m: t.distance_m,
    fee_fen: t.fee_fen,
    courier_id: t.courier_id,
    code: codeFor(t, viewer_id),
    codes_locked: { pickup: isLocked(t, 'pickup'), delivery: isLocked(t, 'delivery') },
    fee_paid: t.fee_paid,
    trip_id: t.trip_id ?? null,
    proof_kind: t.proof?.kind ?? null,
    rating: t.rating ? { stars: t.rating.stars, comment: t.rating.comment } : null,
    welfare_call: t.welfare_check?.call_id ? { id: t.welfare_check.call_id, number: t.welfare_check.call_number ?? null } : null,
    history: t.history.map((h) => ({ ...h, at: h.at.toISOString() })),
    created_at: t.created_at.toISOString(),
  };
}
