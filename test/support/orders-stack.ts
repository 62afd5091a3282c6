/**
 * The stack the order suites share (orders*.test.ts, order-refunds.test.ts): the demo seed, a store owner and an
 * operator signed in, deliveries every day 18:00–20:00 in 益乐社区, and — unless a suite opts out — the books check
 * after the suite, clean but for the orders a test moved past `pay` by hand. The bindings below are live: read them
 * inside tests, after `useOrdersStack()` has registered its hooks.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { seedDemo } from '@cc/api';
import { routes, type ApiClient } from '@cc/shared';
import { settledBooks } from './books';
import { startStack, type Stack } from './stack';

export let stack: Stack;
export let seed: Awaited<ReturnType<typeof seedDemo>>;
export let store: ApiClient;
export let operator: ApiClient;
export const SLOT_DATE = '2027-03-02';
/** Orders a test moved by hand past `pay` hold no money: the books check must name exactly those. */
export const paidWithoutMoney = new Set<string>();

export function useOrdersStack(opts: { env?: Record<string, string>; books?: boolean } = {}): void {
  test.before(async () => {
    stack = await startStack(opts.env);
    seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
    store = (await stack.login('demo-store-1')).client;
    operator = (await stack.login('demo-operator-1')).client;
    await operator.call(routes.createSlotTemplate, {
      params: { community_id: seed.communities.wenxin },
      body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '20:00', capacity: 500, cutoff_minutes: 60 },
    });
  });
  if (opts.books !== false)
    test.after('the books check is clean after every test, but for the orders paid by hand', async (t) => {
      const byHand = (v: string) =>
        [...paidWithoutMoney].some((id) => v.includes(`order ${id} `) && v.includes('without a posted payment'));
      const { violations } = await settledBooks(stack.api.conn, byHand);
      t.deepEqual(
        violations.filter((v) => !byHand(v)),
        [],
      );
      t.is(violations.length, paidWithoutMoney.size);
    });
  test.after.always(() => stack?.stop());
}

export const key = () => `k-${randomUUID()}`;

export async function productBySku(sku: string): Promise<{ id: string; stock: number; price_fen: number }> {
  const p = await stack.api.conn.collection('products').findOne({ sku });
  if (!p) throw new Error(`no product ${sku}`);
  return { id: String(p._id), stock: p.stock as number, price_fen: p.price_fen as number };
}

/** A new resident of 益乐社区 with one address. */
export async function buyer(community_id = seed.communities.wenxin) {
  const person = await stack.login(`buyer-${randomUUID().slice(0, 12)}`);
  await person.client.call(routes.updateMe, { body: { community_id, address: '益乐新村 5 幢 1 单元 201' } });
  const address = await person.client.call(routes.addMyAddress, {
    body: { label: '家', recipient: '测试买家', phone: '13900009999', detail: '益乐新村 5 幢 1 单元 201' },
  });
  return { ...person, address_id: address.id };
}

export const slot = (address_id: string) => ({ kind: 'slot' as const, slot_key: `${SLOT_DATE}/18:00-20:00`, address_id });

/** 刘德明 (a bound card with ¥100) buys one toothpaste into the 18:00 slot and pays without a PIN. */
export async function paidOrder() {
  const liu = await stack.login('demo-resident-2');
  const addresses = await liu.client.call(routes.listMyAddresses, {});
  const address_id =
    addresses.items[0]?.id ??
    (
      await liu.client.call(routes.addMyAddress, {
        body: { label: '家', recipient: '刘德明', phone: '13805710002', detail: '益乐新村 8 幢 302' },
      })
    ).id;
  const paste = await productBySku('YL-DAI-03');
  await liu.client.call(routes.clearCart, {});
  await liu.client.call(routes.setCartLine, { params: { product_id: paste.id }, body: { quantity: 1 } });
  const placed = await liu.client.call(routes.checkout, { body: { delivery: slot(address_id) }, idempotencyKey: key() });
  const paid = await liu.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet' },
    idempotencyKey: key(),
  });
  return { liu, order: paid.orders[0]! };
}
