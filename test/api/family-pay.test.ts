/**
 * 我来付 (issue 15 item 3): the family member pays a proxy order at once through WeChat Pay (simulator, notify and
 * all); the elder accepts at the kiosk without a PIN (none of her money moves), or declines — then the money goes back
 * through the WeChat Pay refund, once however often anything repeats. Ending a family link declines what waits on it.
 * The suite's books check (orders-stack) runs after it: every family payment paid an order or was refunded.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DEMO_WALLETS } from '@cc/api';
import { routes, type ApiClient } from '@cc/shared';
import { balanceOf, cardAt, linkedFamily, paidByFamily as paidByFamilyAt, proxyOrder, WANG } from '../support/family';
import { failureOf, until } from '../support/outcome';
import { key, productBySku, seed, stack, useOrdersStack } from '../support/orders-stack';

useOrdersStack();

const checkoutOf = async (proxy_order_id: string) => {
  const p = await stack.api.conn.collection('proxy_orders').findOne({ _id: proxy_order_id as never });
  return (await stack.api.conn.collection('checkouts').findOne({ _id: p!.checkout_id }))!;
};
const ordersOf = async (checkout_id: unknown) => stack.api.conn.collection('orders').find({ checkout_id }).toArray();
const refundsOf = async (proxy_order_id: string) =>
  stack.api.conn.collection('wallet_topup_refunds').countDocuments({ out_trade_no: `${proxy_order_id}-1` });

const paidByFamily = (quantity = 1) => paidByFamilyAt(stack, seed.kiosk, quantity);

const approve = (wang: ApiClient, proxy_order_id: string) =>
  wang.call(routes.kioskApproveProxyOrder, { params: { proxy_order_id }, body: {}, idempotencyKey: key() }).then(
    (p) => p.status as string,
    (e: { status: number; code: string }) => `${e.status} ${e.code}`,
  );

test.serial('我来付, unpaid: the elder does not see it and cannot accept it; asking again answers the same WeChat order', async (t) => {
  const { son, link_id, address_id, wang } = await linkedFamily(stack, seed.kiosk);
  const placed = await proxyOrder(son.client, link_id, address_id, { payment: 'family_wechat' });
  t.like(placed, { payment: 'family_wechat', family_payment: 'unpaid', status: 'waiting' });
  t.truthy(placed.wechat_pay?.pay_params.paySign);
  t.false((await wang.call(routes.kioskListProxyOrders, {})).items.some((x) => x.id === placed.id));
  t.is(await approve(wang, placed.id), '409 proxy_order_unpaid');
  // Asking again answers the same WeChat Pay order.
  const again = await son.client.call(routes.payProxyOrder, { params: { proxy_order_id: placed.id }, body: {} });
  t.is(again.wechat_pay?.out_trade_no, placed.wechat_pay?.out_trade_no);
  // Someone else cannot pay (or see) it.
  const stranger = await stack.login(`x-${randomUUID().slice(0, 12)}`);
  t.is(
    await failureOf(stranger.client.call(routes.payProxyOrder, { params: { proxy_order_id: placed.id }, body: {} })),
    '404 proxy_order_not_found',
  );
  // Declined before it was paid: the WeChat order is closed, nothing to refund.
  t.like(await wang.call(routes.kioskDeclineProxyOrder, { params: { proxy_order_id: placed.id }, body: {} }), {
    status: 'declined',
    family_payment: 'not_paid',
  });
  await t.throwsAsync(stack.pay.pay(placed.wechat_pay!.out_trade_no));
  t.is(await refundsOf(placed.id), 0);
});

test.serial('我来付, accepted: 10 acceptances from two terminals, no PIN, her card untouched, one payment marks the orders', async (t) => {
  const before = await balanceOf(stack, 'demo-resident-1');
  const { son, placed, wang } = await paidByFamily();
  const admin = (await stack.login('demo-admin-1')).client;
  const second = await admin.call(routes.registerKiosk, {
    params: { community_id: seed.communities.wenxin },
    body: { name: `四号机-${randomUUID().slice(0, 6)}` },
  });
  const wang2 = await cardAt(stack, { id: second.kiosk.id, secret: second.terminal_secret });
  const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => approve(i % 2 ? wang2 : wang, placed.id)));
  t.is(outcomes.filter((o) => o === 'approved').length, 1, outcomes.join(', '));
  t.true(
    outcomes.every((o) => ['approved', '409 proxy_order_in_progress', '409 proxy_order_decided'].includes(o)),
    outcomes.join(', '),
  );
  t.is(await balanceOf(stack, 'demo-resident-1'), before, 'her card paid nothing');
  const c = await checkoutOf(placed.id);
  const orders = await ordersOf(c._id);
  t.true(orders.every((o) => o.status === 'paid' && o.payment?.method === 'wechatpay'));
  t.is(await refundsOf(placed.id), 0);
  t.deepEqual(c.surplus_refunds ?? [], []);
  const mine = (await son.client.call(routes.listMyProxyOrders, {})).items[0]!;
  t.like(mine, { id: placed.id, status: 'approved', family_payment: 'paid' });
  const told = (await son.client.call(routes.listMyInbox, { query: { limit: 50 } })).items.filter((i) => i.kind === 'proxy_order_decided');
  t.is(told.length, 1);
  t.true((await stack.api.wallet.check()).ok);
});

test.serial('我来付, declined: stock back, the WeChat payment refunded once however often the notify repeats', async (t) => {
  const stock = (await productBySku('YL-DAI-03')).stock;
  const { son, placed, wang } = await paidByFamily(2);
  t.is((await productBySku('YL-DAI-03')).stock, stock - 2);
  const declines = await Promise.all(
    Array.from({ length: 5 }, () =>
      wang.call(routes.kioskDeclineProxyOrder, { params: { proxy_order_id: placed.id }, body: {} }).then((p) => p.status),
    ),
  );
  t.deepEqual([...new Set(declines)], ['declined']);
  for (let i = 0; i < 3; i++) stack.pay.redeliver(placed.wechat_pay!.out_trade_no);
  await stack.pay.drain();
  t.is((await productBySku('YL-DAI-03')).stock, stock, 'stock back');
  const c = await checkoutOf(placed.id);
  t.is((c.surplus_refunds ?? []).length, 1);
  t.is(c.surplus_refunds[0].amount_fen, placed.total_fen);
  t.is(await refundsOf(placed.id), 1, 'one WeChat Pay refund');
  t.true((await ordersOf(c._id)).every((o) => o.status === 'cancelled' && !o.payment));
  // The refund's outcome is followed: 已退款 with its time and one inbox item, however often WeChat Pay repeats its notify.
  const refund = (await stack.api.conn.collection('wallet_topup_refunds').findOne({ out_trade_no: `${placed.id}-1` }))!;
  for (let i = 0; i < 3; i++) stack.pay.redeliver(String(refund._id));
  await stack.pay.drain();
  const refunded = await until('the proxy order records the refund', async () =>
    (await son.client.call(routes.listMyProxyOrders, {})).items.find((p) => p.id === placed.id && p.family_payment === 'refunded'),
  );
  t.like(refunded, { status: 'declined', family_payment: 'refunded' });
  t.true(Date.parse(refunded.refunded_at!) <= Date.now());
  // The wallet tells a listener again until it has heard (a crash in between): told three more times, nothing new.
  const told = { refund_id: String(refund._id), request_key: String(refund.request_key), reference_id: String(c._id) };
  const again = { ...told, status: 'succeeded' as const, amount_fen: placed.total_fen, failure_code: null };
  await Promise.all([1, 2, 3].map(() => stack.api.family.routeRefundSettled(again)));
  const inbox = (await son.client.call(routes.listMyInbox, { query: { limit: 50 } })).items.filter((i) => i.kind === 'order_refunded');
  t.is(inbox.length, 1, 'one inbox item');
  t.like(inbox[0], { amount_fen: placed.total_fen, title: '代付款已退回' });
  t.is((await son.client.call(routes.listMyProxyOrders, {})).items[0]!.refunded_at, refunded.refunded_at, 'the time of the first word');
  t.is(await approve(wang, placed.id), '409 proxy_order_decided');
  t.true((await stack.api.wallet.check()).ok);
});

test.serial('我来付, acceptance racing the deadline: accepted and kept, or expired and refunded once — never both', async (t) => {
  const { placed, wang } = await paidByFamily();
  // The deadline is moved to now: the expiry job and the acceptances race.
  await stack.api.conn
    .collection('proxy_orders')
    .updateOne({ _id: placed.id as never }, { $set: { expires_at: new Date(Date.now() + 30) } });
  const expire = () => stack.api.family.proxy.expireDue(placed.id).catch(() => null);
  const outcomes = await Promise.all([...Array.from({ length: 5 }, () => approve(wang, placed.id)), expire(), expire(), expire()]);
  await until('the proxy order decided', async () => {
    await expire();
    const p = await stack.api.conn.collection('proxy_orders').findOne({ _id: placed.id as never });
    return p && ['approved', 'expired'].includes(p.status as string) ? p : null;
  });
  await stack.pay.drain();
  const p = (await stack.api.conn.collection('proxy_orders').findOne({ _id: placed.id as never }))!;
  const c = await checkoutOf(placed.id);
  const orders = await ordersOf(c._id);
  t.log(p.status, outcomes.slice(0, 5).join(', '));
  if (p.status === 'approved') {
    t.true(orders.every((o) => o.status === 'paid'));
    t.is(await refundsOf(placed.id), 0);
  } else {
    t.true(orders.every((o) => o.status === 'cancelled'));
    t.is(await refundsOf(placed.id), 1);
    t.is((c.surplus_refunds ?? []).length, 1);
  }
  t.true((await stack.api.wallet.check()).ok);
});

test.serial('ending a link: by the family member or by the elder with her PIN; waiting orders declined and refunded', async (t) => {
  const stock = (await productBySku('YL-DAI-03')).stock;
  const { son, link_id, address_id, placed, wang } = await paidByFamily();
  const card = await proxyOrder(son.client, link_id, address_id);
  // Someone else's link: 404 and nothing changes.
  const stranger = await stack.login(`x-${randomUUID().slice(0, 12)}`);
  t.is(await failureOf(stranger.client.call(routes.revokeFamilyLink, { params: { link_id }, body: {} })), '404 family_link_not_found');
  t.like((await son.client.call(routes.listMyProxyOrders, {})).items[0], { status: 'waiting' });
  t.like(await son.client.call(routes.revokeFamilyLink, { params: { link_id }, body: {} }), { status: 'revoked', elder: null });
  // A repeat answers the same.
  t.like(await son.client.call(routes.revokeFamilyLink, { params: { link_id }, body: {} }), { status: 'revoked' });
  const mine = (await son.client.call(routes.listMyProxyOrders, {})).items;
  t.like(
    mine.find((p) => p.id === placed.id),
    { status: 'declined', link_revoked: true },
  );
  // The refund was sent; its notify may already have come.
  t.true(['refunding', 'refunded'].includes(mine.find((p) => p.id === placed.id)!.family_payment ?? ''));
  t.like(
    mine.find((p) => p.id === card.id),
    { status: 'declined', link_revoked: true, family_payment: null },
  );
  await stack.pay.drain();
  t.is(await refundsOf(placed.id), 1);
  t.is((await productBySku('YL-DAI-03')).stock, stock, 'stock back');
  t.is(await failureOf(proxyOrder(son.client, link_id, address_id)), '403 family_link_not_approved');
  t.false((await wang.call(routes.kioskListLinkedFamily, {})).items.some((l) => l.id === link_id));

  // The elder ends another link at the kiosk: a wrong PIN ends nothing, another card holder's session cannot.
  const other = await linkedFamily(stack, seed.kiosk);
  t.true((await other.wang.call(routes.kioskListLinkedFamily, {})).items.some((l) => l.id === other.link_id));
  const revokeAt = (c: ApiClient, pin: string) =>
    c.call(routes.kioskRevokeFamilyLink, { params: { link_id: other.link_id }, body: { pin } });
  t.is(await failureOf(revokeAt(other.wang, '000000')), '401 pin_incorrect');
  const liu = await cardAt(
    stack,
    seed.kiosk,
    DEMO_WALLETS.find((w) => w.openid === 'demo-resident-2')!,
  );
  t.is(await failureOf(revokeAt(liu, '246813')), '404 family_link_not_found');
  t.like((await other.son.client.call(routes.listMyFamilyLinks, {})).items[0], { status: 'approved' });
  t.like(await revokeAt(other.wang, WANG.pin), { status: 'revoked' });
  t.like((await other.son.client.call(routes.listMyFamilyLinks, {})).items[0], { status: 'revoked' });
});
