/** Daily reconciliation against the WeChat Pay bill and the card centre's settlement file, over the real API. */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { seedDemo } from '@cc/api';
import { routes, shanghaiDate, type ApiClient } from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
let admin: ApiClient;
let adminToken: string;
test.before(async () => {
  stack = await startStack();
  // With the catalog: one test pays an order through WeChat Pay.
  seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
  ({ client: admin, token: adminToken } = await stack.login('demo-admin-1'));
});
test.after.always(() => stack?.stop());

const today = () => shanghaiDate(new Date());
const yesterday = () => shanghaiDate(new Date(Date.now() - 24 * 3600 * 1000));

async function mismatches(date: string) {
  return (await admin.call(routes.listMismatches, { query: { date, limit: 100 } })).items;
}

test.serial('WeChat Pay: a payment the ledger never credited and a credit the bill does not know are both recorded, once', async (t) => {
  const { client } = await stack.login('demo-resident-2');
  const ok = await client.call(routes.createTopup, { body: { amount_fen: 3000 }, idempotencyKey: randomUUID() });
  await stack.pay.pay(ok.topup.id);
  // The platform charged another amount: the notify is refused, so the bill has a payment the ledger lacks.
  const wrong = await client.call(routes.createTopup, { body: { amount_fen: 1000 }, idempotencyKey: randomUUID() });
  await stack.pay.pay(wrong.topup.id, { amount_fen_override: 1200 });
  await stack.pay.drain();
  // Only a finished day is reconciled: both payments move to yesterday, on the platform and in our records.
  const day = yesterday();
  const yesterdayNoon = new Date(Date.now() - 24 * 3600 * 1000);
  for (const id of [ok.topup.id, wrong.topup.id]) stack.pay.movePaymentTime(id, yesterdayNoon);
  const topups = stack.api.conn.collection('wallet_topups');
  await topups.updateMany({ _id: { $in: [ok.topup.id, wrong.topup.id] as never[] } }, { $set: { created_at: yesterdayNoon } });
  await topups.updateMany(
    { _id: { $in: [ok.topup.id, wrong.topup.id] as never[] }, paid_at: { $ne: null } },
    { $set: { paid_at: yesterdayNoon } },
  );
  // And a credit booked without the platform's knowledge (as a bug or tampering would).
  await topups.insertOne({
    _id: 'top_01M00000000000000000000000' as never,
    user_id: 'usr_x',
    card_id: 'crd_x',
    account_id: 'acc_x',
    channel: 'wechat_pay',
    amount_fen: 777,
    status: 'paid',
    request_key: 'forged',
    created_at: yesterdayNoon,
    paid_at: yesterdayNoon,
  });
  const run = await admin.call(routes.runReconciliation, { body: { date: day } });
  t.is(run.wechat_pay_mismatches, 2);
  const found = (await mismatches(day)).filter((m) => m.source === 'wechat_pay');
  t.deepEqual(
    found.map((m) => [m.kind, m.reference, m.ledger_fen, m.external_fen]).sort(),
    [
      ['missing_in_ledger', wrong.topup.id, null, 1200],
      ['missing_in_statement', 'top_01M00000000000000000000000', 777, null],
    ].sort(),
  );
  await admin.call(routes.runReconciliation, { body: { date: day } });
  t.is((await mismatches(day)).filter((m) => m.source === 'wechat_pay').length, 2, 'a second run records nothing twice');
});

test.serial('WeChat Pay: an order paid through WeChat Pay is in the bill and in the books, so it is no mismatch', async (t) => {
  const { client } = await stack.login('demo-resident-2');
  const station = (await client.call(routes.listStations, { params: { community_id: seed.communities.wenxin }, query: {} })).items[0]!;
  const product = await stack.api.conn.collection('products').findOne({ status: 'on_sale', stock: { $gt: 10 } });
  await client.call(routes.clearCart, {});
  await client.call(routes.setCartLine, { params: { product_id: String(product!._id) }, body: { quantity: 1 } });
  const placed = await client.call(routes.checkout, {
    body: { delivery: { kind: 'pickup', station_id: station.id, date: '2027-03-02' } },
    idempotencyKey: randomUUID(),
  });
  const opened = await client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wechatpay' },
    idempotencyKey: randomUUID(),
  });
  const out_trade_no = opened.wechat_pay!.out_trade_no;
  await stack.pay.pay(out_trade_no);
  await stack.pay.drain();
  const yesterdayNoon = new Date(Date.now() - 24 * 3600 * 1000);
  stack.pay.movePaymentTime(out_trade_no, yesterdayNoon);
  await stack.api.conn.collection('wechat_collections').updateOne({ _id: out_trade_no as never }, { $set: { paid_at: yesterdayNoon } });
  await admin.call(routes.runReconciliation, { body: { date: yesterday() } });
  t.deepEqual(
    (await mismatches(yesterday())).filter((m) => m.reference === out_trade_no),
    [],
  );
});

test('a day that has not ended in Asia/Shanghai is refused (400 day_not_over on body.date), never sent to WeChat Pay', async (t) => {
  const tomorrow = shanghaiDate(new Date(Date.now() + 24 * 3600 * 1000));
  for (const date of [today(), tomorrow, '2099-01-01']) {
    const res = await raw(`${stack.apiUrl}${routes.runReconciliation.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ date }),
    });
    t.is(res.status, 400, date);
    t.is(res.body?.code, 'day_not_over', date);
    t.deepEqual(
      (res.body?.errors as { path: string }[]).map((e) => e.path),
      ['body.date'],
      date,
    );
  }
  t.deepEqual(await mismatches(today()), [], 'nothing recorded for today');
});

test.serial('citizen card: the day is reported to the centre, and rows it dropped or added become mismatches', async (t) => {
  const day = yesterday();
  // Yesterday's card movements: the demo purchases, moved back a day (the centre only settles finished days).
  const transfers = stack.api.conn.collection('ledger_transfers');
  const purchases = await transfers.find({ kind: 'payment', memo: /^益乐便民超市/ }).toArray();
  t.is(purchases.length, 4);
  const yesterdayNoon = new Date(Date.now() - 24 * 3600 * 1000);
  await transfers.updateMany({ _id: { $in: purchases.map((p) => p._id) } }, { $set: { posted_at: yesterdayNoon } });
  const first = await admin.call(routes.runReconciliation, { body: { date: day } });
  t.is(first.citizen_card_mismatches, 0, 'what we reported is what the centre settled');
  const dropped = String(purchases[0]!._id);
  stack.cardGateway.dropSettlementRow(day, dropped);
  stack.cardGateway.injectSettlementRow(day, {
    txn_id: 'trf_01M00000000000000000000000',
    card_last4: '3159',
    kind: 'payment',
    amount_fen: 990,
    occurred_at: yesterdayNoon.toISOString(),
  });
  const second = await admin.call(routes.runReconciliation, { body: { date: day } });
  t.is(second.citizen_card_mismatches, 2);
  const found = (await mismatches(day)).filter((m) => m.source === 'citizen_card');
  t.deepEqual(
    found.map((m) => [m.kind, m.reference]).sort(),
    [
      ['missing_in_ledger', 'trf_01M00000000000000000000000'],
      ['missing_in_statement', dropped],
    ].sort(),
  );
  const resolved = await admin.call(routes.resolveMismatch, {
    params: { mismatch_id: found[0]!.id },
    body: { note: '已与市民卡中心核实' },
  });
  t.not(resolved.resolved_at, null);
  const open = await admin.call(routes.listMismatches, { query: { date: day, unresolved_only: 'true' } });
  // (Yesterday also holds the WeChat Pay mismatches of the test above.)
  t.is(open.items.filter((m) => m.source === 'citizen_card').length, 1);
});

test('only admins read, run or resolve reconciliation (it spans every community)', async (t) => {
  const operator = (await stack.login('demo-operator-1')).client;
  const listErr = await t.throwsAsync(operator.call(routes.listMismatches, {}));
  t.is((listErr as unknown as { status: number }).status, 403);
  const err = await t.throwsAsync(operator.call(routes.runReconciliation, { body: { date: yesterday() } }));
  t.is((err as unknown as { status: number }).status, 403);
  void seed;
});
