/**
 * The crash loop's clients (shared by test/api/chaos.test.ts and `pnpm chaos`): buyers who put soy sauce in the cart,
 * check out, pay from the wallet or through WeChat Pay (prepay, paying in the simulator, the notify), and sometimes
 * ask for a refund that the store accepts. A request whose answer never came (the API was killed, 5xx, still in
 * progress) is sent again with the same Idempotency-Key until it is answered: that is what the command kernel is for.
 * What was acknowledged (2xx) is written down, so the loop can check afterwards that none of it was lost.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, routes, type ApiClient, type CheckoutResult } from '@cc/shared';
import type { WechatPaySimulator } from '@cc/tools/simulators/wechatpay';
import { apiUp } from './chaos-api';

export interface Buyer {
  name: string;
  client: ApiClient;
  /** Has a funded card wallet (else pays by WeChat Pay only). */
  pin: string | null;
}

export interface Shop {
  url: string;
  store: ApiClient;
  pay: WechatPaySimulator;
  product_id: string;
  station_id: string;
  buyers: Buyer[];
}

/** What clients were told, to be checked after each round. */
export interface Acknowledged {
  /** Checkouts answered as paid (the wallet payment's 2xx, or the checkout seen paid after WeChat Pay). */
  paid: { checkout_id: string; order_ids: string[] }[];
  /** Refund acceptances answered 2xx: the order must end refunded. */
  refunds: string[];
}

export interface Tally {
  /** `<operation> <outcome>` → count; outcomes: ok, ok_after_retry, refused:<code>, gave_up. */
  outcomes: Map<string, number>;
  acked: Acknowledged;
}

export const newTally = (): Tally => ({ outcomes: new Map(), acked: { paid: [], refunds: [] } });

type Result<T> = { ok: true; value: T } | { ok: false; code: string };

/** How long a client keeps retrying one request (across a restart and recovery). */
const RETRY_DEADLINE_MS = 90_000;
const SLOT_DATE = '2027-03-02';

const count = (tally: Tally, key: string) => tally.outcomes.set(key, (tally.outcomes.get(key) ?? 0) + 1);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Not an answer to act on: the request may or may not have happened, so it is sent again as it was. */
function unanswered(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  // status 0 (network_error): connection refused or reset, no response at all.
  return err.status === 0 || err.status >= 500 || err.status === 429 || err.code.endsWith('_in_progress');
}

/** Sends until answered (2xx, or a refusal); between attempts waits for the API to be up again. */
async function answered<T>(tally: Tally, shop: Shop, op: string, send: () => Promise<T>): Promise<Result<T>> {
  const end = Date.now() + RETRY_DEADLINE_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await send();
      count(tally, `${op} ${attempt === 1 ? 'ok' : 'ok_after_retry'}`);
      return { ok: true, value };
    } catch (err) {
      if (!unanswered(err)) {
        const code = (err as ApiError).code;
        count(tally, `${op} refused:${code}`);
        return { ok: false, code };
      }
      if (Date.now() > end) {
        count(tally, `${op} gave_up`);
        return { ok: false, code: 'gave_up' };
      }
      await pause(100 + Math.random() * 200);
      while (!(await apiUp(shop.url)) && Date.now() < end) await pause(100);
    }
  }
}

const PAID_STATES = new Set(['paid', 'preparing', 'ready', 'out_for_delivery', 'delivered', 'completed', 'refunding', 'refunded']);

async function place(tally: Tally, shop: Shop, b: Buyer): Promise<CheckoutResult | null> {
  const cart = await answered(tally, shop, 'cart', async () => {
    await b.client.call(routes.clearCart, {});
    return b.client.call(routes.setCartLine, { params: { product_id: shop.product_id }, body: { quantity: 1 } });
  });
  if (!cart.ok) return null;
  const key = `chaos-${randomUUID()}`;
  const delivery = { kind: 'pickup' as const, station_id: shop.station_id, date: SLOT_DATE };
  const placed = await answered(tally, shop, 'checkout', () => b.client.call(routes.checkout, { body: { delivery }, idempotencyKey: key }));
  return placed.ok ? placed.value : null;
}

async function payByWallet(tally: Tally, shop: Shop, b: Buyer, c: CheckoutResult): Promise<boolean> {
  const key = `chaos-${randomUUID()}`;
  const paid = await answered(tally, shop, 'pay_wallet', () =>
    b.client.call(routes.payCheckout, {
      params: { checkout_id: c.checkout_id },
      body: { method: 'wallet', pin: b.pin ?? undefined },
      idempotencyKey: key,
    }),
  );
  if (paid.ok) tally.acked.paid.push({ checkout_id: c.checkout_id, order_ids: paid.value.orders.map((o) => o.id) });
  return paid.ok;
}

/** Prepay, the buyer pays in the simulator, then the checkout is looked at until it says paid (notify or query). */
async function payByWechat(tally: Tally, shop: Shop, b: Buyer, c: CheckoutResult): Promise<boolean> {
  const key = `chaos-${randomUUID()}`;
  const params = { checkout_id: c.checkout_id };
  const opened = await answered(tally, shop, 'prepay', () =>
    b.client.call(routes.payCheckout, { params, body: { method: 'wechatpay' }, idempotencyKey: key }),
  );
  const out_trade_no = opened.ok ? opened.value.wechat_pay?.out_trade_no : undefined;
  if (!out_trade_no) return false;
  await shop.pay.pay(out_trade_no).then(
    () => count(tally, 'wechat_pay ok'),
    () => count(tally, 'wechat_pay refused'),
  );
  const end = Date.now() + RETRY_DEADLINE_MS;
  while (Date.now() < end) {
    const seen = await answered(tally, shop, 'get_checkout', () => b.client.call(routes.getCheckout, { params }));
    if (!seen.ok) return false;
    if (seen.value.orders.every((o) => PAID_STATES.has(o.status))) {
      tally.acked.paid.push({ checkout_id: c.checkout_id, order_ids: seen.value.orders.map((o) => o.id) });
      return true;
    }
    await pause(150);
  }
  count(tally, 'wechat_paid gave_up');
  return false;
}

/** An order action (no Idempotency-Key): a repeat after a lost answer is refused as illegal; the order's status says whether it applied. */
async function act(tally: Tally, shop: Shop, who: ApiClient, op: string, order_id: string, route: 'request' | 'accept', then: string) {
  const params = { order_id };
  const done = await answered(tally, shop, op, () =>
    route === 'request'
      ? who.call(routes.requestOrderRefund, { params, body: { reason: '不想要了' } })
      : who.call(routes.acceptOrderRefund, { params, body: {} }),
  );
  if (done.ok) return 'acked';
  if (done.code !== 'illegal_transition') return 'refused';
  const o = await answered(tally, shop, 'get_order', () => who.call(routes.getOrder, { params }));
  return o.ok && (o.value.status === then || (then === 'refunding' && o.value.status === 'refunded')) ? 'applied' : 'refused';
}

/** One buyer's journey: place, pay (wallet or WeChat Pay), sometimes a refund the store accepts. */
export async function journey(tally: Tally, shop: Shop, b: Buyer): Promise<void> {
  const c = await place(tally, shop, b);
  if (!c) return;
  const byWallet = b.pin !== null && Math.random() < 0.6;
  const paid = byWallet ? await payByWallet(tally, shop, b, c) : await payByWechat(tally, shop, b, c);
  // Refunds of WeChat-paid orders go back through WeChat Pay only once the refunds branch is in (issue 10 finding 2).
  if (!paid || !byWallet || Math.random() > 0.4) return;
  const order_id = (c.orders[0] as { id: string }).id;
  if ((await act(tally, shop, b.client, 'refund_request', order_id, 'request', 'refunding')) === 'refused') return;
  if ((await act(tally, shop, shop.store, 'refund_accept', order_id, 'accept', 'refunded')) === 'acked') tally.acked.refunds.push(order_id);
}

/** Every buyer walks journeys one after another until `stop()` says so; resolves when their last journey is over. */
export function runBuyers(tally: Tally, shop: Shop): { stop: () => Promise<void> } {
  let stopping = false;
  const loops = shop.buyers.map(async (b) => {
    // A journey refused early (say, a cart emptied by a replay) ends at once: a short pause keeps this from spinning.
    while (!stopping) await Promise.all([journey(tally, shop, b), pause(50)]);
  });
  return {
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
    },
  };
}
