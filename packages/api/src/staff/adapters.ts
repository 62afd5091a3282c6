import type { Identity } from '../identity/index';
import type { StaffDeps } from './service';

/** The terminal's place and the operators' names through identity's services, never its models. */
export function staffPeoplePorts(identity: Identity): Pick<StaffDeps, 'placeOf' | 'nameOf'> {
  return {
    placeOf: async (terminal) => {
      const { kiosk, community, station } = await identity.places.kioskContext(terminal);
      const where = station ?? community;
      return { kiosk_name: kiosk.name, station_name: where.name, address: where.address };
    },
    nameOf: async (user_id) =>
      (await identity.users.getMe({ kind: 'user', user_id, roles: [], community_id: null, session_id: 'staff' })).nickname,
  };
}
