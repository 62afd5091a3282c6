/**
 * 买菜 at the kiosk (issue 15 items 1–2): the card holder's recent orders priced now and 常买的, re-order in one call
 * to the usual delivery (in words), pay PIN-free under the limit and with the PIN above it; someone else's order and
 * a payment after the session ended are refused with nothing written; many concurrent re-orders and payments under
 * one key make one checkout and one transfer, and the ledger and the books stay clean.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { routes, type ApiClient, type KioskShop } from '@cc/shared';
import { settledBooks } from '../support/books';
import { key, productBySku, stack, useOrdersStack } from '../support/orders-stack';
import { liveOrdersOf, paymentsOf, shopKiosk, shopper } from '../support/kiosk-shop';
import { cardAt } from '../support/village';
import { cardNumbers } from '../support/wallet-people';

useOrdersStack({ env: { WALLET_PIN_FREE_LIMIT_FEN: '5000', WALLET_DAILY_CAP_FEN: '100000' } });

const nextCard = cardNumbers(715_000_000);

/** A shopper (support/kiosk-shop.ts) signed in at the kiosk with card + PIN. */
async function shopperAtKiosk() {
  const p = await shopper(nextCard);
  return { ...p, kiosk: await cardAt(await shopKiosk(), { card_number: p.card_number, pin: p.pin }) };
}

const count = (collection: string, filter: Record<string, unknown> = {}) => stack.api.conn.collection(collection).countDocuments(filter);
const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'ok');

async function shopOf(client: ApiClient): Promise<KioskShop> {
  return client.call(routes.kioskShop, {});
}

test('the shop: recent orders priced now, 常买的, the usual delivery in words, the wallet', async (t) => {
  const p = await shopperAtKiosk();
  const shop = await shopOf(p.kiosk);
  t.is(shop.holder_id, p.user_id);
  t.deepEqual(
    shop.recent.map((c) => c.number),
    [p.big.number, p.small.number],
  );
  const small = shop.recent[1]!;
  t.is(small.total_fen, 1290 * 2 + 350 * 3);
  t.deepEqual(
    small.items.map((i) => [i.name, i.quantity, i.available]),
    [
      ['草本牙膏', 2, true],
      ['嫩豆腐', 3, true],
    ],
  );
  t.true(small.reorderable);
  t.deepEqual(small.missing, []);
  t.deepEqual(shop.frequent.map((i) => i.name).sort(), ['压榨菜籽油', '嫩豆腐', '草本牙膏'].sort());
  t.true(shop.frequent.length <= 12);
  // The last order went home in a slot: the usual delivery is the next open slot to the same address, said in words.
  t.is(shop.delivery?.choice.kind, 'slot');
  t.regex(shop.delivery!.words, /\d{2}:\d{2}–\d{2}:\d{2} 送到家：益乐新村 9 幢 101$/);
  t.is(shop.wallet.balance_fen, 30_000 - 3630 - 8990);
  t.is(shop.wallet.pin_free_limit_fen, 5000);
});

test('re-order in one call and pay PIN-free: paid once, the balance after told; the cart is left alone', async (t) => {
  const p = await shopperAtKiosk();
  const paste = await productBySku('YL-DAI-03');
  await p.client.call(routes.setCartLine, { params: { product_id: paste.id }, body: { quantity: 1 } });
  const shop = await shopOf(p.kiosk);
  const card = shop.recent.find((c) => c.number === p.small.number)!;
  const placed = await p.kiosk.call(routes.kioskReorder, {
    body: { order_id: card.order_id, delivery: shop.delivery!.choice, expected_total_fen: card.total_fen },
    idempotencyKey: key(),
  });
  t.is(placed.state, 'unpaid');
  t.is(placed.total_fen, 3630);
  t.false(placed.pin_required);
  t.is(placed.delivery_words, shop.delivery!.words);
  t.deepEqual(
    placed.lines.map((l) => [l.name, l.quantity]),
    [
      ['草本牙膏', 2],
      ['嫩豆腐', 3],
    ],
  );
  const paid = await p.kiosk.call(routes.kioskShopPay, { params: { checkout_id: placed.checkout_id }, body: {}, idempotencyKey: key() });
  t.is(paid.state, 'paid');
  t.is(paid.balance_fen, shop.wallet.balance_fen - 3630);
  t.is(await paymentsOf(placed.checkout_id), 1);
  t.is((await p.client.call(routes.getCart, {})).lines.length, 1, 'the mini-program cart is untouched');
  t.true((await stack.api.wallet.check()).ok);
});

test('above the PIN-free limit the PIN is needed: without it nothing is charged, with it paid once', async (t) => {
  const p = await shopperAtKiosk();
  const shop = await shopOf(p.kiosk);
  const card = shop.recent.find((c) => c.number === p.big.number)!;
  const placed = await p.kiosk.call(routes.kioskReorder, {
    body: { order_id: card.order_id, delivery: shop.delivery!.choice, expected_total_fen: card.total_fen },
    idempotencyKey: key(),
  });
  t.true(placed.pin_required);
  const refused = await t.throwsAsync(
    p.kiosk.call(routes.kioskShopPay, { params: { checkout_id: placed.checkout_id }, body: {}, idempotencyKey: key() }),
  );
  t.is((refused as { code?: string }).code, 'pin_required');
  t.is(await paymentsOf(placed.checkout_id), 0);
  const paid = await p.kiosk.call(routes.kioskShopPay, {
    params: { checkout_id: placed.checkout_id },
    body: { pin: p.pin },
    idempotencyKey: key(),
  });
  t.is(paid.state, 'paid');
  t.is(await paymentsOf(placed.checkout_id), 1);
});

test('常买的: chosen quantities in one checkout; a changed total is refused, never charged', async (t) => {
  const p = await shopperAtKiosk();
  const shop = await shopOf(p.kiosk);
  const tofu = shop.frequent.find((i) => i.name === '嫩豆腐')!;
  const lines = [{ product_id: tofu.product_id, quantity: 4 }];
  const stale = await t.throwsAsync(
    p.kiosk.call(routes.kioskShopCheckout, {
      body: { lines, delivery: shop.delivery!.choice, expected_total_fen: 1 },
      idempotencyKey: key(),
    }),
  );
  t.is((stale as { code?: string }).code, 'price_changed');
  const placed = await p.kiosk.call(routes.kioskShopCheckout, {
    body: { lines, delivery: shop.delivery!.choice, expected_total_fen: 4 * tofu.price_fen },
    idempotencyKey: key(),
  });
  t.is(placed.total_fen, 1400);
  const paid = await p.kiosk.call(routes.kioskShopPay, { params: { checkout_id: placed.checkout_id }, body: {}, idempotencyKey: key() });
  t.is(paid.state, 'paid');
});

test("someone else's order or checkout is 404, and a payment after the session ended is 401: nothing written", async (t) => {
  const a = await shopperAtKiosk();
  const b = await shopperAtKiosk();
  const shopA = await shopOf(a.kiosk);
  const before = { checkouts: await count('checkouts'), commands: await count('commands'), transfers: await count('ledger_transfers') };
  const theirs = await t.throwsAsync(
    b.kiosk.call(routes.kioskReorder, {
      body: { order_id: a.small.id, delivery: shopA.delivery!.choice, expected_total_fen: 3630 },
      idempotencyKey: key(),
    }),
  );
  t.is((theirs as { status?: number; code?: string }).code, 'order_not_found');
  t.is((theirs as { status?: number }).status, 404);
  const placed = await a.kiosk.call(routes.kioskReorder, {
    body: { order_id: a.small.id, delivery: shopA.delivery!.choice, expected_total_fen: 3630 },
    idempotencyKey: key(),
  });
  const mid = { checkouts: await count('checkouts'), commands: await count('commands'), transfers: await count('ledger_transfers') };
  t.is(mid.checkouts, before.checkouts + 1);
  const stranger = await t.throwsAsync(
    b.kiosk.call(routes.kioskShopPay, { params: { checkout_id: placed.checkout_id }, body: {}, idempotencyKey: key() }),
  );
  t.is((stranger as { code?: string }).code, 'checkout_not_found');
  await a.kiosk.call(routes.kioskLogout, { body: {} });
  const ended = await t.throwsAsync(
    a.kiosk.call(routes.kioskShopPay, { params: { checkout_id: placed.checkout_id }, body: {}, idempotencyKey: key() }),
  );
  t.is((ended as { status?: number }).status, 401);
  t.deepEqual({ checkouts: await count('checkouts'), commands: await count('commands'), transfers: await count('ledger_transfers') }, mid);
  t.is(await paymentsOf(placed.checkout_id), 0);
});

/** Calls `fn` until it answers (409 in-progress answers mean: ask again with the same key), with a deadline. */
async function untilAnswered<T>(fn: () => Promise<T>): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!/_in_progress$/.test(code) || Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

test('a race: 12 re-orders and then 12 payments under one key each make one checkout, one order and one transfer', async (t) => {
  const p = await shopperAtKiosk();
  const shop = await shopOf(p.kiosk);
  const card = shop.recent.find((c) => c.number === p.small.number)!;
  const body = { order_id: card.order_id, delivery: shop.delivery!.choice, expected_total_fen: card.total_fen };
  const checkoutKey = `race-${randomUUID()}`;
  const reorders = await Promise.allSettled(
    Array.from({ length: 12 }, () => p.kiosk.call(routes.kioskReorder, { body, idempotencyKey: checkoutKey })),
  );
  t.true(
    reorders.every((r) => ['ok', 'checkout_in_progress'].includes(codeOf(r) ?? '')),
    JSON.stringify(reorders.map(codeOf)),
  );
  const placed = await untilAnswered(() => p.kiosk.call(routes.kioskReorder, { body, idempotencyKey: checkoutKey }));
  const ids = new Set(reorders.flatMap((r) => (r.status === 'fulfilled' ? [r.value.checkout_id] : [])));
  t.true(ids.size <= 1 && (ids.size === 0 || ids.has(placed.checkout_id)));
  t.is(await liveOrdersOf(p.user_id), 3, 'two bought before, one re-order');

  const payKey = `race-pay-${randomUUID()}`;
  const pay = () => p.kiosk.call(routes.kioskShopPay, { params: { checkout_id: placed.checkout_id }, body: {}, idempotencyKey: payKey });
  const pays = await Promise.allSettled(Array.from({ length: 12 }, pay));
  t.true(
    pays.every((r) => ['ok', 'payment_in_progress'].includes(codeOf(r) ?? '')),
    JSON.stringify(pays.map(codeOf)),
  );
  t.is((await untilAnswered(pay)).state, 'paid');
  // Another key for the same checkout (a second terminal press after a reload) charges nothing more.
  const again = await p.kiosk.call(routes.kioskShopPay, { params: { checkout_id: placed.checkout_id }, body: {}, idempotencyKey: key() });
  t.is(again.state, 'paid');
  t.is(await paymentsOf(placed.checkout_id), 1);
  t.is(again.balance_fen, shop.wallet.balance_fen - card.total_fen);
  t.true((await stack.api.wallet.check()).ok);
  t.deepEqual((await settledBooks(stack.api.conn)).violations, []);
});
