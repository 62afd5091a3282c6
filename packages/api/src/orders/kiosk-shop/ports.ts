import type { WalletLimits } from '@cc/shared';
import type { OrderPorts } from '../ports';

type PinFreeDay = 'pin_free_daily_fen' | 'pin_free_spent_today_fen';

/** What the kiosk shop needs beyond the orders module's own ports (built in adapters.ts from the other modules). */
export interface KioskShopPorts {
  /** The orders module's ports: the catalog now, pickup checks and photos. */
  orders: Pick<OrderPorts, 'catalog' | 'slots' | 'uploads'>;
  /** The station this kiosk stands in (pickup there), if any. */
  station(kiosk_id: string, community_id: string): Promise<string | null>;
  /** The person's address book (ids to send back in a checkout). */
  addresses(user_id: string): Promise<{ id: string; detail: string; is_default: boolean }[]>;
  /** The community's delivery slots of the next days, earliest first. */
  slots(community_id: string): Promise<{ slot_key: string; date: string; start: string; end: string; unavailable: string | null }[]>;
  /** The person's wallet: the balance and the limits of card payments. */
  wallet(
    user_id: string,
  ): Promise<{ balance_fen: number; limits: Pick<WalletLimits, 'pin_free_limit_fen' | 'daily_cap_fen' | 'spent_today_fen' | PinFreeDay> }>;
}
