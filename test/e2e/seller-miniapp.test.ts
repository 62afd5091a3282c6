/**
 * The sellers' and operators' side of 社区商城 (issue 5) in the mini-program (H5 build) in Chromium against the real
 * API, database and Redis, with the demo catalog. 黄立新 owns 益乐惠民超市 and 刘德明 (funded card, no PIN under
 * ¥50) buys from it through the API (the resident pages are tested elsewhere):
 * 1. a new paid order is prepared on the seller's pages: 开始备货 → 备货完成 → 配送 → 送达, page and API agreeing;
 * 2. a refund end to end: requested (API), refused with a reason on the seller's page, disputed (API), decided 退款 on
 *    the operator's disputes page, and 刘德明's wallet balance is back;
 * 3. a flash sale made on the seller's page, and the earnings of the orders completed above.
 * The catalog, a new shop's verification and hidden products are in seller-catalog-miniapp.test.ts.
 * Phone-sized viewport (375 px); each person signs in with their own browser storage.
 */

import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { formatFen, routes, type Order, type OrderStatus } from '@cc/shared';

import { checkScreen } from '../support/axe';
import { linePhotosLoaded } from '../support/browser';
import {
  stack,
  seed,
  liu,
  store,
  TOMORROW,
  productId,
  paidOrder,
  signedIn,
  onScreen,
  fitsWidth,
  statusOf,
  openSellerOrder,
  setupSellerPages,
  tid,
  showsNumber,
} from '../support/seller-miniapp';

setupSellerPages();

test.serial(
  'a seller sees a new paid order and prepares it: 开始备货 → 备货完成 → 配送 → 送达, the page and the API agreeing',
  async (t) => {
    const order = await paidOrder([
      ['YL-TOF-01', 2],
      ['YL-FLO-01', 1],
    ]);
    t.is(order.total_fen, 2 * 350 + 890);

    const { page, errors } = await signedIn(t, '店主 黄立新', '您好，黄立新');
    // A store owner holds no role: the home page leads to the shop.
    await onScreen(page, '.home-shop').getByText('益乐惠民超市').waitFor();
    await checkScreen(t, page, 'seller-01-home');
    await onScreen(page, '.home-shop').click();
    await page.waitForURL(/\/seller\/index\/index/);
    await tid(page, 'seller-shop-name').getByText('益乐惠民超市').waitFor();
    await onScreen(page, '.seller-verification-tag').getByText('已认证').waitFor();
    await tid(page, 'seller-entry-orders').getByText('1 单已付款，请开始备货').waitFor();
    await checkScreen(t, page, 'seller-02-shop');
    await fitsWidth(t, page, 'shop home');

    // 待备货: the new order, with what to pack and when it goes out.
    await tid(page, 'seller-entry-orders').click();
    await page.waitForURL(/\/seller\/orders\/index/);
    const row = onScreen(page, `[data-testid="seller-order-row"][data-order="${order.id}"]`);
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    for (const part of [
      `订单 ${order.number}`,
      '已付款',
      '请开始备货',
      '嫩豆腐',
      '× 2盒',
      '鸡蛋挂面',
      '送货上门',
      '18:00–20:00',
      formatFen(order.total_fen),
    ])
      t.true(rowText.includes(part), `${part} in ${rowText}`);
    t.is(await onScreen(page, '.cc-tab[data-tab="paid"] .cc-tab__count').textContent(), '1');
    await checkScreen(t, page, 'seller-03-orders-paid');
    await fitsWidth(t, page, 'orders');

    await row.click();
    await page.waitForURL(/\/seller\/order\/index/);
    await tid(page, 'order-hint').getByText('买家已付款，请开始备货').waitFor();
    await tid(page, 'order-next').getByText('请开始备货').waitFor();
    await showsNumber(t, page, order);
    const facts = (await tid(page, 'order-facts').textContent()) ?? '';
    t.false(facts.includes(order.number), 'the number is in the head only, not repeated in the facts');
    for (const part of ['刘德明', '138****0002', '益乐新村 7 幢 1 单元 502 室', '市民卡钱包'])
      t.true(facts.includes(part), `${part} in ${facts}`);
    t.is(await onScreen(page, '.biz-lines__amount').textContent(), formatFen(order.total_fen));
    t.is((await linePhotosLoaded(page)).count, order.lines.length, 'each line shows its photo');
    await checkScreen(t, page, 'seller-04-order-paid');
    await fitsWidth(t, page, 'order');

    const steps: [button: string, status: OrderStatus, tag: string, shot: string][] = [
      ['.order-act--prepare', 'preparing', '备货中', 'seller-05-preparing'],
      ['.order-act--ready', 'ready', '已备好', 'seller-06-ready'],
      ['.order-act--dispatch', 'out_for_delivery', '配送中', 'seller-07-out-for-delivery'],
      ['.order-act--deliver', 'delivered', '已送达', 'seller-08-delivered'],
    ];
    for (const [button, status, tag, shot] of steps) {
      await onScreen(page, button).click();
      await tid(page, 'seller-order').locator('[data-testid="order-status"]').getByText(tag, { exact: true }).waitFor();
      await page.locator(`.seller-order[data-status="${status}"]:visible`).waitFor();
      t.is(await statusOf(order.id), status, `the API agrees: ${tag}`);
      await checkScreen(t, page, shot);
    }
    await tid(page, 'seller-order-done').getByText('已送达，等待买家确认收货').waitFor();
    t.is(await onScreen(page, '.order-act').count(), 0, 'nothing more for the seller to do');
    // The timeline, as the API recorded it.
    const actions = await tid(page, 'timeline-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    const history = (await store.call(routes.getOrder, { params: { order_id: order.id } })).history.map((h) => h.action);
    t.deepEqual(actions, history);
    t.deepEqual(history, ['place', 'pay', 'prepare', 'ready', 'dispatch', 'deliver']);
    await fitsWidth(t, page, 'delivered order');

    // Back in the list, it moved on to 已送达.
    await page.goBack();
    await page.waitForURL(/\/seller\/orders\/index/);
    await onScreen(page, '.cc-tab[data-tab="delivered"]').click();
    await onScreen(page, `[data-testid="seller-order-row"][data-order="${order.id}"]`).getByText('已送达').waitFor();
    await onScreen(page, '.cc-tab[data-tab="paid"]').click();
    await page.getByText('没有已付款的订单').waitFor();
    await checkScreen(t, page, 'seller-09-orders-empty');
    t.deepEqual(errors, []);
  },
);

test.serial('a pickup order: 开始备货 → 备货完成 → 自提交付 at the station', async (t) => {
  const station = (
    await stack.client.call(routes.listStations, { params: { community_id: seed.communities.wenxin }, query: {} })
  ).items.find((s) => s.kind === 'pickup')!;
  await liu.client.call(routes.clearCart, {});
  await liu.client.call(routes.setCartLine, { params: { product_id: await productId('YL-DAI-03') }, body: { quantity: 1 } });
  const placed = await liu.client.call(routes.checkout, {
    body: { delivery: { kind: 'pickup', station_id: station.id, date: TOMORROW } },
    idempotencyKey: `k-${randomUUID()}`,
  });
  await liu.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet' },
    idempotencyKey: `k-${randomUUID()}`,
  });
  const order = placed.orders[0]!;

  const { page, errors } = await signedIn(t, '店主 黄立新', '您好，黄立新');
  await onScreen(page, '.home-shop').click();
  await page.waitForURL(/\/seller\/index\/index/);
  await openSellerOrder(page, order.id, 'paid');
  t.regex((await tid(page, 'order-facts').textContent()) ?? '', new RegExp(`自提点${station.name}`));
  await showsNumber(t, page, order);
  await onScreen(page, '.order-act--prepare').click();
  await page.locator('.seller-order[data-status="preparing"]:visible').waitFor();
  await onScreen(page, '.order-act--ready').click();
  await page.locator('.seller-order[data-status="ready"]:visible').waitFor();
  await tid(page, 'order-hint').getByText(`送到「${station.name}」`).waitFor();
  t.is(await onScreen(page, '.order-act--dispatch').count(), 0, 'no delivery for a pickup order');
  await checkScreen(t, page, 'pickup-01-ready');
  await onScreen(page, '.order-act--pickup').click();
  await page.locator('.seller-order[data-status="delivered"]:visible').waitFor();
  await tid(page, 'seller-order-done').getByText('已交给顾客').waitFor();
  t.deepEqual(
    (await store.call(routes.getOrder, { params: { order_id: order.id } })).history.map((h) => h.action),
    ['place', 'pay', 'prepare', 'ready', 'pick_up'],
  );
  await checkScreen(t, page, 'pickup-02-handed-over');
  t.deepEqual(errors, []);
});

/** The seller refuses the refund on the page, with a reason (too short a reason is asked again). Returns the reason. */
async function sellerRefuses(t: ExecutionContext, order: Order): Promise<string> {
  const seller = await signedIn(t, '店主 黄立新', '您好，黄立新');
  await onScreen(seller.page, '.home-shop').click();
  await seller.page.waitForURL(/\/seller\/index\/index/);
  await tid(seller.page, 'seller-entry-orders').getByText('1 单退款中，请处理退款申请').waitFor();
  await openSellerOrder(seller.page, order.id, 'refunding');
  await onScreen(seller.page, '.biz-refund').getByText('买重复了，不需要了').waitFor();
  await checkScreen(t, seller.page, 'refund-01-seller-request');
  await onScreen(seller.page, '.order-act--refuse').click();
  // Too short a reason is asked again, nothing sent.
  await onScreen(seller.page, '.order-act__refuse-reason textarea').fill('不');
  await onScreen(seller.page, '.order-act__refuse-reason .cc-notebox__submit').click();
  await onScreen(seller.page, '.order-act__refuse-reason .cc-field__hint--error').getByText('请至少写 2 个字').waitFor();
  t.is(await statusOf(order.id), 'refunding');
  const reason = '生抽已按约定送出，包装完好，不接受无理由退货';
  await onScreen(seller.page, '.order-act__refuse-reason textarea').fill(reason);
  await checkScreen(t, seller.page, 'refund-02-seller-refusing');
  await fitsWidth(t, seller.page, 'refusing');
  await onScreen(seller.page, '.order-act__refuse-reason .cc-notebox__submit').click();
  await tid(seller.page, 'seller-order-done').getByText('已拒绝退款，买家可申请服务站介入').waitFor();
  await seller.page.locator('.seller-order[data-status="paid"]:visible').waitFor();
  const refused = await store.call(routes.getOrder, { params: { order_id: order.id } });
  t.is(refused.status, 'paid', 'back where it was');
  t.is(refused.refund?.refused_reason, reason);
  await onScreen(seller.page, '.biz-refund').getByText(reason).waitFor();
  await checkScreen(t, seller.page, 'refund-03-seller-refused');
  t.deepEqual(seller.errors, []);
  return reason;
}

test.serial(
  'a refund end to end: requested, refused with a reason on the seller page, disputed, decided 退款 by the operator, money back',
  async (t) => {
    const before = (await liu.client.call(routes.getWallet, {})).balance_fen;
    const order = await paidOrder([['YL-SEA-01', 2]]);
    t.is(order.total_fen, 2 * 1290);
    t.is((await liu.client.call(routes.getWallet, {})).balance_fen, before - order.total_fen);
    await liu.client.call(routes.requestOrderRefund, { params: { order_id: order.id }, body: { reason: '买重复了，不需要了' } });

    // The seller refuses on the page, with a reason.
    const reason = await sellerRefuses(t, order);

    // The buyer takes it to the service station; the operator decides on the disputes page.
    await liu.client.call(routes.disputeOrderRefund, {
      params: { order_id: order.id },
      body: { reason: '下单两分钟就申请了，还没发货，应该可以退' },
    });
    const op = await signedIn(t, '运营 周敏', '您好，周敏');
    await onScreen(op.page, '.role-card[data-role="operator"]').click();
    await op.page.waitForURL(/\/operator\/index\/index/);
    await onScreen(op.page, '.operator__shop--disputes').click();
    await op.page.waitForURL(/\/operator\/disputes\/index/);
    const card = onScreen(op.page, '.op-dispute').filter({ has: op.page.locator(`[data-order="${order.id}"]`) });
    await card.waitFor();
    const cardText = (await card.textContent()) ?? '';
    for (const part of ['益乐惠民超市', '特级生抽 × 2瓶', '买重复了，不需要了', reason, '还没发货，应该可以退', formatFen(order.total_fen)])
      t.true(cardText.includes(part), `${part} in ${cardText}`);
    await checkScreen(t, op.page, 'refund-04-operator-dispute');
    await fitsWidth(t, op.page, 'disputes');
    await card.locator('.order-act--refund').click();
    await card.getByText(`确认把 ${formatFen(order.total_fen)} 原路退回买家？`).waitFor();
    await checkScreen(t, op.page, 'refund-05-operator-confirm');
    await card.locator('.order-act--refund-yes').click();
    await onScreen(op.page, '.op-disputes__done')
      .getByText(`${formatFen(order.total_fen)} 原路退回买家`)
      .waitFor();
    await op.page.getByText('没有待裁决的退款争议').waitFor();
    await checkScreen(t, op.page, 'refund-06-operator-decided');
    t.deepEqual(op.errors, []);

    // The API: refunded, the money went back the way it came, the balance is what it was before the order.
    const end = Date.now() + 15_000;
    let done = await liu.client.call(routes.getOrder, { params: { order_id: order.id } });
    while (!done.refund?.transfer_id && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      done = await liu.client.call(routes.getOrder, { params: { order_id: order.id } });
    }
    t.is(done.status, 'refunded');
    t.truthy(done.refund?.transfer_id, 'refunded through the wallet');
    t.deepEqual(
      done.history.map((h) => [h.action, h.actor_role]),
      [
        ['place', 'buyer'],
        ['pay', 'buyer'],
        ['request_refund', 'buyer'],
        ['refuse_refund', 'seller'],
        ['dispute', 'buyer'],
        ['refund', 'operator'],
        // The money is back (a wallet refund: within the operator's request), told by the system.
        ['refund_completed', 'system'],
      ],
    );
    t.is((await liu.client.call(routes.getWallet, {})).balance_fen, before, 'the balance is back');

    // The community's orders show it as 已退款, with its story.
    await op.page.goBack();
    await op.page.waitForURL(/\/operator\/index\/index/);
    await onScreen(op.page, '.operator__shop--orders').click();
    await op.page.waitForURL(/\/operator\/orders\/index/);
    await onScreen(op.page, `.biz-order-row[data-order="${order.id}"]`).getByText('已退款').waitFor();
    await onScreen(op.page, `.biz-order-row[data-order="${order.id}"]`).click();
    await op.page.waitForURL(/\/operator\/order\/index/);
    await onScreen(op.page, '.biz-refund')
      .getByText(`${formatFen(order.total_fen)} 已原路退回`)
      .waitFor();
    t.is((await linePhotosLoaded(op.page)).count, order.lines.length, 'each line shows its photo');
    await checkScreen(t, op.page, 'refund-07-operator-order');
    await fitsWidth(t, op.page, 'operator order');
    t.deepEqual(op.errors, []);
  },
);

/** A 96×96 PNG made here: a green leaf on a pale tile, standing in for the seller's photo of greens. */

test.serial('a flash sale made on the seller page; earnings from completed orders', async (t) => {
  const { page, errors } = await signedIn(t, '店主 黄立新', '您好，黄立新');
  await onScreen(page, '.home-shop').click();
  await tid(page, 'seller-entry-offers').click();
  await page.waitForURL(/\/seller\/offers\/index/);
  await onScreen(page, '.seller-offer-form').waitFor();
  const tofu = await productId('YL-TOF-01');
  await onScreen(page, `.offer-product-choice[data-product="${tofu}"]`).click();
  await onScreen(page, '.offer-price input').fill('3.50');
  await onScreen(page, '.offer-quantity input').fill('10');
  await onScreen(page, '.offer-submit').click();
  await onScreen(page, '.offer-price .cc-field__hint--error').getByText('活动价须低于原价 ¥3.50').waitFor();
  await onScreen(page, '.offer-price input').fill('1.99');
  await onScreen(page, '.offer-title input').fill('嫩豆腐 晚市特价');
  await checkScreen(t, page, 'offer-01-form');
  await fitsWidth(t, page, 'offer form');
  await onScreen(page, '.offer-submit').click();
  await onScreen(page, '.seller-offers__done').getByText('「嫩豆腐 晚市特价」已创建').waitFor();
  const card = onScreen(page, '.seller-offer').filter({ hasText: '嫩豆腐 晚市特价' });
  await card.getByText('进行中').waitFor();
  await checkScreen(t, page, 'offer-02-created');
  const offers = await stack.client.call(routes.listOffers, { params: { community_id: seed.communities.wenxin } });
  t.like(
    offers.items.find((o) => o.title === '嫩豆腐 晚市特价'),
    {
      product_id: tofu,
      price_fen: 199,
      regular_price_fen: 350,
      quantity_total: 10,
      per_user_limit: 2,
      state: 'running',
      kind: 'flash_sale',
    },
  );

  // Earnings: the delivered orders of the first tests, one confirmed by the buyer, count once completed; the
  // other is 待买家确认; the refunded one does not count.
  const delivered = (
    await store.call(routes.listMerchantOrders, {
      params: { merchant_id: seed.merchants['demo-store-1']! },
      query: { status: 'delivered' },
    })
  ).items;
  t.is(delivered.length, 2);
  const [confirmed, waiting] = delivered as [Order, Order];
  await liu.client.call(routes.confirmOrder, { params: { order_id: confirmed.id }, body: {} });
  await page.goBack();
  await tid(page, 'seller-entry-earnings').click();
  await page.waitForURL(/\/seller\/earnings\/index/);
  await onScreen(page, '.seller-earnings__amount').getByText(formatFen(confirmed.total_fen)).waitFor();
  t.is(await onScreen(page, '.seller-earning').count(), 1);
  t.is(await onScreen(page, '.seller-earnings__waiting').textContent(), formatFen(waiting.total_fen));
  t.regex((await onScreen(page, '.seller-earnings__note').textContent()) ?? '', /收入按已完成的订单计算.*已退款的订单（共 ¥25\.80）不计入/);
  await checkScreen(t, page, 'earnings-01');
  await fitsWidth(t, page, 'earnings');
  t.deepEqual(errors, []);
});
