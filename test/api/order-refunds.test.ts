/**
 * Refunds of orders back to where the money came from (issue 10 finding 2), against the real database, Redis and the
 * WeChat Pay simulator: a WeChat-paid order is refunded through WeChat Pay's refund API and says `refunded` only once
 * the platform's REFUND.SUCCESS notify came; accepting ten times at once refunds once; a refund the platform closes or
 * refuses puts the money back into clearing and leaves the order refunding with `money: 'failed'` for an operator.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { routes, type ApiClient, type ApiError } from '@cc/shared';
import { createWechatPayClient } from '../../packages/api/src/payments/wechatpay';
import { key, operator, paidOrder, seed, stack, store, useOrdersStack } from '../support/orders-stack';
import { failureOf, until } from '../support/outcome';

useOrdersStack({ books: false });

const clearingFen = async () => (await stack.api.wallet.ledger.ensureAccount('platform_clearing', null, '平台待结算')).balance_fen;
/** The merchant's view of WeChat Pay (what the platform recorded), with the stack's credentials. */
const platform = () =>
  createWechatPayClient({
    baseUrl: stack.pay.url,
    appid: stack.config.WECHAT_APPID,
    mchid: stack.config.WECHATPAY_MCHID,
    merchantSerialNo: stack.config.WECHATPAY_MERCHANT_SERIAL_NO,
    merchantPrivateKeyPem: stack.config.WECHATPAY_MERCHANT_PRIVATE_KEY,
    apiV3Key: stack.config.WECHATPAY_API_V3_KEY,
    platformSerialNo: stack.config.WECHATPAY_PLATFORM_SERIAL_NO,
    platformPublicKeyPem: stack.config.WECHATPAY_PLATFORM_PUBLIC_KEY,
  });

/** A new buyer's toothpaste (demo-store-1's) into the 18:00 slot, paid through WeChat Pay and booked. */
async function wechatPaidOrder() {
  const buyer = await stack.login(`refund-${randomUUID().slice(0, 12)}`);
  await buyer.client.call(routes.updateMe, { body: { community_id: seed.communities.wenxin, address: '益乐新村 5 幢 1 单元 201' } });
  const address = await buyer.client.call(routes.addMyAddress, {
    body: { label: '家', recipient: '测试买家', phone: '13900009999', detail: '益乐新村 5 幢 1 单元 201' },
  });
  const paste = await stack.api.conn.collection('products').findOne({ sku: 'YL-DAI-03' });
  await buyer.client.call(routes.setCartLine, { params: { product_id: String(paste!._id) }, body: { quantity: 1 } });
  const delivery = { kind: 'slot' as const, slot_key: '2027-03-02/18:00-20:00', address_id: address.id };
  const placed = await buyer.client.call(routes.checkout, { body: { delivery }, idempotencyKey: key() });
  const started = await buyer.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wechatpay' },
    idempotencyKey: key(),
  });
  const out_trade_no = started.wechat_pay!.out_trade_no;
  await stack.pay.pay(out_trade_no);
  const order = await until('the order paid', async () => {
    const o = await buyer.client.call(routes.getOrder, { params: { order_id: started.orders[0]!.id } });
    return o.status === 'paid' ? o : null;
  });
  await buyer.client.call(routes.requestOrderRefund, { params: { order_id: order.id }, body: { reason: '买错了，不需要了' } });
  return { buyer: buyer.client, order, out_trade_no };
}

const getOrder = (client: ApiClient, order_id: string) => client.call(routes.getOrder, { params: { order_id } });

test.serial(
  'a WeChat-paid order: refunded through WeChat Pay once, however many accept at once; refunded only on the notify',
  async (t) => {
    const { buyer, order, out_trade_no } = await wechatPaidOrder();
    stack.pay.holdRefundsOf(out_trade_no);
    const clearing = await clearingFen();
    const accepts = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? store : operator).call(routes.acceptOrderRefund, { params: { order_id: order.id }, body: {} }).then(
          () => 'ok',
          (e: ApiError) => e.code,
        ),
      ),
    );
    t.is(accepts.filter((r) => r === 'ok').length, 1, JSON.stringify(accepts));
    t.is(await failureOf(store.call(routes.acceptOrderRefund, { params: { order_id: order.id }, body: {} })), '409 refund_accepted');
    await stack.api.orders.lifecycle.sendRefund(order.id); // the retry job's path: replays, sends nothing new

    const waiting = await getOrder(buyer, order.id);
    t.like(waiting, { status: 'refunding', refund: { money: 'processing', transfer_id: null, refunded_at: null } });
    t.truthy(waiting.refund?.accepted_at);
    const refund_id = waiting.refund!.refund_id!;
    t.regex(refund_id, /^rfd_/);
    t.like(await platform().queryRefund(refund_id), { status: 'PROCESSING', refund_fen: order.total_fen });
    t.is(await clearingFen(), clearing - order.total_fen, 'the money left clearing once, held for WeChat Pay');
    t.is(await stack.api.conn.collection('wallet_topup_refunds').countDocuments({ reference_id: order.id }), 1);
    t.is(
      await failureOf(store.call(routes.refuseOrderRefund, { params: { order_id: order.id }, body: { reason: '反悔了' } })),
      '409 refund_accepted',
    );

    stack.pay.releaseRefundsOf(out_trade_no);
    const done = await until('the refund notify', async () => {
      const o = await getOrder(buyer, order.id);
      return o.status === 'refunded' ? o : null;
    });
    t.like(done.refund, { money: 'succeeded', refund_id });
    t.truthy(done.refund?.refunded_at);
    t.deepEqual(
      done.history.slice(-2).map((h) => `${h.action}:${h.actor_role}:${h.to}`),
      [`refund:${accepts.indexOf('ok') % 2 ? 'seller' : 'operator'}:refunding`, 'refund_completed:system:refunded'],
    );
    // The platform repeats its notify: nothing changes.
    stack.pay.redeliver(refund_id);
    await stack.pay.drain();
    t.is((await getOrder(buyer, order.id)).history.length, done.history.length);
    t.is(await clearingFen(), clearing - order.total_fen);
    t.deepEqual((await stack.api.wallet.check()).violations, []);
  },
);

test.serial('a refund the platform closes: the money goes back into clearing, the order stays refunding with money failed', async (t) => {
  const { buyer, order, out_trade_no } = await wechatPaidOrder();
  stack.pay.closeRefundsOf(out_trade_no);
  const clearing = await clearingFen();
  await store.call(routes.acceptOrderRefund, { params: { order_id: order.id }, body: {} });
  const failed = await until('the closed refund', async () => {
    const o = await getOrder(buyer, order.id);
    return o.refund?.money === 'failed' ? o : null;
  });
  t.is(failed.status, 'refunding');
  t.is(failed.history.at(-1)?.action, 'refund_failed');
  t.is(await clearingFen(), clearing, 'compensated: the hold came back into clearing');
  const paid = await stack.api.wallet.ledger.findTransfer(order.payment!.transfer_id!);
  t.is(paid?.refundable_fen, order.total_fen, 'the reservation on the payment was released');
  // The operator sees it among the community's refunding orders, and may accept again once the cause is fixed.
  const listed = await operator.call(routes.listCommunityOrders, {
    params: { community_id: seed.communities.wenxin },
    query: { status: 'refunding' },
  });
  t.true(listed.items.some((o) => o.id === order.id && o.refund?.money === 'failed'));
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});

test.serial('a refund the platform refuses (already refunded elsewhere) compensates within the request', async (t) => {
  const { buyer, order, out_trade_no } = await wechatPaidOrder();
  // Refunded in full from the merchant portal meanwhile: the platform refuses ours as more than is left.
  await platform().createRefund({
    out_trade_no,
    out_refund_no: `portal-${order.id}`,
    refund_fen: order.total_fen,
    total_fen: order.total_fen,
    reason: '商户平台退款',
    // Its notify goes nowhere: this refund is not ours.
    notify_url: 'http://127.0.0.1:9/notify',
  });
  const clearing = await clearingFen();
  const answered = await store.call(routes.acceptOrderRefund, { params: { order_id: order.id }, body: {} });
  t.like(answered, { status: 'refunding', refund: { money: 'failed' } });
  t.is(await clearingFen(), clearing);
  t.like(await getOrder(buyer, order.id), { status: 'refunding', refund: { money: 'failed' } });
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});

test.serial('a wallet-paid order is refunded within the accepting request', async (t) => {
  const { liu, order } = await paidOrder();
  const order_id = order.id;
  await liu.client.call(routes.requestOrderRefund, { params: { order_id }, body: { reason: '不需要了' } });
  const answered = await store.call(routes.acceptOrderRefund, { params: { order_id }, body: {} });
  t.like(answered, { status: 'refunded', refund: { money: 'succeeded' } });
  t.is(answered.refund?.refund_id, answered.refund?.transfer_id);
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});
