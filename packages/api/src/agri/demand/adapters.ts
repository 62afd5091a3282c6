import type { Catalog } from '../../catalog/index';
import type { Identity } from '../../identity/index';
import type { UserActor } from '../../platform/actor';
import type { DemandDeps, DemandStation } from './context';
import { createAgriDemand } from './index';

/** The platform asking identity for a community's operators (an admin's view, read only). */
const SYSTEM: UserActor = {
  kind: 'user',
  user_id: 'system',
  roles: [{ role: 'admin', community_id: null }],
  community_id: null,
  session_id: 'agri-demand',
};

/**
 * The community's service station as the poster of its demand: the first operator of the community (the account
 * whose inbox hears of matches), named after the station; delivered to the station's address. Null without an
 * operator: the demand is not published until the community has one.
 */
export function stationVia(identity: Identity): (community_id: string) => Promise<DemandStation | null> {
  return async (community_id) => {
    const community = await identity.places.getCommunity(community_id).catch(() => null);
    if (!community) return null;
    const operators = await identity.users.listUsers(SYSTEM, { community_id, role: 'operator', limit: 1 } as never);
    const operator = operators.items[0];
    if (!operator) return null;
    const station = (await identity.places.listStations(community_id, { limit: 1 } as never)).items[0];
    return {
      poster_user_id: operator.id,
      poster_name: station?.name ?? `${community.name}服务站`,
      community_name: community.name,
      place: station ? `${station.name}（${station.address}）` : community.address,
      location: station?.location ?? community.location,
    };
  };
}

export function agriDemandFrom(
  deps: Omit<DemandDeps, 'products' | 'station'> & {
    jobs: Parameters<typeof createAgriDemand>[0]['jobs'];
    catalog: Catalog;
    identity: Identity;
  },
) {
  return createAgriDemand({
    ...deps,
    products: async (ids) => {
      const snaps = await deps.catalog.products.snapshots(ids);
      return new Map([...snaps].map(([id, s]) => [id, { unit: s.unit, agri_origin: s.agri_origin ?? null }]));
    },
    station: stationVia(deps.identity),
  });
}
