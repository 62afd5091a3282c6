/**
 * 我来付 and the books (issue 15 item 3): while a family member's payment waits in clearing for the elder's yes, the
 * books check accounts for it by its proxy order — and still names a real mismatch (a test corrupts the state one way
 * at a time). A refund WeChat Pay closes is followed too: the family member's list says so, no 已退款 is told, and
 * the books keep naming it. The suite checks the books itself (a failed refund is a violation on purpose).
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { paidByFamily } from '../support/family';
import { settledBooks } from '../support/books';
import { until } from '../support/outcome';
import { key, seed, stack, useOrdersStack } from '../support/orders-stack';

useOrdersStack({ books: false });

const proxyOrders = () => stack.api.conn.collection('proxy_orders');
const books = () => settledBooks(stack.api.conn);
/** The report right now (no waiting for jobs: the corruption is made by hand). */
const booksNow = () => settledBooks(stack.api.conn, () => false, 0);

test.serial('a paid 我来付 order waiting for the elder: the books are clean and clearing holds exactly its payment', async (t) => {
  const before = await books();
  t.deepEqual(before.violations, []);
  const { placed, wang } = await paidByFamily(stack, seed.kiosk, 2);
  const waiting = await books();
  t.deepEqual(waiting.violations, []);
  t.is(waiting.waiting_family_payments, 1);
  t.is(waiting.clearing_fen, before.clearing_fen + placed.total_fen, 'clearing holds the family payment');
  t.is(waiting.expected_clearing_fen, waiting.clearing_fen);
  // Accepted: the same money now pays the orders (unsettled), no longer a waiting family payment.
  await wang.call(routes.kioskApproveProxyOrder, { params: { proxy_order_id: placed.id }, body: {}, idempotencyKey: key() });
  const accepted = await books();
  t.deepEqual(accepted.violations, []);
  t.is(accepted.waiting_family_payments, 0);
  t.is(accepted.paid_orders, before.paid_orders + 1);
  t.is(accepted.clearing_fen, waiting.clearing_fen);
});

test.serial('a real mismatch while the elder decides is still named, one corruption at a time', async (t) => {
  const { placed, wang } = await paidByFamily(stack, seed.kiosk);
  const doc = (await proxyOrders().findOne({ _id: placed.id as never }))!;
  const transfer_id = doc.family_pay.transfer_id as string;
  const named = (report: { violations: string[] }, ...words: string[]) => report.violations.some((v) => words.every((w) => v.includes(w)));
  const corrupted = async (set: Record<string, unknown>, undo: Record<string, unknown>) => {
    await proxyOrders().updateOne({ _id: placed.id as never }, { $set: set });
    const report = await booksNow();
    await proxyOrders().updateOne({ _id: placed.id as never }, { $set: undo });
    t.false(report.ok);
    return report;
  };

  // Said approved, but its orders were never paid: the payment pays nothing and clearing holds too much.
  let report = await corrupted({ status: 'approved' }, { status: 'waiting' });
  t.true(named(report, transfer_id, 'accounted for by 0 fen'), report.violations.join('\n'));
  t.true(named(report, 'clearing holds'));
  // The order's total is not what the family member paid.
  report = await corrupted({ total_fen: placed.total_fen + 100 }, { total_fen: placed.total_fen });
  t.true(named(report, placed.id, "not the order's total"), report.violations.join('\n'));
  // It points at a payment that is not in clearing.
  report = await corrupted({ 'family_pay.transfer_id': 'trf_nowhere' }, { 'family_pay.transfer_id': transfer_id });
  t.true(named(report, placed.id, 'trf_nowhere', 'no posted payment into clearing'), report.violations.join('\n'));
  t.true(named(report, transfer_id, 'accounted for by 0 fen'));
  // Waiting, while its payment already paid the orders.
  const orders = stack.api.conn.collection('orders');
  const order = (await orders.findOne({ checkout_id: doc.checkout_id }))!;
  await orders.updateOne(
    { _id: order._id },
    { $set: { status: 'paid', payment: { method: 'wechatpay', transfer_id, paid_at: new Date() } } },
  );
  report = await booksNow();
  await orders.updateOne({ _id: order._id }, { $set: { status: 'pending_payment' }, $unset: { payment: '' } });
  t.true(named(report, placed.id, 'waits for the elder'), report.violations.join('\n'));

  // Put right, and declined: refunded, the books clean again.
  t.deepEqual((await booksNow()).violations, []);
  await wang.call(routes.kioskDeclineProxyOrder, { params: { proxy_order_id: placed.id }, body: {} });
  await stack.pay.drain();
  t.deepEqual((await books()).violations, []);
});

test.serial('a refund WeChat Pay closes: 退款未成功 on the list, no 已退款 told, the money back in clearing and named', async (t) => {
  const { son, placed, wang, out_trade_no } = await paidByFamily(stack, seed.kiosk);
  stack.pay.closeRefundsOf(out_trade_no);
  await wang.call(routes.kioskDeclineProxyOrder, { params: { proxy_order_id: placed.id }, body: {} });
  await stack.pay.drain();
  const failed = await until('the proxy order records the failed refund', async () =>
    (await son.client.call(routes.listMyProxyOrders, {})).items.find((p) => p.id === placed.id && p.family_payment === 'refund_failed'),
  );
  t.is(failed.refunded_at, null);
  const refund = (await stack.api.conn.collection('wallet_topup_refunds').findOne({ out_trade_no }))!;
  t.is(refund.status, 'failed');
  for (let i = 0; i < 3; i++) stack.pay.redeliver(String(refund._id));
  await stack.pay.drain();
  t.like((await son.client.call(routes.listMyProxyOrders, {})).items[0], { id: placed.id, family_payment: 'refund_failed' });
  const inbox = await son.client.call(routes.listMyInbox, { query: { limit: 50 } });
  t.false(
    inbox.items.some((i) => i.kind === 'order_refunded'),
    'no 已退款 told',
  );
  const checkout_id = (await proxyOrders().findOne({ _id: placed.id as never }))!.checkout_id as string;
  const report = await booksNow();
  t.true(report.violations.length > 0);
  t.true(
    report.violations.every((v) => v.includes(checkout_id) && v.includes('failed')),
    report.violations.join('\n'),
  );
  t.is(report.clearing_fen, report.expected_clearing_fen, 'the closed refund put the money back into clearing');
});
