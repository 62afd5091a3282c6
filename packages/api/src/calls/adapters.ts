import type { Identity } from '../identity/index';
import type { Uploads } from '../uploads/index';
import type { CallsModuleDeps } from './index';

/**
 * What the calls module needs from identity and uploads, translated from their services (DESIGN §2: the calls module
 * never reads another module's models). modules.ts only hands these over.
 */
export function callsPeoplePorts(
  identity: Identity,
  uploads: Uploads,
): Pick<CallsModuleDeps, 'profileOf' | 'hotlineOf' | 'communityOf' | 'notifyFamily' | 'photosOf' | 'kioskPlaceOf'> {
  return {
    profileOf: (user_id) => identity.users.getMe({ kind: 'user', user_id, roles: [], community_id: null, session_id: 'calls' }),
    hotlineOf: async (community_id) => (await identity.places.getCommunity(community_id)).hotline,
    communityOf: async (community_id) => {
      const c = await identity.places.getCommunity(community_id);
      return { name: c.name, hotline: c.hotline };
    },
    notifyFamily: (user_id, alert) => identity.family.notifyEmergency(user_id, alert),
    photosOf: (ids, uploader_id, field) => uploads.service.requireOwned(ids, uploader_id, field),
    kioskPlaceOf: async (kiosk_id, community_id) => {
      const { kiosk, community, station } = await identity.places.kioskContext({ kind: 'terminal', kiosk_id, community_id });
      const where = station ?? community;
      return { kiosk_name: kiosk.name, place_name: where.name, address: where.address, location: where.location };
    },
  };
}
