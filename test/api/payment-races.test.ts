/**
 * Issue 10, findings 1 and 3: one checkout paid by two methods at once is charged once — a wallet payment closes an
 * open WeChat Pay order first, a WeChat payment found paid stops the wallet charge, and money that lands anyway is
 * refunded to where it came from and recorded — and an Idempotency-Key reused with another body is refused on every
 * money route of the route table.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { booksCheckOn, DEMO_WALLETS, seedDemo } from '@cc/api';
import { routeList, routes, type ApiClient, type CheckoutResult } from '@cc/shared';
import { kioskCardClient } from '../support/kiosk-shop';
import { startStack, type Stack } from '../support/stack';
import { failureOf, until } from '../support/outcome';

let stack: Stack;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let liu: Awaited<ReturnType<Stack['login']>>;
let stationId: string;
const SLOT_DATE = '2027-03-02';
const LIU = DEMO_WALLETS.find((w) => w.openid === 'demo-resident-2')!;
const key = () => `k-${randomUUID()}`;

test.before(async () => {
  stack = await startStack();
  seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
  liu = await stack.login(LIU.openid);
  const operator = (await stack.login('demo-operator-1')).client;
  await operator.call(routes.cashTopup, {
    params: { community_id: seed.communities.wenxin },
    body: { card_number: LIU.card_number, amount_fen: 40000 },
    idempotencyKey: key(),
  });
  stationId = (await stack.client.call(routes.listStations, { params: { community_id: seed.communities.wenxin }, query: {} })).items[0]!.id;
});
test.after.always(() => stack?.stop());

async function cheapest(): Promise<{ id: string; price_fen: number }> {
  const p = await stack.api.conn
    .collection('products')
    .find({ status: 'on_sale', stock: { $gt: 100 } })
    .sort({ price_fen: 1 })
    .next();
  return { id: String(p!._id), price_fen: p!.price_fen as number };
}

async function placeOne(client: ApiClient): Promise<CheckoutResult> {
  const p = await cheapest();
  await client.call(routes.clearCart, {});
  await client.call(routes.setCartLine, { params: { product_id: p.id }, body: { quantity: 1 } });
  return client.call(routes.checkout, {
    body: { delivery: { kind: 'pickup', station_id: stationId, date: SLOT_DATE } },
    idempotencyKey: key(),
  });
}

/** Money of one checkout in the ledger: what came in (wallet or WeChat) and what went back as surplus refunds. */
async function moneyOf(checkout_id: string) {
  const transfers = stack.api.conn.collection('ledger_transfers');
  const clearing = (await stack.api.conn.collection('ledger_accounts').findOne({ kind: 'platform_clearing' }))!._id;
  const incoming = await transfers.find({ credit_account_id: clearing, reference_id: checkout_id, status: 'posted' }).toArray();
  const c = await stack.api.conn.collection('checkouts').findOne({ _id: checkout_id as never });
  const surplus = (c?.surplus_refunds ?? []) as { transfer_id: string; amount_fen: number; refund_id: string }[];
  const refunded_fen = surplus.reduce((sum, r) => sum + r.amount_fen, 0);
  return { in_fen: incoming.reduce((sum, t) => sum + (t.amount_fen as number), 0), payments: incoming.length, refunded_fen, surplus };
}

async function settledOrders(checkout_id: string) {
  return until('the checkout to settle', async () => {
    await stack.pay.drain();
    const c = await liu.client.call(routes.getCheckout, { params: { checkout_id } });
    const m = await moneyOf(checkout_id);
    // Settled: every order paid, and every payment either paid orders or was refunded.
    return c.orders.every((o) => o.status === 'paid') && m.in_fen - m.refunded_fen === c.total_fen ? { c, m } : null;
  });
}

test.serial('WeChat Pay opened, then the wallet and the WeChat payment race: one charge, or a recorded refund', async (t) => {
  const outcomes: string[] = [];
  for (let i = 0; i < 8; i++) {
    const placed = await placeOne(liu.client);
    const opened = await liu.client.call(routes.payCheckout, {
      params: { checkout_id: placed.checkout_id },
      body: { method: 'wechatpay' },
      idempotencyKey: key(),
    });
    const [wallet, wechat] = await Promise.all([
      liu.client
        .call(routes.payCheckout, {
          params: { checkout_id: placed.checkout_id },
          body: { method: 'wallet', pin: LIU.pin },
          idempotencyKey: key(),
        })
        .then(
          () => 'wallet-ok',
          (e: Error) => `wallet-${e.message}`,
        ),
      stack.pay.pay(opened.wechat_pay!.out_trade_no).then(
        () => 'wechat-paid',
        () => 'wechat-refused',
      ),
    ]);
    const { c, m } = await settledOrders(placed.checkout_id);
    outcomes.push(`${wallet}/${wechat}/${m.payments}`);
    t.is(m.in_fen - m.refunded_fen, c.total_fen, 'the buyer paid exactly the order total');
    t.is(m.payments - m.surplus.length, 1, 'one payment kept, every other refunded');
    t.true(c.orders.every((o) => o.payment !== null));
  }
  t.log(outcomes.join(' '));
  t.true((await stack.api.wallet.check()).ok);
});

test.serial('WeChat payment lands first, then the wallet is asked: the wallet charges nothing', async (t) => {
  const placed = await placeOne(liu.client);
  const before = (await stack.api.wallet.walletOf(liu.user_id)).balance_fen;
  const opened = await liu.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wechatpay' },
    idempotencyKey: key(),
  });
  await stack.pay.pay(opened.wechat_pay!.out_trade_no);
  const paid = await liu.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet', pin: LIU.pin },
    idempotencyKey: key(),
  });
  t.true(paid.orders.every((o) => o.status === 'paid' && o.payment?.method === 'wechatpay'));
  t.is((await stack.api.wallet.walletOf(liu.user_id)).balance_fen, before, 'the wallet was not charged');
  const { m } = await settledOrders(placed.checkout_id);
  t.is(m.payments, 1);
});

test.serial('a WeChat payment landing on a checkout the wallet already paid is refunded once and recorded', async (t) => {
  const placed = await placeOne(liu.client);
  const total = placed.total_fen;
  await liu.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet', pin: LIU.pin },
    idempotencyKey: key(),
  });
  // A racing request had placed this WeChat order before the wallet payment took the checkout's lease.
  const clearing = (await stack.api.conn.collection('ledger_accounts').findOne({ kind: 'platform_clearing' }))!._id as unknown as string;
  const late = `${placed.checkout_id}-9`;
  await stack.api.wallet.collect.prepay({
    out_trade_no: late,
    user_id: liu.user_id,
    amount_fen: total,
    description: '社区订单',
    payee_account_id: clearing,
    reference_id: placed.checkout_id,
  });
  await stack.pay.pay(late);
  for (let i = 0; i < 3; i++) stack.pay.redeliver(late);
  const { c, m } = await settledOrders(placed.checkout_id);
  t.true(c.orders.every((o) => o.payment?.method === 'wallet'));
  t.is(m.payments, 2);
  t.is(m.surplus.length, 1, 'one refund however often the notify repeats');
  t.is(m.surplus[0]!.amount_fen, total);
  t.regex(m.surplus[0]!.refund_id, /^rfd_/, 'a WeChat Pay refund, not a ledger move');
  t.true((await stack.api.wallet.check()).ok);
});

test.serial('after every race the books are clean: each surplus reached its origin (WeChat Pay confirmed it)', async (t) => {
  const report = await until('the books to be clean', async () => {
    await stack.pay.drain();
    const r = await booksCheckOn(stack.api.conn)();
    return r.ok ? r : null;
  }).catch(() => booksCheckOn(stack.api.conn)());
  t.deepEqual(report.violations, []);
});

/** A call of 刘德明's resolved by the demo provider with a ¥1 fee; its id. */
async function resolvedCallWithFee(operator: ApiClient): Promise<string> {
  const provider = await stack.login('demo-provider-1');
  await operator.call(routes.setProviderSkills, {
    params: { community_id: seed.communities.wenxin, user_id: provider.user_id },
    body: { skills: ['other'] },
  });
  const call = await liu.client.call(routes.createCall, {
    body: { service_code: 'other', description: `收费服务 ${randomUUID().slice(0, 6)}`, confirm_new: true },
    idempotencyKey: key(),
  });
  const p = { params: { call_id: call.id } };
  await operator.call(routes.acknowledgeCall, p);
  await operator.call(routes.assignCall, { ...p, body: { provider_id: provider.user_id } });
  await provider.client.call(routes.acceptCall, p);
  await provider.client.call(routes.resolveCall, { ...p, body: { note: '已完成', fee_fen: 100 } });
  return call.id;
}

/** Two valid bodies per idempotent money route, and how to call it; a new money route without an entry fails below. */
const MONEY_ROUTES = [
  'checkout',
  'payCheckout',
  'createTopup',
  'refundTopup',
  'cashTopup',
  'payCallFee',
  'kioskReorder',
  'kioskShopCheckout',
  'kioskShopPay',
] as const;

test.serial('an Idempotency-Key reused with another body is refused with 409 on every money route', async (t) => {
  const idempotent = routeList.filter((r) => r.idempotent).map((r) => r.id);
  // Keyed routes that move no money: the calls, and a courier's claim (a repeat answers the task they already hold).
  const notMoney = ['createCall', 'createHotlineCall', 'kioskCreateCall', 'kioskEmergency', 'claimDeliveryTask', 'claimDeliveryTrip'];
  // Proxy orders need an approved family link: family-proxy.test.ts checks a reused key with another body on both.
  const coveredElsewhere = ['placeProxyOrder', 'kioskApproveProxyOrder'];
  const here = idempotent.filter((id) => !notMoney.includes(id) && !coveredElsewhere.includes(id));
  t.deepEqual(here.sort(), [...MONEY_ROUTES].sort(), 'every money route is covered');
  const operator = (await stack.login('demo-operator-1')).client;
  const placed = await placeOne(liu.client);
  const { topup } = await liu.client.call(routes.createTopup, { body: { amount_fen: 1000 }, idempotencyKey: key() });
  await stack.pay.pay(topup.id);
  await until(
    'the top-up to arrive',
    async () => (await liu.client.call(routes.getTopup, { params: { topup_id: topup.id } })).status === 'paid',
  );
  const p = await cheapest();
  const feeCalls = [await resolvedCallWithFee(operator), await resolvedCallWithFee(operator)];
  // 买菜 at the kiosk (orders/kiosk-shop): 刘德明 signed in at the seed's kiosk, two kiosk checkouts to pay.
  const kiosk = await kioskCardClient(stack.apiUrl, seed.kiosk, LIU);
  const pickup = { kind: 'pickup' as const, station_id: stationId, date: SLOT_DATE };
  const kioskBuy = (k: string, v: 0 | 1) =>
    kiosk.call(routes.kioskShopCheckout, {
      body: { lines: [{ product_id: p.id, quantity: 1 + v }], delivery: pickup, expected_total_fen: p.price_fen * (1 + v) },
      idempotencyKey: k,
    });
  const kioskCheckouts = [await kioskBuy(key(), 0), await kioskBuy(key(), 0)];
  const twice: Record<(typeof MONEY_ROUTES)[number], (k: string, variant: 0 | 1) => Promise<unknown>> = {
    checkout: async (k, v) => {
      await liu.client.call(routes.setCartLine, { params: { product_id: p.id }, body: { quantity: 1 } });
      return liu.client.call(routes.checkout, {
        body: { delivery: { kind: 'pickup', station_id: stationId, date: SLOT_DATE }, ...(v ? { note: '不同' } : {}) },
        idempotencyKey: k,
      });
    },
    payCheckout: (k, v) =>
      liu.client.call(routes.payCheckout, {
        params: { checkout_id: placed.checkout_id },
        body: v ? { method: 'wechatpay' } : { method: 'wallet', pin: LIU.pin },
        idempotencyKey: k,
      }),
    createTopup: (k, v) => liu.client.call(routes.createTopup, { body: { amount_fen: v ? 2000 : 1000 }, idempotencyKey: k }),
    refundTopup: (k, v) =>
      liu.client.call(routes.refundTopup, { params: { topup_id: topup.id }, body: { amount_fen: v ? 200 : 100 }, idempotencyKey: k }),
    cashTopup: (k, v) =>
      operator.call(routes.cashTopup, {
        params: { community_id: seed.communities.wenxin },
        body: { card_number: LIU.card_number, amount_fen: v ? 2000 : 1000 },
        idempotencyKey: k,
      }),
    payCallFee: (k, v) => liu.client.call(routes.payCallFee, { params: { call_id: feeCalls[v]! }, body: {}, idempotencyKey: k }),
    kioskReorder: (k, v) =>
      kiosk.call(routes.kioskReorder, {
        body: { order_id: placed.orders[0]!.id, delivery: pickup, expected_total_fen: p.price_fen + v },
        idempotencyKey: k,
      }),
    kioskShopCheckout: kioskBuy,
    kioskShopPay: (k, v) =>
      kiosk.call(routes.kioskShopPay, { params: { checkout_id: kioskCheckouts[v]!.checkout_id }, body: {}, idempotencyKey: k }),
  };
  for (const id of MONEY_ROUTES) {
    const k = key();
    await twice[id](k, 0);
    await t.notThrowsAsync(twice[id](k, 0), `${id}: the same body replays`);
    t.is(await failureOf(twice[id](k, 1)), '409 idempotency_conflict', `${id}: another body is refused`);
  }
});
