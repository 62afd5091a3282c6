import { randomInt } from 'node:crypto';
import { DELIVERY_CODE_DIGITS } from '@cc/shared';
import { newId } from '../../platform/ids';
import type { TaskCtx } from './context';
import { haversineM } from './geo';
import type { DeliveryTaskDoc, FeeRuleDoc } from './models';
import { joinTrip } from './trips';

export type ReadyOrder = {
  order_id: string;
  order_number?: string;
  community_id: string;
  slot_key: string;
  slot_starts_at: string;
  address: string;
  merchant_id: string;
  buyer_id: string;
};

/** A random code of DELIVERY_CODE_DIGITS digits from the system's CSPRNG (never Math.random: codes are proofs). */
export const newCode = () => String(randomInt(0, 10 ** DELIVERY_CODE_DIGITS)).padStart(DELIVERY_CODE_DIGITS, '0');

/** The community's fee rule (or the configured default): base fee plus a surcharge per started kilometre. */
export async function feeFor(C: TaskCtx, community_id: string, distance_m: number): Promise<number> {
  const rule = (await C.models.FeeRule.findById(community_id).lean<FeeRuleDoc>()) ?? C.config.defaultFee;
  return rule.base_fee_fen + rule.per_km_fen * Math.ceil(distance_m / 1000);
}

/** When the deadline job dispatches a task nobody claimed: a configured lead before its slot, or now if that passed. */
export const dispatchAt = (C: TaskCtx, t: Pick<DeliveryTaskDoc, 'slot_starts_at'>) =>
  new Date(Math.max(Date.now(), t.slot_starts_at.getTime() - C.config.dispatchLeadMs));

/**
 * The orders module's onReadyForDelivery port: the order becomes one open task (unique per order, so a retried
 * `ready` makes no second one) with fresh codes, its fee fixed by the community's rule, and its dispatch deadline
 * scheduled. Places are a community's or a station's: addresses carry no coordinates yet.
 */
export async function taskFromOrder(C: TaskCtx, o: ReadyOrder): Promise<DeliveryTaskDoc> {
  const existing = await C.models.Task.findOne({ order_id: o.order_id }).lean<DeliveryTaskDoc>();
  if (existing) {
    await C.dispatchJob.schedule(`dispatch-${existing._id}`, { task_id: existing._id }, dispatchAt(C, existing));
    await joinTrip(C, existing);
    return existing;
  }
  const seller = await C.ports.merchantPlace(o.merchant_id);
  const drop = await C.ports.dropPlace(o.community_id, o.address);
  const distance_m = Math.round(haversineM(seller.location, drop.location));
  const now = new Date();
  const doc: DeliveryTaskDoc = {
    _id: newId('dlv'),
    order_id: o.order_id,
    order_number: o.order_number ?? null,
    community_id: o.community_id,
    buyer_id: o.buyer_id,
    merchant_id: o.merchant_id,
    seller_id: seller.owner_user_id,
    status: 'open',
    slot_key: o.slot_key,
    slot_starts_at: new Date(o.slot_starts_at),
    pickup: { label: seller.label, address: seller.address, location: seller.location, station_id: seller.station_id },
    drop,
    distance_m,
    fee_fen: await feeFor(C, o.community_id, distance_m),
    courier_id: null,
    codes: { pickup: { value: newCode(), wrong_attempts: 0 }, delivery: { value: newCode(), wrong_attempts: 0 } },
    fee_paid: false,
    history: [],
    created_at: now,
    updated_at: now,
  };
  let task = doc;
  try {
    await C.models.Task.create(doc);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    // Two `ready` calls raced: the unique order_id kept the first task.
    task = (await C.models.Task.findOne({ order_id: o.order_id }).lean<DeliveryTaskDoc>()) as DeliveryTaskDoc;
  }
  await C.dispatchJob.schedule(`dispatch-${task._id}`, { task_id: task._id }, dispatchAt(C, task));
  await joinTrip(C, task);
  await C.ports.publish([task.seller_id, task.buyer_id], { type: 'delivery.created', task_id: task._id, order_id: task.order_id });
  return task;
}
