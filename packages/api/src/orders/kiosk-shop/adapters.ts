import type { Delivery } from '../../delivery/index';
import type { Identity } from '../../identity/index';
import type { Wallet } from '../../wallet/index';
import type { Catalog } from '../../catalog/index';
import type { Uploads } from '../../uploads/index';
import { orderPortsFrom } from '../adapters';
import type { Orders } from '../index';
import type { OrderPorts } from '../ports';
import { createKioskShop } from './index';
import type { KioskShopPorts } from './ports';

/** The kiosk shop's ports from identity (the kiosk's station, addresses), delivery (slots) and the wallet. */
export function kioskShopPortsFrom(m: {
  identity: Identity;
  delivery: Delivery;
  wallet: Wallet;
  orders: Pick<OrderPorts, 'catalog' | 'slots' | 'uploads'>;
}): KioskShopPorts {
  return {
    orders: m.orders,
    station: async (kiosk_id, community_id) =>
      (await m.identity.places.kioskContext({ kind: 'terminal', kiosk_id, community_id })).station?.id ?? null,
    addresses: async (user_id) =>
      ((await m.identity.users.requireUser(user_id)).addresses ?? []).map((a) => ({
        id: a.id,
        detail: a.detail,
        is_default: a.is_default,
      })),
    slots: async (community_id) => (await m.delivery.slots.listSlots(community_id, { days: 7 })).items,
    wallet: (user_id) => m.wallet.walletOf(user_id),
  };
}

/** The kiosk shop on the orders module's checkout and pay, wired from the other modules' services. */
export function kioskShopFrom(m: {
  orders: Orders;
  identity: Identity;
  delivery: Delivery;
  wallet: Wallet;
  catalog: Catalog;
  uploads: Uploads;
}) {
  const orders = orderPortsFrom(m);
  return createKioskShop({
    models: m.orders.models,
    checkout: m.orders.checkout,
    ports: kioskShopPortsFrom({ identity: m.identity, delivery: m.delivery, wallet: m.wallet, orders }),
  });
}
