import { shanghaiDate, type KioskDelivery } from '@cc/shared';
import type { CardActor } from '../../platform/actor';
import type { DeliveryDoc } from '../models';
import type { KioskShopPorts } from './ports';
import { pickupWords, slotWords } from './words';

/** How many days ahead a pickup day is looked for. */
const PICKUP_DAYS = 7;

function addDays(ymd: string, n: number): string {
  return new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Pickup at this kiosk's own station, on the first day it is still open. */
async function pickupHere(ports: KioskShopPorts, card: CardActor): Promise<KioskDelivery | null> {
  const station_id = await ports.station(card.kiosk_id, card.community_id);
  if (!station_id) return null;
  const today = shanghaiDate(new Date());
  for (let i = 0; i < PICKUP_DAYS; i++) {
    const date = addDays(today, i);
    const open = await ports.orders.slots.checkPickup(card.community_id, station_id, date).catch(() => null);
    if (open)
      return {
        choice: { kind: 'pickup', station_id, date },
        words: pickupWords({ date, open: open.open, close: open.close, station_name: open.name }),
      };
  }
  return null;
}

/** The earliest slot still open, to the address of the last delivery home (or the default address). */
async function slotHome(ports: KioskShopPorts, card: CardActor, lastAddress: string | null): Promise<KioskDelivery | null> {
  const book = await ports.addresses(card.user_id);
  const address = book.find((a) => a.detail === lastAddress) ?? book.find((a) => a.is_default) ?? book[0];
  if (!address) return null;
  const slot = (await ports.slots(card.community_id)).find((s) => s.unavailable === null);
  if (!slot) return null;
  return {
    choice: { kind: 'slot', slot_key: slot.slot_key, address_id: address.id },
    words: slotWords({ date: slot.date, start: slot.start, end: slot.end, address: address.detail }),
  };
}

/**
 * The person's usual delivery: the way their last order went (home in a slot, or pickup — at this kiosk's station),
 * or the other way when that one is not possible now; with no orders yet, pickup here first.
 */
export async function usualDelivery(ports: KioskShopPorts, card: CardActor, last: DeliveryDoc | null): Promise<KioskDelivery | null> {
  const lastAddress = last?.kind === 'slot' ? last.address : null;
  if (last?.kind === 'slot') return (await slotHome(ports, card, lastAddress)) ?? pickupHere(ports, card);
  return (await pickupHere(ports, card)) ?? slotHome(ports, card, lastAddress);
}
