/**
 * Cart, checkout and the order lifecycle (issue 5 §4–5) against the real database and Redis: a full path paid from
 * the citizen-card wallet and settled to the seller, 200 buyers racing for 20 units, auto-cancel giving back stock
 * and the delivery seat, every illegal transition refused, and bad input that changes nothing.
 */
import test from 'ava';
import { DEMO_WALLETS, seedDemo } from '@cc/api';
import { ApiError, ORDER_STATUSES, ORDER_TRANSITIONS, routes, type OrderAction, type OrderStatus } from '@cc/shared';
import { raw, startStack } from '../support/stack';
import { failureOf, until } from '../support/outcome';
import {
  buyer,
  key,
  operator,
  paidWithoutMoney,
  productBySku,
  seed,
  slot,
  SLOT_DATE,
  stack,
  store,
  useOrdersStack,
} from '../support/orders-stack';

useOrdersStack({ env: { ORDER_AUTO_CONFIRM_SECONDS: '3600' } });

test('full path: two sellers → two orders in one slot, paid once from the wallet with the PIN, prepared, delivered, confirmed, settled', async (t) => {
  const wang = await stack.login('demo-resident-1');
  const address = await wang.client.call(routes.addMyAddress, {
    body: { label: '家', recipient: '王秀英', phone: '13805710001', detail: '益乐新村 3 幢 2 单元 501' },
  });
  const rice = await productBySku('YL-RICE-01');
  const oil = await productBySku('YL-OIL-01');
  const coopItem = (await stack.api.conn.collection('products').findOne({ sku: /^BS-/, status: 'on_sale' }))!;
  await wang.client.call(routes.clearCart, {});
  await wang.client.call(routes.setCartLine, { params: { product_id: rice.id }, body: { quantity: 2 } });
  await wang.client.call(routes.setCartLine, { params: { product_id: oil.id }, body: { quantity: 1 } });
  const cart = await wang.client.call(routes.setCartLine, { params: { product_id: String(coopItem._id) }, body: { quantity: 1 } });
  const total = rice.price_fen * 2 + oil.price_fen + (coopItem.price_fen as number);
  t.is(cart.total_fen, total);

  const before = await stack.api.wallet.walletOf(wang.user_id);
  const placed = await wang.client.call(routes.checkout, {
    body: { delivery: slot(address.id), expected_total_fen: total, note: '放门口' },
    idempotencyKey: key(),
  });
  t.is(placed.orders.length, 2, 'split by seller');
  t.is(placed.total_fen, total);
  t.true(placed.orders.every((o) => o.status === 'pending_payment' && o.delivery.kind === 'slot'));
  t.is((await productBySku('YL-RICE-01')).stock, rice.stock - 2, 'stock reserved at checkout');
  t.deepEqual((await wang.client.call(routes.getCart, {})).lines, [], 'bought lines leave the cart');

  // Above the PIN-free limit: the PIN is asked for.
  t.is(
    await failureOf(
      wang.client.call(routes.payCheckout, {
        params: { checkout_id: placed.checkout_id },
        body: { method: 'wallet' },
        idempotencyKey: key(),
      }),
    ),
    '403 pin_required',
  );
  const pin = DEMO_WALLETS.find((w) => w.openid === 'demo-resident-1')!.pin;
  const paid = await wang.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet', pin },
    idempotencyKey: key(),
  });
  t.true(paid.orders.every((o) => o.status === 'paid' && o.payment?.method === 'wallet'));
  t.is((await stack.api.wallet.walletOf(wang.user_id)).balance_fen, before.balance_fen - total);
  // Paying again changes nothing.
  await wang.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet', pin },
    idempotencyKey: key(),
  });
  t.is((await stack.api.wallet.walletOf(wang.user_id)).balance_fen, before.balance_fen - total);

  const storeOrder = paid.orders.find((o) => o.merchant_id === seed.merchants['demo-store-1'])!;
  for (const step of [routes.prepareOrder, routes.readyOrder, routes.dispatchOrder, routes.deliverOrder]) {
    await store.call(step, { params: { order_id: storeOrder.id }, body: {} });
  }
  const delivered = await wang.client.call(routes.getOrder, { params: { order_id: storeOrder.id } });
  t.is(delivered.status, 'delivered');
  t.truthy(delivered.auto_confirm_at);
  const done = await wang.client.call(routes.confirmOrder, { params: { order_id: storeOrder.id }, body: {} });
  t.is(done.status, 'completed');
  t.deepEqual(
    done.history.map((h) => h.action),
    ['place', 'pay', 'prepare', 'ready', 'dispatch', 'deliver', 'confirm'],
  );
  // The seller is paid from clearing by the settle job, once.
  const merchant = await stack.api.conn.collection('merchants').findOne({ _id: seed.merchants['demo-store-1'] as never });
  await until('the seller to be paid', async () => {
    const acc = await stack.api.conn.collection('ledger_accounts').findOne({ _id: merchant?.account_id });
    return (acc?.balance_fen as number) >= storeOrder.total_fen;
  });
  const report = await stack.api.wallet.check();
  t.true(report.ok, JSON.stringify(report));
});

test('200 buyers race for the last 20 units: exactly 20 orders, stock ends at 0, nobody oversold', async (t) => {
  const tofu = await productBySku('YL-TOF-01');
  await store.call(routes.adjustProductStock, { params: { product_id: tofu.id }, body: { delta: 20 - tofu.stock } });
  const station = (await stack.client.call(routes.listStations, { params: { community_id: seed.communities.wenxin }, query: {} }))
    .items[0]!;
  const buyers = await Promise.all(Array.from({ length: 200 }, () => buyer()));
  await Promise.all(
    buyers.map((b) => b.client.call(routes.setCartLine, { params: { product_id: tofu.id }, body: { quantity: 1 } }).catch(() => null)),
  );
  const results = await Promise.all(
    buyers.map((b) =>
      b.client
        .call(routes.checkout, { body: { delivery: { kind: 'pickup', station_id: station.id, date: SLOT_DATE } }, idempotencyKey: key() })
        .then(
          () => 'ok',
          (e: ApiError) => e.code,
        ),
    ),
  );
  t.is(results.filter((r) => r === 'ok').length, 20, JSON.stringify(results.filter((r) => r !== 'ok' && r !== 'insufficient_stock')));
  t.true(results.every((r) => r === 'ok' || r === 'insufficient_stock'));
  t.is((await productBySku('YL-TOF-01')).stock, 0);
  const orders = await stack.api.conn.collection('orders').countDocuments({ 'lines.product_id': tofu.id, status: 'pending_payment' });
  t.is(orders, 20);
});

test('unpaid orders cancel themselves: stock and the delivery seat come back', async (t) => {
  const quick = await startStack({ ORDER_PAY_WITHIN_SECONDS: '5' });
  try {
    const s = await seedDemo({ identity: quick.api.identity, wallet: quick.api.wallet, catalog: quick.api.catalog });
    const op = (await quick.login('demo-operator-1')).client;
    await op.call(routes.createSlotTemplate, {
      params: { community_id: s.communities.wenxin },
      body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '10:00', capacity: 1, cutoff_minutes: 0 },
    });
    const person = await quick.login('late-payer');
    await person.client.call(routes.updateMe, { body: { community_id: s.communities.wenxin } });
    const address = await person.client.call(routes.addMyAddress, {
      body: { label: '家', recipient: '晚付', phone: '13900001234', detail: '益乐新村 1 幢' },
    });
    const p = await quick.api.conn.collection('products').findOne({ sku: 'YL-FLO-01' });
    await person.client.call(routes.setCartLine, { params: { product_id: String(p!._id) }, body: { quantity: 3 } });
    const placed = await person.client.call(routes.checkout, {
      body: { delivery: { kind: 'slot', slot_key: `${SLOT_DATE}/09:00-10:00`, address_id: address.id } },
      idempotencyKey: key(),
    });
    const slotsNow = await quick.client.call(routes.listSlots, {
      params: { community_id: s.communities.wenxin },
      query: { from: SLOT_DATE, days: 1 },
    });
    t.is(slotsNow.items[0]?.remaining, 0, 'the only seat is taken');
    const order = await until('the auto-cancel', async () => {
      const o = await person.client.call(routes.getOrder, { params: { order_id: placed.orders[0]!.id } });
      return o.status === 'cancelled' ? o : null;
    });
    t.is(order.history.at(-1)?.actor_role, 'system');
    t.is(
      await until('the stock to come back', async () => {
        const now = (await quick.api.conn.collection('products').findOne({ sku: 'YL-FLO-01' }))?.stock as number;
        return now === p!.stock ? now : null;
      }),
      p!.stock,
    );
    const seatsLeft = await until('the seat to be free again', async () => {
      const slots = await quick.client.call(routes.listSlots, {
        params: { community_id: s.communities.wenxin },
        query: { from: SLOT_DATE, days: 1 },
      });
      return slots.items[0]?.remaining === 1 ? 1 : null;
    });
    t.is(seatsLeft, 1, 'the seat is free again');
    t.is(
      await failureOf(
        person.client.call(routes.payCheckout, {
          params: { checkout_id: placed.checkout_id },
          body: { method: 'wallet' },
          idempotencyKey: key(),
        }),
      ),
      '409 not_payable',
    );
  } finally {
    await quick.stop();
  }
});

test('every illegal transition of the state machine is refused with 409 and changes nothing', async (t) => {
  // One order in each status, reached by legal steps (straight from the database for the two terminal refund states).
  const b = await buyer();
  const flour = await productBySku('YL-FLO-01');
  const reach: Record<OrderStatus, OrderAction[]> = {
    pending_payment: [],
    paid: ['pay'],
    preparing: ['pay', 'prepare'],
    ready: ['pay', 'prepare', 'ready'],
    out_for_delivery: ['pay', 'prepare', 'ready', 'dispatch'],
    delivered: ['pay', 'prepare', 'ready', 'dispatch', 'deliver'],
    completed: ['pay', 'prepare', 'ready', 'dispatch', 'deliver', 'confirm'],
    cancelled: ['cancel'],
    refunding: ['pay', 'request_refund'],
    refunded: ['pay', 'request_refund'],
  };
  const lifecycle = stack.api.orders.lifecycle;
  const orderIn: Partial<Record<OrderStatus, string>> = {};
  for (const status of ORDER_STATUSES) {
    await b.client.call(routes.setCartLine, { params: { product_id: flour.id }, body: { quantity: 1 } });
    const placed = await b.client.call(routes.checkout, { body: { delivery: slot(b.address_id) }, idempotencyKey: key() });
    let o = await lifecycle.load(placed.orders[0]!.id);
    for (const action of reach[status]) {
      const role = ORDER_TRANSITIONS[action].by[0];
      o = await lifecycle.apply(
        o,
        action,
        { role, user_id: null },
        action === 'request_refund' ? '测试' : null,
        action === 'request_refund' ? { set: { refund_from: o.status } } : {},
      );
    }
    if (status === 'refunded') o = await lifecycle.apply(o, 'refund_completed', { role: 'system', user_id: null }, null);
    t.is(o.status, status);
    orderIn[status] = o._id;
    if (reach[status].includes('pay')) paidWithoutMoney.add(o._id);
  }
  const byAction = {
    cancel: [routes.cancelOrder, b.client],
    prepare: [routes.prepareOrder, store],
    ready: [routes.readyOrder, store],
    dispatch: [routes.dispatchOrder, store],
    deliver: [routes.deliverOrder, store],
    confirm: [routes.confirmOrder, b.client],
    request_refund: [routes.requestOrderRefund, b.client],
  } as const;
  let refused = 0;
  for (const [action, [route, client]] of Object.entries(byAction) as [keyof typeof byAction, (typeof byAction)[keyof typeof byAction]][]) {
    const from = ORDER_TRANSITIONS[action].from as readonly OrderStatus[];
    for (const status of ORDER_STATUSES.filter((s) => !from.includes(s))) {
      const order_id = orderIn[status] as string;
      const body = action === 'request_refund' ? { reason: '想退' } : {};
      t.is(
        await failureOf(client.call(route as typeof routes.cancelOrder, { params: { order_id }, body })),
        '409 illegal_transition',
        `${action} from ${status}`,
      );
      t.is((await lifecycle.load(order_id)).status, status);
      refused++;
    }
  }
  t.true(refused >= 50, `${refused} illegal transitions tried`);
  // And the wrong party is refused even from a legal status.
  t.is(
    await failureOf(b.client.call(routes.prepareOrder, { params: { order_id: orderIn.paid as string }, body: {} })),
    '403 forbidden_action',
  );
  const stranger = await buyer();
  t.is(await failureOf(stranger.client.call(routes.getOrder, { params: { order_id: orderIn.paid as string } })), '404 order_not_found');
});

test('bad input changes nothing: quantities, tampered prices, unserved sellers, full slots, unknown addresses', async (t) => {
  const b = await buyer();
  const oil = await productBySku('YL-OIL-02');
  const send = (path: string, method: string, body: unknown, extra: Record<string, string> = {}) =>
    raw(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json', ...extra },
      body: JSON.stringify(body),
    });
  for (const quantity of [-1, 1.5, 1000, '2']) {
    t.is((await send(`/api/v1/cart/lines/${oil.id}`, 'PUT', { quantity })).status, 400, `quantity ${String(quantity)}`);
  }
  t.is(
    await failureOf(b.client.call(routes.setCartLine, { params: { product_id: oil.id }, body: { quantity: oil.stock + 1 } })),
    '409 insufficient_stock',
  );
  t.is((await send(`/api/v1/cart/lines/${oil.id}`, 'PUT', { quantity: 1, price_fen: 1 })).status, 400, 'no price from the client');
  await b.client.call(routes.setCartLine, { params: { product_id: oil.id }, body: { quantity: 1 } });
  const stockBefore = (await productBySku('YL-OIL-02')).stock;
  t.is(
    await failureOf(
      b.client.call(routes.checkout, { body: { delivery: slot(b.address_id), expected_total_fen: 1 }, idempotencyKey: key() }),
    ),
    '409 price_changed',
  );
  t.is(
    (
      await send(
        '/api/v1/checkout',
        'POST',
        { delivery: slot(b.address_id), lines: [{ product_id: oil.id, price_fen: 1 }] },
        { 'idempotency-key': key() },
      )
    ).status,
    400,
  );
  t.is(
    await failureOf(
      b.client.call(routes.checkout, {
        body: { delivery: { kind: 'slot', slot_key: `${SLOT_DATE}/18:00-20:00`, address_id: 'adr_01JD3Q8Z6Y0M2V5K7N9P4R2S1T' } },
        idempotencyKey: key(),
      }),
    ),
    '400 address_unknown',
  );
  t.is(
    await failureOf(
      b.client.call(routes.checkout, {
        body: { delivery: { ...slot(b.address_id), slot_key: `${SLOT_DATE}/06:00-07:00` } },
        idempotencyKey: key(),
      }),
    ),
    '400 slot_unknown',
  );

  t.is((await productBySku('YL-OIL-02')).stock, stockBefore, 'the refused checkouts reserved nothing');

  // A seller that does not deliver to 径山村.
  const villager = await buyer(seed.communities.jingshan);
  t.is(
    await failureOf(villager.client.call(routes.setCartLine, { params: { product_id: oil.id }, body: { quantity: 1 } })),
    '409 product_not_served',
  );
  t.is(await stack.api.conn.collection('orders').countDocuments({ buyer_id: villager.user_id }), 0);
});

test('a full delivery window refuses the checkout, gives the stock it reserved back and keeps the cart', async (t) => {
  // A window with one seat, taken by the first buyer (a product no other test of this file buys, as they run at once).
  const b = await buyer();
  const rice = await productBySku('YL-RICE-02');
  await b.client.call(routes.setCartLine, { params: { product_id: rice.id }, body: { quantity: 1 } });
  await operator.call(routes.setSlotException, {
    params: { community_id: seed.communities.wenxin, date: '2027-03-09' },
    body: { kind: 'windows', reason: '测试', windows: [{ start: '12:00', end: '13:00', capacity: 1, cutoff_minutes: 0 }] },
  });
  const first = await buyer();
  const stockBefore = (await productBySku('YL-RICE-02')).stock;
  await first.client.call(routes.setCartLine, { params: { product_id: rice.id }, body: { quantity: 1 } });
  await first.client.call(routes.checkout, {
    body: { delivery: { kind: 'slot', slot_key: '2027-03-09/12:00-13:00', address_id: first.address_id } },
    idempotencyKey: key(),
  });
  const stockMid = (await productBySku('YL-RICE-02')).stock;
  t.is(
    await failureOf(
      b.client.call(routes.checkout, {
        body: { delivery: { kind: 'slot', slot_key: '2027-03-09/12:00-13:00', address_id: b.address_id } },
        idempotencyKey: key(),
      }),
    ),
    '409 slot_full',
  );
  t.is((await productBySku('YL-RICE-02')).stock, stockMid, 'the reservation was given back');
  t.is(stockMid, stockBefore - 1);
  t.is((await b.client.call(routes.getCart, {})).lines.length, 1, 'the cart is kept for another try');
});

test('a replayed checkout returns the same orders; the same key with another body is refused', async (t) => {
  const b = await buyer();
  const soy = await productBySku('YL-SEA-01');
  await b.client.call(routes.setCartLine, { params: { product_id: soy.id }, body: { quantity: 2 } });
  const k = key();
  const runs = await Promise.all(
    Array.from({ length: 8 }, () =>
      b.client.call(routes.checkout, { body: { delivery: slot(b.address_id) }, idempotencyKey: k }).then(
        (r) => r.checkout_id,
        (e: ApiError) => e.code,
      ),
    ),
  );
  const ids = new Set(runs.filter((r) => r.startsWith('chk_')));
  t.is(ids.size, 1, JSON.stringify(runs));
  t.true(runs.every((r) => r.startsWith('chk_') || r === 'checkout_in_progress'));
  t.is(await stack.api.conn.collection('orders').countDocuments({ buyer_id: b.user_id }), 1);
  t.is((await productBySku('YL-SEA-01')).stock, soy.stock - 2);
  t.is(
    await failureOf(b.client.call(routes.checkout, { body: { delivery: slot(b.address_id), note: '不同' }, idempotencyKey: k })),
    '409 idempotency_conflict',
  );
});

/** 刘德明 (a bound card with ¥100) buys one toothpaste into the 18:00 slot and pays without a PIN. */
