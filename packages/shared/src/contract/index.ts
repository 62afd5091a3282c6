import { callRoutes } from './calls';
import { catalogRoutes } from './catalog';
import { identityRoutes } from './identity';
import { uploadRoutes } from './uploads';
import { walletRoutes } from './wallet';
import type { RouteSpec } from './route';

export * from './calls';
export * from './catalog';
export * from './common';
export * from './identity';
export * from './route';
export * from './uploads';
export * from './wallet';

/** The whole API: one entry per operation. The server, the OpenAPI document and the clients all read this. */
export const routes = {
  ...identityRoutes,
  ...walletRoutes,
  ...callRoutes,
  ...catalogRoutes,
  ...uploadRoutes,
};

export const routeList: RouteSpec[] = Object.values(routes) as RouteSpec[];
