import { agriPriceRoutes } from './agri-price';
import { agriMatchRoutes } from './agri-match';
import { agriPostRoutes } from './agri-routes';
import { callRoutes } from './calls-routes';
import { catalogRoutes } from './catalog-routes';
import { deliveryRoutes } from './delivery';
import { deliveryRouteRoutes } from './delivery-route';
import { deliveryAftercareRoutes } from './delivery-aftercare';
import { deliveryEarningsRoutes } from './delivery-earnings';
import { deliveryProofRoutes } from './delivery-proof';
import { deliveryTaskRoutes } from './delivery-tasks';
import { deliveryTrackingRoutes } from './delivery-tracking';
import { familyLinkRoutes } from './family-links';
import { identityRoutes } from './identity-routes';
import { inboxRoutes } from './inbox';
import { kioskShopRoutes } from './kiosk-shop';
import { orderRoutes } from './orders-routes';
import { partnerKeyRoutes } from './open311';
import { peopleRoutes } from './people';
import { staffAlertRoutes } from './staff-alerts';
import { uploadRoutes } from './uploads';
import { walletRoutes } from './wallet';
import type { RouteSpec } from './route';

export * from './agri';
export * from './agri-match';
export * from './agri-deal';
export * from './agri-moderation';
export * from './agri-price';
export * from './agri-routes';
export * from './calls';
export * from './calls-routes';
export * from './catalog';
export * from './catalog-routes';
export * from './common';
export * from './delivery';
export * from './delivery-route';
export * from './delivery-aftercare';
export * from './delivery-earnings';
export * from './delivery-proof';
export * from './delivery-tasks';
export * from './delivery-tracking';
export * from './errors';
export * from './family-links';
export * from './identity';
export * from './identity-routes';
export * from './inbox';
export * from './inbox-events';
export * from './kiosk-shop';
export * from './open311';
export * from './orders';
export * from './orders-routes';
export * from './people';
export * from './responses';
export * from './route';
export * from './staff-alerts';
export * from './uploads';
export * from './wallet';

/** The whole API: one entry per operation. The server, the OpenAPI document and the clients all read this. */
export const routes = {
  ...identityRoutes,
  ...peopleRoutes,
  ...walletRoutes,
  ...callRoutes,
  ...partnerKeyRoutes,
  ...catalogRoutes,
  ...uploadRoutes,
  ...deliveryRoutes,
  ...deliveryTaskRoutes,
  ...deliveryRouteRoutes,
  ...deliveryAftercareRoutes,
  ...deliveryEarningsRoutes,
  ...deliveryTrackingRoutes,
  ...deliveryProofRoutes,
  ...orderRoutes,
  ...inboxRoutes,
  ...staffAlertRoutes,
  ...kioskShopRoutes,
  ...familyLinkRoutes,
  ...agriPriceRoutes,
  ...agriPostRoutes,
  ...agriMatchRoutes,
};

export const routeList: RouteSpec[] = Object.values(routes) as RouteSpec[];
