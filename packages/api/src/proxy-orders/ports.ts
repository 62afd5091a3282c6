import type { PublishInboxEvent } from '@cc/shared';
import type { FamilyLinks } from '../identity/family-links';
import type { CheckoutService } from '../orders/checkout/index';
import type { WalletPort } from '../wallet/port';

/** What proxy orders use of other modules: the family links (identity), the checkout (orders) and the inbox. */
export interface ProxyPorts {
  links: Pick<FamilyLinks, 'requireApproved'>;
  /** onWechatPaid: the family member's WeChat payment handed to the checkout's payment book (approval, or give-back). */
  checkout: Pick<CheckoutService, 'checkoutFor' | 'payAs' | 'view' | 'expire' | 'onWechatPaid'>;
  publish: PublishInboxEvent;
  /** The wallet's PIN check of the card in use (wrong PINs count towards the card's lock). */
  verifyCardPin(holder: { user_id: string; card_id: string }, pin: string): Promise<void>;
  /** 我来付: the wallet's WeChat Pay collection (the family member's own payment) and the clearing account it lands in. */
  wallet: { wechat: WalletPort['wechat']; clearingAccountId: WalletPort['clearingAccountId'] };
}
