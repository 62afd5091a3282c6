/**
 * WeChat Pay v3 client against the local platform simulator: closing and expiry of orders, the H5 demo's pay page,
 * refunds and the trade bill. No API or database.
 */

import test from 'ava';
import { shanghaiDate } from '@cc/shared';
import { readRefund } from '../../packages/api/src/payments/wechatpay';
import { sim, receiver, pay, tradeNo, orderInput, rejects, Paid, paidOrder, setupWechatPay } from '../support/wechatpay';

setupWechatPay();

// ---- order lifecycle -----------------------------------------------------------------------------------------------

test('closing, expiry and the states that forbid them', async (t) => {
  const endpoint = receiver.endpoint();
  const closing = tradeNo('C');
  const { prepay_id } = await pay.createJsapiOrder(orderInput(closing, endpoint.notify_url));
  await pay.closeOrder(closing);
  await pay.closeOrder(closing);
  t.is((await pay.queryOrder(closing)).trade_state, 'CLOSED');
  await t.throwsAsync(sim.pay(prepay_id), { message: /ORDER_CLOSED/ });
  await rejects(t, pay.createJsapiOrder(orderInput(closing, endpoint.notify_url)), 409, 'wechatpay_order_closed');

  const expiring = tradeNo('E');
  await pay.createJsapiOrder(orderInput(expiring, endpoint.notify_url));
  sim.expireOrder(expiring);
  t.is((await pay.queryOrder(expiring)).trade_state, 'CLOSED');
  await t.throwsAsync(sim.pay(expiring), { message: /ORDER_CLOSED/ });

  const { out_trade_no: paid } = await paidOrder(300);
  await rejects(t, pay.closeOrder(paid), 409, 'wechatpay_order_paid');
  await rejects(t, pay.createJsapiOrder(orderInput(paid, endpoint.notify_url, 300)), 409, 'wechatpay_order_paid');
  await rejects(t, pay.queryOrder(tradeNo('N')), 404, 'wechatpay_order_not_found');
});

test('the H5 demo pays through POST /sim/pay, allowed from any origin', async (t) => {
  const endpoint = receiver.endpoint();
  const out_trade_no = tradeNo('H');
  const { prepay_id } = await pay.createJsapiOrder(orderInput(out_trade_no, endpoint.notify_url, 4321));
  const preflight = await fetch(`${sim.url}/sim/pay`, { method: 'OPTIONS', headers: { Origin: 'http://127.0.0.1:10086' } });
  t.is(preflight.status, 204);
  t.is(preflight.headers.get('access-control-allow-origin'), '*');
  const paid = await fetch(`${sim.url}/sim/pay`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ prepay_id }),
  });
  t.is(paid.status, 200);
  t.is(paid.headers.get('access-control-allow-origin'), '*');
  const { transaction_id } = (await paid.json()) as { transaction_id: string };
  await sim.drain();
  t.like(await pay.queryOrder(out_trade_no), { trade_state: 'SUCCESS', transaction_id, amount_fen: 4321 });
  t.is(endpoint.inbox().length, 1);
  const twice = await fetch(`${sim.url}/sim/pay`, { method: 'POST', body: JSON.stringify({ prepay_id }) });
  t.is(twice.status, 403);
  t.like(await twice.json(), { code: 'ORDERPAID' });
});

// ---- refunds -------------------------------------------------------------------------------------------------------

test('refunds are idempotent on out_refund_no, never exceed what was paid, and end in a REFUND.SUCCESS notification', async (t) => {
  const { out_trade_no, transaction_id } = await paidOrder(1000);
  const refundEndpoint = receiver.endpoint();
  const refund = (out_refund_no: string, refund_fen: number, total_fen = 1000) =>
    pay.createRefund({ out_trade_no, out_refund_no, refund_fen, total_fen, reason: '商品缺货', notify_url: refundEndpoint.notify_url });

  const r1 = `${out_trade_no}-r1`;
  const first = await refund(r1, 300);
  t.is(first.status, 'PROCESSING');
  const retried = await refund(r1, 300);
  t.is(retried.refund_id, first.refund_id, 'the same out_refund_no is the same refund');
  await rejects(t, refund(r1, 301), 409, 'wechatpay_invalid_request');

  await rejects(t, refund(`${out_trade_no}-big`, 1001), 409, 'wechatpay_invalid_request');
  await rejects(t, refund(`${out_trade_no}-tot`, 100, 999), 409, 'wechatpay_invalid_request');
  await rejects(t, refund(`${out_trade_no}-r2`, 701), 409, 'wechatpay_invalid_request');
  const rest = await refund(`${out_trade_no}-r2`, 700);
  await rejects(t, refund(`${out_trade_no}-r3`, 1), 409, 'wechatpay_invalid_request');

  await sim.drain();
  t.deepEqual(await pay.queryRefund(r1), { refund_id: first.refund_id, status: 'SUCCESS', refund_fen: 300 });
  t.like(await pay.queryRefund(`${out_trade_no}-r2`), { refund_id: rest.refund_id, status: 'SUCCESS', refund_fen: 700 });
  t.is((await refund(r1, 300)).status, 'SUCCESS', 'a late retry returns the refund as it is now');
  t.like(await pay.queryOrder(out_trade_no), { trade_state: 'REFUND', transaction_id });
  await rejects(t, pay.queryRefund(`${out_trade_no}-none`), 404, 'wechatpay_not_found');

  const notifies = refundEndpoint.inbox().map((d) => {
    t.is((JSON.parse(d.body) as { resource: { associated_data: string } }).resource.associated_data, 'refund');
    return pay.parseNotify(d.headers, d.body);
  });
  t.deepEqual(notifies.map((n) => n.event_type).sort(), ['REFUND.SUCCESS', 'REFUND.SUCCESS']);
  const byNo = new Map(notifies.map((n) => [readRefund(n.resource).out_refund_no, readRefund(n.resource)]));
  t.like(byNo.get(r1), { out_trade_no, refund_id: first.refund_id, status: 'SUCCESS', refund_fen: 300 });
  t.like(byNo.get(`${out_trade_no}-r2`), { refund_fen: 700 });
});

test('an unpaid or unknown order cannot be refunded', async (t) => {
  const endpoint = receiver.endpoint();
  const unpaid = tradeNo('U');
  await pay.createJsapiOrder(orderInput(unpaid, endpoint.notify_url, 500));
  const input = { out_refund_no: `${unpaid}-r`, refund_fen: 100, total_fen: 500, notify_url: endpoint.notify_url };
  await rejects(t, pay.createRefund({ ...input, out_trade_no: unpaid }), 409, 'wechatpay_invalid_request');
  await rejects(t, pay.createRefund({ ...input, out_trade_no: tradeNo('X') }), 404, 'wechatpay_not_found');
});

// ---- trade bill ----------------------------------------------------------------------------------------------------

// Serial: the corrupted-download hook must not hit the other bill test's download.
test.serial('the trade bill downloads, its SHA-1 verifies, and amounts come back as exact fen', async (t) => {
  const startDate = shanghaiDate(new Date());
  const amounts_fen = [1, 10, 99, 12_345, 987_654_321];
  const paid: Paid[] = [];
  for (const amount_fen of amounts_fen) paid.push({ amount_fen, ...(await paidOrder(amount_fen)) });
  const refunded = paid[3] as Paid;
  const out_refund_no = `${refunded.out_trade_no}-r`;
  await pay.createRefund({
    out_trade_no: refunded.out_trade_no,
    out_refund_no,
    refund_fen: 45,
    total_fen: 12_345,
    notify_url: refunded.endpoint.notify_url,
  });
  await sim.drain();
  // Everything happened between these two Shanghai dates (one, unless the test straddles midnight).
  const dates = [...new Set([startDate, shanghaiDate(new Date())])];

  const rows = (await Promise.all(dates.map((d) => pay.downloadTradeBill(d)))).flat();
  const ours = new Set(paid.map((p) => p.out_trade_no));
  const mine = rows.filter((r) => ours.has(r.out_trade_no));
  for (const p of paid) {
    t.deepEqual(
      mine.filter((r) => r.out_trade_no === p.out_trade_no && r.trade_state === 'SUCCESS'),
      [{ out_trade_no: p.out_trade_no, transaction_id: p.transaction_id, trade_state: 'SUCCESS', amount_fen: p.amount_fen }],
    );
  }
  t.deepEqual(
    mine.filter((r) => r.trade_state === 'REFUND'),
    [
      {
        out_trade_no: refunded.out_trade_no,
        transaction_id: refunded.transaction_id,
        trade_state: 'REFUND',
        amount_fen: 12_345,
        refund_fen: 45,
        out_refund_no,
      },
    ],
  );

  // The file itself is in WeChat's layout: plain header, backtick-prefixed fields, yuan with two decimals, summary.
  const csv = dates.map((d) => sim.tradeBillCsv(d) ?? '').join('');
  const lines = csv.split('\r\n').filter(Boolean);
  t.true(lines[0]?.startsWith('交易时间,公众账号ID,商户号,'));
  const big = lines.find((l) => l.includes(`\`${(paid[4] as Paid).out_trade_no},`));
  t.truthy(big?.startsWith('`'));
  t.true(big?.includes(',`9876543.21,'), big);
  t.true(lines.some((l) => l.startsWith('总交易单数,应结订单总金额,退款总金额,')));
});

test.serial('a bill whose bytes do not match the signed SHA-1 is refused; a day without transactions has an empty bill', async (t) => {
  await paidOrder(777);
  sim.corruptNextBillDownload();
  await rejects(t, pay.downloadTradeBill(shanghaiDate(new Date())), 502, 'wechatpay_bill_corrupt');
  t.deepEqual(await pay.downloadTradeBill('2020-01-01'), []);
  const tomorrow = shanghaiDate(new Date(Date.now() + 36 * 3600 * 1000));
  t.is((await rejects(t, pay.downloadTradeBill(tomorrow), 502, 'wechatpay_rejected')).extra.detail, 'wechatpay code: PARAM_ERROR');
  await t.throwsAsync(pay.downloadTradeBill('2026-02-30'), { instanceOf: RangeError });
});
