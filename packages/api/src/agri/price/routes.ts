import type { agriPriceRoutes } from '@cc/shared';
import type { Handlers } from '../../platform/http';
import type { AgriPrices } from './index';

/** Thin: parse (mountRoutes), one service call, return. */
export function agriPriceHandlers(prices: AgriPrices): Handlers<typeof agriPriceRoutes> {
  return {
    getAgriPrices: ({ query }) => prices.trend(query),
    listAgriPriceVarieties: () => prices.varieties(),
    getMyAgriPricePosition: ({ actor, query }) => prices.position(actor, query),
  };
}
