import type { CardActor } from '../../platform/actor';
import type { CheckoutService } from '../checkout/index';
import type { OrderModels } from '../models';
import { kioskBuying } from './buy';
import type { KioskShopPorts } from './ports';
import { kioskShop } from './shop';

export type { KioskShopPorts } from './ports';

/**
 * 买菜 at the kiosk (issue 15 items 1–2): the card holder's shop (再买一次, 常买的, the usual delivery) and checkout +
 * pay on the orders' own commands — every money movement through the command kernel, keyed by the terminal's keys.
 */
export function createKioskShop(deps: { models: OrderModels; checkout: CheckoutService; ports: KioskShopPorts }) {
  return {
    shop: (card: CardActor) => kioskShop(deps, card),
    ...kioskBuying(deps),
  };
}
export type KioskShopService = ReturnType<typeof createKioskShop>;
