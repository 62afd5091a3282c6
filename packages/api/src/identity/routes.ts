import { identityRoutes } from '@cc/shared';
import { noContent, type Handlers } from '../platform/http';
import type { Identity } from './index';

/** Thin: each route parses (done by mountRoutes), calls one service function, and returns its result. */
export function identityHandlers({ users, places, family, addresses }: Identity): Handlers<typeof identityRoutes> {
  return {
    wechatLogin: ({ body }) => users.loginWithWechat(body.code),
    logout: ({ actor }) => noContent(users.logout(actor)),
    logoutAll: ({ actor }) => noContent(users.logoutAll(actor)),
    getMe: ({ actor }) => users.getMe(actor),
    updateMe: ({ actor, body }) => users.updateMe(actor, body),
    bindPhone: ({ actor, body }) => users.bindPhone(actor, body.code),
    listCommunities: ({ query }) => places.listCommunities(query),
    getCommunity: ({ params }) => places.getCommunity(params.community_id),
    createCommunity: ({ body }) => places.createCommunity(body),
    listStations: ({ params, query }) => places.listStations(params.community_id, query),
    createStation: ({ actor, params, body }) => places.createStation(actor, params.community_id, body),
    updateStation: ({ actor, params, body }) => places.updateStation(actor, params.station_id, body),
    listKiosks: ({ actor, params, query }) => places.listKiosks(actor, params.community_id, query),
    registerKiosk: ({ actor, params, body }) => places.registerKiosk(actor, params.community_id, body),
    kioskHeartbeat: ({ actor }) => places.heartbeat(actor),
    kioskContext: ({ actor }) => places.kioskContext(actor),
    listUsers: ({ actor, query }) => users.listUsers(actor, query),
    grantRole: ({ actor, params, body }) => users.grantRole(actor, params.user_id, body),
    revokeRole: ({ actor, params, body }) => users.revokeRole(actor, params.user_id, body),
    getMyFamilyContacts: ({ actor }) => family.mine(actor),
    setMyFamilyContacts: ({ actor, body }) => family.setMine(actor, body.contacts),
    getUserFamilyContacts: ({ actor, params }) => family.ofResident(actor, params.user_id),
    setUserFamilyContacts: ({ actor, params, body }) => family.setForResident(actor, params.user_id, body.contacts),
    listMyAddresses: ({ actor }) => addresses.list(actor),
    addMyAddress: ({ actor, body }) => addresses.add(actor, body),
    deleteMyAddress: ({ actor, params }) => noContent(addresses.remove(actor, params.address_id)),
    revokeUserSessions: ({ actor, params }) => noContent(users.revokeUserSessions(actor, params.user_id)),
  };
}
