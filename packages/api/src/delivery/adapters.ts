import type { PublishInboxEvent, Station } from '@cc/shared';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Calls } from '../calls/index';
import type { Catalog } from '../catalog/index';
import type { Config } from '../config';
import type { Identity } from '../identity/index';
import type { Orders } from '../orders/index';
import type { Commands } from '../platform/commands';
import type { JobRunner } from '../platform/jobs';
import type { RealtimeBus } from '../platform/realtime';
import type { Uploads } from '../uploads/index';
import type { WalletPort } from '../wallet/port';
import { createDelivery } from './index';
import type { Place, TaskPorts } from './tasks/context';

/** Identity's getMe on the person's behalf (as calls/adapters.ts reads a profile). */
const asSystem = (user_id: string) => ({ kind: 'user' as const, user_id, roles: [], community_id: null, session_id: 'delivery' });

const stationPlace = (s: Station): Place => ({ label: s.name, address: s.address, location: s.location, station_id: s.id });

/**
 * Delivery tasks' ports onto catalog (the seller) and identity (communities and stations), translated from their
 * services (DESIGN §2). Addresses carry no coordinates yet, so a place is its community's location, or a station's:
 * the seller's community, and for a village its village station (the station hands the parcels out).
 */
export function taskPlacesFrom(m: {
  catalog: Catalog;
  identity: Identity;
}): Pick<TaskPorts, 'merchantPlace' | 'dropPlace' | 'station' | 'communityPlace'> {
  const { catalog, identity } = m;
  const stations = async (community_id: string) => (await identity.places.listStations(community_id, { limit: 100 })).items;
  const communityPlace = async (community_id: string): Promise<Place> => {
    const c = await identity.places.getCommunity(community_id);
    return { label: c.name, address: c.address, location: c.location, station_id: null };
  };
  return {
    communityPlace,
    async merchantPlace(merchant_id) {
      const merchant = await catalog.merchants.load(merchant_id);
      const place = await communityPlace(merchant.community_id);
      return { ...place, label: merchant.name, owner_user_id: merchant.owner_user_id };
    },
    async dropPlace(community_id, address) {
      const community = await identity.places.getCommunity(community_id);
      const village = community.kind === 'village' ? (await stations(community_id)).find((s) => s.kind === 'village_station') : undefined;
      if (village) return stationPlace(village);
      return { label: community.name, address, location: community.location, station_id: null };
    },
    async station(community_id, station_id) {
      const s = (await stations(community_id)).find((x) => x.id === station_id);
      return s ? stationPlace(s) : null;
    },
  };
}

/** The delivery module wired from the configuration and the other modules' services (modules.ts calls this). */
export function deliveryFrom(
  config: Config,
  m: {
    conn: Connection;
    redis: Redis;
    jobs: JobRunner;
    commands: Commands;
    catalog: Catalog;
    identity: Identity;
    wallet: WalletPort;
    realtime: RealtimeBus;
    /** Welfare checks open eldercare calls through the calls service (never its models). */
    calls: Calls;
    uploads: Uploads;
    /** Orders is made after delivery (it takes delivery's seats): reached only when a courier steps. */
    orders: () => Orders;
    publishInbox?: PublishInboxEvent;
  },
) {
  return createDelivery({
    conn: m.conn,
    jobs: m.jobs,
    commands: m.commands,
    stationsOf: async (community_id) => (await m.identity.places.listStations(community_id, { limit: 100 })).items,
    taskPorts: {
      ...taskPlacesFrom(m),
      orders: { courierStep: (order_id, action, courier_id) => m.orders().lifecycle.courierStep(order_id, action, courier_id) },
      wallet: m.wallet,
      publish: (user_ids, event) => m.realtime.publish({ user_ids }, event),
      publishInbox: m.publishInbox,
      aftercare: {
        residentOf: async (user_id) => ({ community_id: (await m.identity.users.getMe(asSystem(user_id))).community_id }),
        openWelfareCall: async (community_id, resident_id, input, key) => {
          const call = await m.calls.service.createForWelfareCheck(community_id, resident_id, input, key);
          return { id: call.id, number: call.number };
        },
        alertOperators: (community_id, event) => m.realtime.publish({ operators_of: community_id }, event),
      },
      ...proofPortsFrom(m),
    },
    taskConfig: {
      maxTasksPerCourier: config.DELIVERY_MAX_TASKS_PER_COURIER,
      dispatchLeadMs: config.DELIVERY_DISPATCH_LEAD_MINUTES * 60_000,
      defaultFee: { base_fee_fen: config.DELIVERY_BASE_FEE_FEN, per_km_fen: config.DELIVERY_PER_KM_FEN },
    },
    redis: m.redis,
    tracking: {
      publish: (to, event) => m.realtime.publish(to, event),
      config: {
        positionsPerMinute: config.DELIVERY_POSITIONS_PER_MINUTE,
        maxSpeedKmh: config.DELIVERY_MAX_SPEED_KMH,
        positionTtlMs: config.DELIVERY_POSITION_TTL_SECONDS * 1000,
      },
    },
  });
}

/** Delivery proofs' ports: photos through uploads, the kiosk's station through identity, the order through orders. */
function proofPortsFrom(m: {
  identity: Identity;
  uploads: Uploads;
  orders: () => Orders;
}): Pick<TaskPorts, 'photosOf' | 'kioskStation' | 'orderSummary'> {
  return {
    photosOf: (ids, uploader_id, field) => m.uploads.service.requireOwned(ids, uploader_id, field),
    kioskStation: async (kiosk_id, community_id) =>
      (await m.identity.places.kioskContext({ kind: 'terminal', kiosk_id, community_id })).station?.id ?? null,
    orderSummary: async (order_id) => {
      const o = await m.orders().lifecycle.load(order_id);
      return {
        number: o.number,
        seller: o.merchant_name,
        items: o.lines.map((l) => ({ name: l.name, quantity: l.quantity, unit: l.unit })),
      };
    },
  };
}
