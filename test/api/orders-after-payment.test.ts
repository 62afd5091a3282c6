/**
 * Orders after payment (issue 5 §5, issue 10): refunds accepted, refused, disputed and decided; flash sales under a
 * rush; offers; reviews; and the full path paid through WeChat Pay, including a WeChat order left unpaid. The books
 * check runs after the suite (test/support/orders-stack.ts).
 */
import test from 'ava';
import { seedDemo } from '@cc/api';
import { ApiError, ORDER_TRANSITIONS, routes } from '@cc/shared';
import { failureOf, until } from '../support/outcome';
import { startStack } from '../support/stack';
import { TINY_JPEG } from '../support/images';
import {
  buyer,
  key,
  operator,
  paidOrder,
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

test.serial('refund accepted by the seller: the money goes back to the wallet once, however many accept at once', async (t) => {
  const { liu, order } = await paidOrder();
  const balance = (await stack.api.wallet.walletOf(liu.user_id)).balance_fen;
  const asked = await liu.client.call(routes.requestOrderRefund, { params: { order_id: order.id }, body: { reason: '买错了，不需要了' } });
  t.like(asked, { status: 'refunding', refund: { reason: '买错了，不需要了', disputed: false } });
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? store : operator).call(routes.acceptOrderRefund, { params: { order_id: order.id }, body: {} }).then(
        () => 'ok',
        (e: ApiError) => e.code,
      ),
    ),
  );
  t.is(results.filter((r) => r === 'ok').length, 1, JSON.stringify(results));
  const refunded = await until('the refund transfer', async () => {
    const o = await liu.client.call(routes.getOrder, { params: { order_id: order.id } });
    return o.refund?.transfer_id ? o : null;
  });
  t.is(refunded.status, 'refunded');
  t.is((await stack.api.wallet.walletOf(liu.user_id)).balance_fen, balance + order.total_fen);
  t.true((await stack.api.wallet.check()).ok);
});

test.serial('refused refund → dispute → the service station decides; the seller cannot decide a disputed refund', async (t) => {
  const { liu, order } = await paidOrder();
  const balance = (await stack.api.wallet.walletOf(liu.user_id)).balance_fen;
  await store.call(routes.prepareOrder, { params: { order_id: order.id }, body: {} });
  await liu.client.call(routes.requestOrderRefund, { params: { order_id: order.id }, body: { reason: '送得太慢' } });
  const refused = await store.call(routes.refuseOrderRefund, { params: { order_id: order.id }, body: { reason: '已经在备货了' } });
  t.like(refused, { status: 'preparing', refund: { refused_reason: '已经在备货了' } });
  t.is(
    await failureOf(liu.client.call(routes.requestOrderRefund, { params: { order_id: order.id }, body: { reason: '再申请一次' } })),
    '409 refund_refused',
  );
  const disputed = await liu.client.call(routes.disputeOrderRefund, { params: { order_id: order.id }, body: { reason: '备货前就申请了' } });
  t.like(disputed, { status: 'refunding', refund: { disputed: true } });
  t.is(await failureOf(store.call(routes.acceptOrderRefund, { params: { order_id: order.id }, body: {} })), '403 refund_disputed');
  const queue = await operator.call(routes.listRefundDisputes, { params: { community_id: seed.communities.wenxin }, query: {} });
  t.true(queue.items.some((o) => o.id === order.id));
  await operator.call(routes.acceptOrderRefund, { params: { order_id: order.id }, body: { reason: '买家在备货前申请，支持退款' } });
  const back = await until('the money back', async () => {
    const b = (await stack.api.wallet.walletOf(liu.user_id)).balance_fen;
    return b === balance + order.total_fen ? b : null;
  });
  t.is(back, balance + order.total_fen);
  t.is((await liu.client.call(routes.getOrder, { params: { order_id: order.id } })).status, 'refunded');
});

test.serial('an operator can also reject a dispute; after that the refund is closed', async (t) => {
  const { liu, order } = await paidOrder();
  await liu.client.call(routes.requestOrderRefund, { params: { order_id: order.id }, body: { reason: '不想要了' } });
  await store.call(routes.refuseOrderRefund, { params: { order_id: order.id }, body: { reason: '商品没有问题' } });
  await liu.client.call(routes.disputeOrderRefund, { params: { order_id: order.id }, body: { reason: '请服务站看看' } });
  const decided = await operator.call(routes.refuseOrderRefund, {
    params: { order_id: order.id },
    body: { reason: '商品无质量问题，不支持退款' },
  });
  t.is(decided.status, 'paid');
  t.is(
    await failureOf(liu.client.call(routes.disputeOrderRefund, { params: { order_id: order.id }, body: { reason: '再申请' } })),
    '409 refund_closed',
  );
  t.deepEqual(
    decided.history.map((h) => `${h.action}:${h.actor_role}`),
    ['place:buyer', 'pay:buyer', 'request_refund:buyer', 'refuse_refund:seller', 'dispute:buyer', 'refuse_refund:operator'],
  );
});

/** 刘德明's paid toothpaste, prepared, dispatched and delivered by the store: its auto-confirm time is an hour away. */
async function deliveredOrder() {
  const { liu, order } = await paidOrder();
  for (const step of [routes.prepareOrder, routes.readyOrder, routes.dispatchOrder, routes.deliverOrder]) {
    await store.call(step, { params: { order_id: order.id }, body: {} });
  }
  return { liu, order_id: order.id };
}
const confirmsOf = async (order_id: string) =>
  (await stack.api.orders.lifecycle.load(order_id)).history.filter((h) => h.action === 'confirm').map((h) => `${h.actor_role}:${h.reason}`);

test.serial('auto-confirm: the job confirms a delivered order only when its time is up, once, and never after the buyer did', async (t) => {
  const lifecycle = stack.api.orders.lifecycle;
  const dueNow = (order_id: string) =>
    stack.api.conn.collection('orders').updateOne({ _id: order_id as never }, { $set: { auto_confirm_at: new Date(Date.now() - 1000) } });

  const early = await deliveredOrder();
  await lifecycle.autoConfirmDue(early.order_id);
  t.is((await lifecycle.load(early.order_id)).status, 'delivered', 'not due yet: the job only looks again later');
  await dueNow(early.order_id);
  await Promise.all([lifecycle.autoConfirmDue(early.order_id), lifecycle.autoConfirmDue(early.order_id)]);
  await lifecycle.autoConfirmDue(early.order_id);
  t.is((await lifecycle.load(early.order_id)).status, 'completed');
  t.deepEqual(await confirmsOf(early.order_id), ['system:超过确认期限，系统自动确认收货']);

  // The buyer and the job at the same moment: exactly one of them confirms.
  const raced = await deliveredOrder();
  await dueNow(raced.order_id);
  const [byBuyer] = await Promise.all([
    raced.liu.client.call(routes.confirmOrder, { params: { order_id: raced.order_id }, body: {} }).then(
      () => 'ok',
      (e: ApiError) => `${e.status} ${e.code}`,
    ),
    lifecycle.autoConfirmDue(raced.order_id),
  ]);
  t.is((await lifecycle.load(raced.order_id)).status, 'completed');
  const confirms = await confirmsOf(raced.order_id);
  t.is(confirms.length, 1);
  t.is(byBuyer, confirms[0]!.startsWith('buyer:') ? 'ok' : '409 illegal_transition');
});

test('a flash sale under a rush: never more than its quantity, nobody more than their limit, cancelled units come back', async (t) => {
  const paper = await productBySku('YL-DAI-02');
  const offer = await store.call(routes.createOffer, {
    params: { product_id: paper.id },
    body: {
      kind: 'flash_sale',
      title: '抽纸限时特价',
      price_fen: 990,
      quantity_total: 10,
      per_user_limit: 2,
      starts_at: new Date(Date.now() - 1000).toISOString(),
      ends_at: new Date(Date.now() + 3600_000).toISOString(),
    },
  });
  t.is(offer.state, 'running');
  const listed = await stack.client.call(routes.listOffers, { params: { community_id: seed.communities.wenxin }, query: {} });
  t.true(listed.items.some((o) => o.id === offer.id));

  const buyers = await Promise.all(Array.from({ length: 30 }, () => buyer()));
  await Promise.all(
    buyers.map((b) => b.client.call(routes.setCartLine, { params: { product_id: paper.id }, body: { quantity: 2, offer_id: offer.id } })),
  );
  const results = await Promise.all(
    buyers.map((b) =>
      b.client.call(routes.checkout, { body: { delivery: slot(b.address_id) }, idempotencyKey: key() }).then(
        (r) => r,
        (e: ApiError) => e.code,
      ),
    ),
  );
  const won = results.filter((r) => typeof r !== 'string');
  t.is(won.length, 5, JSON.stringify(results.filter((r) => typeof r === 'string')));
  t.true(results.every((r) => typeof r !== 'string' || r === 'offer_sold_out'));
  t.true(won.every((r) => r.orders[0]?.lines[0]?.price_fen === 990 && r.orders[0]?.lines[0]?.offer_id === offer.id));
  t.is((await stack.client.call(routes.getOffer, { params: { offer_id: offer.id }, query: {} })).quantity_left, 0);

  // One person, three checkouts at once, 2 units each against a limit of 2: one goes through.
  const second = await store.call(routes.createOffer, {
    params: { product_id: paper.id },
    body: {
      kind: 'group_buy',
      title: '抽纸团购',
      price_fen: 1990,
      quantity_total: 50,
      per_user_limit: 2,
      starts_at: new Date(Date.now() - 1000).toISOString(),
      ends_at: new Date(Date.now() + 3600_000).toISOString(),
    },
  });
  const greedy = await buyer();
  await greedy.client.call(routes.setCartLine, { params: { product_id: paper.id }, body: { quantity: 2, offer_id: second.id } });
  const tries = await Promise.all(
    Array.from({ length: 3 }, () =>
      greedy.client.call(routes.checkout, { body: { delivery: slot(greedy.address_id) }, idempotencyKey: key() }).then(
        (r) => r,
        (e: ApiError) => e.code,
      ),
    ),
  );
  const through = tries.filter((r) => typeof r !== 'string');
  t.is(through.length, 1, JSON.stringify(tries));
  t.true(tries.every((r) => typeof r !== 'string' || r === 'offer_limit_reached' || r === 'cart_empty'));

  // The one that went through is cancelled: its units and the allowance come back.
  const order = (through[0] as Exclude<(typeof tries)[number], string>).orders[0]!;
  await greedy.client.call(routes.cancelOrder, { params: { order_id: order.id }, body: {} });
  t.is((await stack.client.call(routes.getOffer, { params: { offer_id: second.id }, query: {} })).quantity_left, 50);
  await greedy.client.call(routes.setCartLine, { params: { product_id: paper.id }, body: { quantity: 2, offer_id: second.id } });
  await greedy.client.call(routes.checkout, { body: { delivery: slot(greedy.address_id) }, idempotencyKey: key() });
  t.is((await stack.client.call(routes.getOffer, { params: { offer_id: second.id }, query: {} })).quantity_left, 48);
});

test('offers are the owner’s to make, below the normal price', async (t) => {
  const paper = await productBySku('YL-DAI-02');
  const body = {
    kind: 'flash_sale' as const,
    title: '特价',
    price_fen: 100,
    quantity_total: 5,
    per_user_limit: 1,
    starts_at: new Date().toISOString(),
    ends_at: new Date(Date.now() + 60_000).toISOString(),
  };
  const stranger = await buyer();
  t.is(await failureOf(stranger.client.call(routes.createOffer, { params: { product_id: paper.id }, body })), '403 not_merchant_owner');
  t.is(
    await failureOf(store.call(routes.createOffer, { params: { product_id: paper.id }, body: { ...body, price_fen: paper.price_fen } })),
    '400 offer_price_not_lower',
  );
});

test('reviews: only the buyer of a completed order, once, abusive words masked, the seller’s average kept', async (t) => {
  const b = await buyer();
  const soap = await productBySku('YL-DAI-01');
  await b.client.call(routes.setCartLine, { params: { product_id: soap.id }, body: { quantity: 1 } });
  const placed = await b.client.call(routes.checkout, { body: { delivery: slot(b.address_id) }, idempotencyKey: key() });
  const order_id = placed.orders[0]!.id;
  t.is(
    await failureOf(b.client.call(routes.reviewOrder, { params: { order_id }, body: { rating: 5, text: '好' } })),
    '409 order_not_completed',
  );
  const lifecycle = stack.api.orders.lifecycle;
  let o = await lifecycle.load(order_id);
  for (const action of ['pay', 'prepare', 'ready', 'dispatch', 'deliver', 'confirm'] as const) {
    o = await lifecycle.apply(o, action, { role: ORDER_TRANSITIONS[action].by[0], user_id: null }, null);
  }
  paidWithoutMoney.add(order_id);
  const photo = await b.client.call(routes.createUpload, {
    file: { bytes: TINY_JPEG, content_type: 'image/jpeg' },
  });
  const review = await b.client.call(routes.reviewOrder, {
    params: { order_id },
    body: { rating: 4, text: '送得快，就是他妈的包装破了', photo_ids: [photo.id] },
  });
  t.is(review.text, '送得快，就是＊＊＊包装破了');
  t.is(review.photos[0]?.url, photo.url);
  t.is(
    await failureOf(b.client.call(routes.reviewOrder, { params: { order_id }, body: { rating: 1, text: '再评一次' } })),
    '409 already_reviewed',
  );
  const stranger = await buyer();
  t.is(
    await failureOf(stranger.client.call(routes.reviewOrder, { params: { order_id }, body: { rating: 1, text: '差' } })),
    '404 order_not_found',
  );
  const page = await stack.client.call(routes.listMerchantReviews, {
    params: { merchant_id: seed.merchants['demo-store-1'] as string },
    query: {},
  });
  t.is(page.items[0]?.id, review.id);
  t.true(page.rating_count >= 1);
  t.true(page.rating_average !== null && page.rating_average >= 1 && page.rating_average <= 5);
});

test('full path with WeChat Pay: pay params, the platform’s notify marks the orders paid once, the books balance', async (t) => {
  const b = await buyer();
  const noodles = await productBySku('YL-FLO-01');
  await b.client.call(routes.setCartLine, { params: { product_id: noodles.id }, body: { quantity: 2 } });
  const placed = await b.client.call(routes.checkout, { body: { delivery: slot(b.address_id) }, idempotencyKey: key() });
  const started = await b.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wechatpay' },
    idempotencyKey: key(),
  });
  t.truthy(started.wechat_pay?.pay_params.paySign);
  t.true(
    started.orders.every((o) => o.status === 'pending_payment'),
    'not paid until WeChat Pay says so',
  );
  // Asking again gives the same WeChat order.
  const again = await b.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wechatpay' },
    idempotencyKey: key(),
  });
  t.is(again.wechat_pay?.out_trade_no, started.wechat_pay?.out_trade_no);

  await stack.pay.pay(started.wechat_pay!.out_trade_no);
  for (let i = 0; i < 5; i++) stack.pay.redeliver(started.wechat_pay!.out_trade_no);
  await stack.pay.drain();
  const paid = await until('the orders to be paid', async () => {
    const c = await b.client.call(routes.getCheckout, { params: { checkout_id: placed.checkout_id } });
    return c.orders.every((o) => o.status === 'paid') ? c : null;
  });
  t.true(paid.orders.every((o) => o.payment?.method === 'wechatpay' && o.payment.transfer_id !== null));
  const transfers = await stack.api.conn
    .collection('ledger_transfers')
    .countDocuments({ idempotency_key: `collect:${started.wechat_pay!.out_trade_no}` });
  t.is(transfers, 1, 'booked once however often the platform notifies');
  t.true((await stack.api.wallet.check()).ok);
});

test('WeChat Pay left unpaid: at the deadline the WeChat order is closed before the orders are cancelled', async (t) => {
  const quick = await startStack({ ORDER_PAY_WITHIN_SECONDS: '5' });
  try {
    const s = await seedDemo({ identity: quick.api.identity, wallet: quick.api.wallet, catalog: quick.api.catalog });
    const person = await quick.login('wechat-late');
    await person.client.call(routes.updateMe, { body: { community_id: s.communities.wenxin } });
    const station = (await quick.client.call(routes.listStations, { params: { community_id: s.communities.wenxin }, query: {} })).items[0]!;
    const p = await quick.api.conn.collection('products').findOne({ sku: 'YL-SEA-01' });
    await person.client.call(routes.setCartLine, { params: { product_id: String(p!._id) }, body: { quantity: 1 } });
    const placed = await person.client.call(routes.checkout, {
      body: { delivery: { kind: 'pickup', station_id: station.id, date: SLOT_DATE } },
      idempotencyKey: key(),
    });
    const started = await person.client.call(routes.payCheckout, {
      params: { checkout_id: placed.checkout_id },
      body: { method: 'wechatpay' },
      idempotencyKey: key(),
    });
    await until('the auto-cancel', async () => {
      const o = await person.client.call(routes.getOrder, { params: { order_id: placed.orders[0]!.id } });
      return o.status === 'cancelled';
    });
    // Paying the closed WeChat order now is refused by the platform: no money can land on a cancelled order.
    const late = await quick.pay.pay(started.wechat_pay!.out_trade_no).then(
      () => 'paid',
      (e: Error) => e.message,
    );
    t.not(late, 'paid');
    // The cancel's saga step gives the stock back right after the status changes.
    const stock = await until('the stock to come back', async () => {
      const now = (await quick.api.conn.collection('products').findOne({ sku: 'YL-SEA-01' }))?.stock as number;
      return now === p!.stock ? now : null;
    });
    t.is(stock, p!.stock);
  } finally {
    await quick.stop();
  }
});
