import type { PublishInboxEvent } from '@cc/shared';
import type { FamilyLinks } from '../identity/family-links';
import type { CheckoutService } from '../orders/checkout/index';

/** What proxy orders use of other modules: the family links (identity), the checkout (orders) and the inbox. */
export interface ProxyPorts {
  links: Pick<FamilyLinks, 'requireApproved'>;
  checkout: Pick<CheckoutService, 'checkoutFor' | 'payAs' | 'view' | 'expire'>;
  publish: PublishInboxEvent;
  /** The wallet's PIN check of the card in use (wrong PINs count towards the card's lock). */
  verifyCardPin(holder: { user_id: string; card_id: string }, pin: string): Promise<void>;
}
