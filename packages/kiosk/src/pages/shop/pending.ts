import type { BodyOf, KioskCheckout, routes } from '@cc/shared';

/**
 * The payment in flight at this terminal (issue 15 item 2), kept in localStorage so that a network drop or a reload
 * never makes a second charge: the Idempotency-Keys of the checkout and of its payment are made here before anything
 * is sent, and every retry — after a drop, a reload, or the next login of the same person — sends the same keys. Only
 * what a retry needs is kept (whose it is, what was ordered, the keys, the checkout once placed); never a PIN.
 */
const KEY = 'cc.kiosk.shop.pending';
/** An operation older than this is over on the server (its checkout was cancelled unpaid at pay-by): forgotten. */
const FORGET_AFTER_MS = 2 * 60 * 60_000;

export type ShopOrder =
  { kind: 'reorder'; body: BodyOf<typeof routes.kioskReorder> } | { kind: 'lines'; body: BodyOf<typeof routes.kioskShopCheckout> };

export interface PendingShop {
  /** The card holder it belongs to: it is only ever retried for her. */
  holder_id: string;
  order: ShopOrder;
  checkout_key: string;
  pay_key: string;
  /** Once the checkout is placed. */
  checkout: KioskCheckout | null;
  /** The payment was sent at least once under `pay_key`: its outcome must be asked, never assumed. */
  paying: boolean;
  at: number;
}

/** A fresh Idempotency-Key (getRandomValues works on a plain-http LAN terminal too, unlike randomUUID). */
export function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `kiosk-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function readPending(): PendingShop | null {
  try {
    const raw = localStorage.getItem(KEY);
    const p = raw ? (JSON.parse(raw) as PendingShop) : null;
    if (p && Date.now() - p.at > FORGET_AFTER_MS) {
      localStorage.removeItem(KEY);
      return null;
    }
    return p;
  } catch {
    return null;
  }
}

/** The pending operation of this card holder, if any. */
export function pendingOf(holder_id: string): PendingShop | null {
  const p = readPending();
  return p && p.holder_id === holder_id ? p : null;
}

export function savePending(p: PendingShop): PendingShop {
  localStorage.setItem(KEY, JSON.stringify(p));
  return p;
}

export function clearPending(): void {
  localStorage.removeItem(KEY);
}

/** A new operation: both keys made now, before the first request. */
export function startPending(holder_id: string, order: ShopOrder): PendingShop {
  return savePending({ holder_id, order, checkout_key: newKey(), pay_key: newKey(), checkout: null, paying: false, at: Date.now() });
}
