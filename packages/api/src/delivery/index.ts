import type { Connection } from 'mongoose';
import { deliveryModels } from './models';
import { createSlotService, type SlotsDeps } from './slots';

/** The delivery module: slots and pickup now; delivery tasks, claims and routes come with the courier slice. */
export function createDelivery(deps: { conn: Connection; stationsOf: SlotsDeps['stationsOf'] }) {
  const slots = createSlotService({ models: deliveryModels(deps.conn), stationsOf: deps.stationsOf });
  return { slots };
}
export type Delivery = ReturnType<typeof createDelivery>;
