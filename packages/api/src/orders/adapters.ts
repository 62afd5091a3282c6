import type { Catalog } from '../catalog/index';
import type { Delivery } from '../delivery/index';
import type { Identity } from '../identity/index';
import type { Uploads } from '../uploads/index';
import type { OrderPorts } from './ports';

/**
 * The orders module's ports onto catalog (stock), delivery (seats), identity (addresses) and uploads, translated from
 * their services (DESIGN §2). The wallet port is the wallet's own (wallet/port.ts); modules.ts only hands them over.
 */
export function orderPortsFrom(m: {
  catalog: Catalog;
  delivery: Delivery;
  identity: Identity;
  uploads: Uploads;
}): Pick<OrderPorts, 'catalog' | 'slots' | 'identity' | 'uploads'> {
  const { catalog, delivery, identity, uploads } = m;
  return {
    catalog: {
      snapshots: (ids) => catalog.products.snapshots(ids),
      reserve: (req) => catalog.products.reserve(req),
      release: (product_id, key) => catalog.products.release(product_id, key),
      commit: (product_id, key) => catalog.products.commit(product_id, key),
      merchant: async (merchant_id) => {
        const merchant = await catalog.merchants.load(merchant_id);
        // accountOf also opens the account a crash may have left unrecorded.
        return { owner_user_id: merchant.owner_user_id, account_id: await catalog.merchants.accountOf(merchant_id), name: merchant.name };
      },
      ownsMerchant: async (user_id, merchant_id) =>
        catalog.merchants.load(merchant_id).then(
          (merchant) => merchant.owner_user_id === user_id,
          () => false,
        ),
    },
    slots: {
      book: (community_id, slot_key, holder) => delivery.slots.book(community_id, slot_key, holder),
      release: (holder) => delivery.slots.release(holder),
      checkPickup: (community_id, station_id, date) => delivery.slots.checkPickup(community_id, station_id, date),
    },
    identity: {
      address: (user_id, address_id) => identity.addresses.of(user_id, address_id),
      nickname: async (user_id) => (await identity.users.requireUser(user_id)).nickname,
    },
    uploads: {
      urlsOf: (ids) => uploads.service.urlsOf(ids),
      requireOwned: (ids, owner_id, field) => uploads.service.requireOwned(ids, owner_id, field),
    },
  };
}
