import type { kioskShopRoutes } from '@cc/shared';
import type { Handlers } from '../../platform/http';
import type { KioskShopService } from './index';

/** Thin: parse (mountRoutes), one service call, return. */
export function kioskShopHandlers(shop: KioskShopService): Handlers<typeof kioskShopRoutes> {
  return {
    kioskShop: ({ actor }) => shop.shop(actor),
    kioskReorder: ({ actor, body, idempotencyKey }) => shop.reorder(actor, body, idempotencyKey as string),
    kioskShopCheckout: ({ actor, body, idempotencyKey }) => shop.buyLines(actor, body, idempotencyKey as string),
    kioskShopPay: ({ actor, params, body, idempotencyKey }) => shop.pay(actor, params.checkout_id, body, idempotencyKey as string),
    kioskShopCheckoutState: ({ actor, params }) => shop.state(actor, params.checkout_id),
  };
}
