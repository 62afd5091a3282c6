import type { familyLinkRoutes } from '@cc/shared';
import type { Handlers } from '../platform/http';
import type { Family } from './adapters';

/** The family routes: links (identity's family-links service) and proxy orders. Thin: one service call each. */
export function familyHandlers({ links, proxy, revokeByFamily, revokeAtKiosk }: Family): Handlers<typeof familyLinkRoutes> {
  return {
    requestFamilyLink: ({ actor, body }) => links.request(actor, body),
    listMyFamilyLinks: ({ actor }) => links.mine(actor),
    kioskListFamilyLinks: ({ actor }) => links.pendingAtKiosk(actor),
    kioskApproveFamilyLink: ({ actor, params, body }) => links.approveAtKiosk(actor, params.link_id, body.pin),
    kioskDeclineFamilyLink: ({ actor, params }) => links.declineAtKiosk(actor, params.link_id),
    listCommunityFamilyLinks: ({ actor, params }) => links.pendingInCommunity(actor, params.community_id),
    decideFamilyLink: ({ actor, params, body }) => links.decideAtStation(actor, params.link_id, body.decision),
    placeProxyOrder: ({ actor, params, body, idempotencyKey }) => proxy.place(actor, params.link_id, body, idempotencyKey as string),
    listMyProxyOrders: ({ actor }) => proxy.mine(actor),
    kioskListProxyOrders: ({ actor }) => proxy.waitingAtKiosk(actor),
    kioskApproveProxyOrder: ({ actor, params, body, idempotencyKey }) =>
      proxy.approve(actor, params.proxy_order_id, body.pin ?? '', idempotencyKey as string),
    kioskDeclineProxyOrder: ({ actor, params }) => proxy.decline(actor, params.proxy_order_id),
    payProxyOrder: ({ actor, params }) => proxy.payForFamily(actor, params.proxy_order_id),
    revokeFamilyLink: ({ actor, params }) => revokeByFamily(actor, params.link_id),
    kioskListLinkedFamily: ({ actor }) => links.linkedAtKiosk(actor),
    kioskRevokeFamilyLink: ({ actor, params, body }) => revokeAtKiosk(actor, params.link_id, body.pin),
  };
}
