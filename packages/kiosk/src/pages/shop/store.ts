import type { KioskShop } from '@cc/shared';

/**
 * The shop last read for the person at the terminal, shared by the shop's screens in memory only (like the card
 * session): 常买的 and the payment screen reuse it instead of asking again.
 */
let shop: KioskShop | null = null;

export function lastShop(): KioskShop | null {
  return shop;
}

export function rememberShop(s: KioskShop | null): void {
  shop = s;
}
