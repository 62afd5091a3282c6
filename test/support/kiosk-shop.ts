/**
 * 买菜 at the kiosk (test/api/kiosk-shop.test.ts, test/e2e/kiosk-shop.test.ts), on the orders stack: a kiosk at a
 * station of 益乐社区, and a resident with a citizen card, ¥300 on it, an address and two orders bought and paid in
 * the mini-program — 牙膏 ×2 + 豆腐 ×3 (¥36.30, PIN-free) and 菜籽油 ×1 (¥89.90, above the ¥50 PIN-free limit).
 */
import { routes } from '@cc/shared';
import { key, productBySku, seed, slot, stack } from './orders-stack';
import { cardHolder, cardNumbers } from './wallet-people';

let made: { id: string; secret: string } | undefined;

/** Once per stack: a kiosk at a station of 益乐社区. */
export async function shopKiosk(): Promise<{ id: string; secret: string }> {
  if (made) return made;
  const admin = (await stack.login('demo-admin-1')).client;
  const stations = await stack.api.identity.places.listStations(seed.communities.wenxin, { limit: 100 });
  const creds = await admin.call(routes.registerKiosk, {
    params: { community_id: seed.communities.wenxin },
    body: { name: '益乐社区买菜机', station_id: stations.items[0]!.id },
  });
  made = { id: creds.kiosk.id, secret: creds.terminal_secret };
  return made;
}

/** A resident of 益乐社区 with a card and two paid orders (above); each file gives its own card-number base. */
export async function shopper(nextCard: ReturnType<typeof cardNumbers>) {
  const card_number = nextCard();
  const holder = await cardHolder(stack, { community_id: seed.communities.wenxin, card_number, balance_fen: 30_000 });
  const address = await holder.client.call(routes.addMyAddress, {
    body: { label: '家', recipient: '测试居民', phone: '13900001234', detail: '益乐新村 9 幢 101' },
  });
  const buy = async (lines: { sku: string; quantity: number }[], pin?: string) => {
    for (const l of lines)
      await holder.client.call(routes.setCartLine, {
        params: { product_id: (await productBySku(l.sku)).id },
        body: { quantity: l.quantity },
      });
    const placed = await holder.client.call(routes.checkout, { body: { delivery: slot(address.id) }, idempotencyKey: key() });
    const paid = await holder.client.call(routes.payCheckout, {
      params: { checkout_id: placed.checkout_id },
      body: { method: 'wallet', ...(pin ? { pin } : {}) },
      idempotencyKey: key(),
    });
    return paid.orders[0]!;
  };
  const small = await buy([
    { sku: 'YL-DAI-03', quantity: 2 },
    { sku: 'YL-TOF-01', quantity: 3 },
  ]);
  const big = await buy([{ sku: 'YL-OIL-01', quantity: 1 }], holder.pin);
  return { ...holder, card_number, address_id: address.id, small, big };
}

const count = (collection: string, filter: Record<string, unknown> = {}) => stack.api.conn.collection(collection).countDocuments(filter);

/** Posted wallet payments of a checkout (the ledger's own record). */
export const paymentsOf = (checkout_id: string) =>
  count('ledger_transfers', { reference_id: checkout_id, kind: 'payment', status: 'posted' });

/** Orders of a person that are not cancelled. */
export const liveOrdersOf = (user_id: string) => count('orders', { buyer_id: user_id, status: { $ne: 'cancelled' } });
