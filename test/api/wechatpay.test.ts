/**
 * WeChat Pay v3 client against the local platform simulator, over real HTTP on loopback: signatures both ways,
 * notifications (verification, decryption, retries, duplicates), refunds and the trade bill. No API or database.
 */
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { shanghaiDate } from '@cc/shared';
import { startWechatPaySimulator, type WechatPaySimulator } from '@cc/tools/simulators/wechatpay';
import {
  createWechatPayClient,
  readRefund,
  readTransaction,
  type WechatPayClient,
  type WechatPayClientOptions,
} from '../../packages/api/src/payments/wechatpay';
import { AppError } from '../../packages/api/src/platform/problem';

const APPID = 'wx_test_pay_appid';
const MCHID = '1900000109';
/** The platform's schedule, compressed: 1 + 3 attempts at most. */
const RETRY_SCHEDULE_MS = [50, 50, 100];

// ---- a notify receiver: records what arrives per path and answers with the statuses it is told ----------------------

type Received = { at_ms: number; headers: Record<string, string | undefined>; body: string };

async function startReceiver() {
  const inboxes = new Map<string, Received[]>();
  const answers = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const inbox = inboxes.get(path) ?? [];
      inbox.push({ at_ms: performance.now(), headers, body: Buffer.concat(chunks).toString('utf8') });
      inboxes.set(path, inbox);
      // The n-th delivery gets the n-th status; the last one repeats. 200 unless told otherwise.
      const statuses = answers.get(path) ?? [200];
      res.statusCode = statuses[Math.min(inbox.length, statuses.length) - 1] ?? 200;
      res.end(res.statusCode < 300 ? '' : JSON.stringify({ code: 'FAIL', message: '失败' }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** A fresh notify URL; the receiver answers its deliveries with `statuses` in turn. */
    endpoint(statuses: number[] = [200]) {
      const path = `/notify/${randomBytes(6).toString('hex')}`;
      answers.set(path, statuses);
      return { notify_url: `${url}${path}`, inbox: () => inboxes.get(path) ?? [] };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let sim: WechatPaySimulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let pay: WechatPayClient;
let clientOpts: WechatPayClientOptions;

test.before(async () => {
  sim = await startWechatPaySimulator({ appid: APPID, mchid: MCHID, retryScheduleMs: RETRY_SCHEDULE_MS, refundDelayMs: 20 });
  receiver = await startReceiver();
  clientOpts = {
    baseUrl: sim.url,
    appid: APPID,
    mchid: MCHID,
    merchantSerialNo: sim.merchant.serialNo,
    merchantPrivateKeyPem: sim.merchant.privateKeyPem,
    apiV3Key: sim.apiV3Key,
    platformSerialNo: sim.platform.serialNo,
    platformPublicKeyPem: sim.platform.publicKeyPem,
  };
  pay = createWechatPayClient(clientOpts);
});
test.after.always(async () => {
  await sim?.close();
  await receiver?.close();
});

// ---- helpers -------------------------------------------------------------------------------------------------------

const tradeNo = (prefix: string) => `${prefix}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

function orderInput(out_trade_no: string, notify_url: string, amount_fen = 1234) {
  return { out_trade_no, description: '径山村 有机大米 5kg', amount_fen, payer_openid: 'o_test_openid_0001', notify_url };
}

function otherRsaKey() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

async function rejects(t: ExecutionContext, promise: Promise<unknown>, status: number, code: string): Promise<AppError> {
  const err = await t.throwsAsync(promise, { instanceOf: AppError });
  t.is(err?.code, code);
  t.is(err?.status, status);
  return err as AppError;
}

function throwsApp(t: ExecutionContext, fn: () => unknown, status: number, code: string): AppError {
  const err = t.throws(fn, { instanceOf: AppError });
  t.is(err?.code, code);
  t.is(err?.status, status);
  return err as AppError;
}

type Paid = Awaited<ReturnType<typeof paidOrder>> & { amount_fen: number };

/** Places an order, has the simulator pay it and waits until its notification is delivered. */
async function paidOrder(amount_fen = 1234, statuses: number[] = [200]) {
  const endpoint = receiver.endpoint(statuses);
  const out_trade_no = tradeNo('P');
  const { prepay_id } = await pay.createJsapiOrder(orderInput(out_trade_no, endpoint.notify_url, amount_fen));
  const { transaction_id } = await sim.pay(prepay_id);
  await sim.drain();
  return { out_trade_no, prepay_id, transaction_id, endpoint };
}

// ---- orders and request signatures ---------------------------------------------------------------------------------

test('a JSAPI order is signed and accepted; the same out_trade_no gives the same prepay_id, other content is refused', async (t) => {
  const endpoint = receiver.endpoint();
  const out_trade_no = tradeNo('O');
  const time_expire = new Date(Date.now() + 15 * 60_000);
  const first = await pay.createJsapiOrder({ ...orderInput(out_trade_no, endpoint.notify_url), time_expire });
  t.regex(first.prepay_id, /^wx\d{14}[0-9a-f]+$/);
  const again = await pay.createJsapiOrder({ ...orderInput(out_trade_no, endpoint.notify_url), time_expire });
  t.is(again.prepay_id, first.prepay_id);
  const err = await rejects(t, pay.createJsapiOrder(orderInput(out_trade_no, endpoint.notify_url, 1235)), 409, 'wechatpay_invalid_request');
  t.is(err.extra.detail, 'wechatpay code: INVALID_REQUEST');

  const state = await pay.queryOrder(out_trade_no);
  t.deepEqual(state, { trade_state: 'NOTPAY', amount_fen: 1234 });
});

test('a client signing with the wrong merchant key or serial is refused with SIGN_ERROR, mapped to wechatpay_rejected', async (t) => {
  const endpoint = receiver.endpoint();
  const wrongKey = createWechatPayClient({
    ...clientOpts,
    merchantPrivateKeyPem: otherRsaKey().privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  const wrongSerial = createWechatPayClient({ ...clientOpts, merchantSerialNo: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' });
  for (const client of [wrongKey, wrongSerial]) {
    const err = await rejects(t, client.createJsapiOrder(orderInput(tradeNo('S'), endpoint.notify_url)), 502, 'wechatpay_rejected');
    t.is(err.extra.detail, 'wechatpay code: SIGN_ERROR');
    t.false(err.message.includes('验签'), 'the platform message is not passed on');
  }
});

test('bodies the platform refuses come back as PARAM_ERROR; amounts that are not integer fen never leave the client', async (t) => {
  const endpoint = receiver.endpoint();
  // 43 Chinese characters are 129 bytes of UTF-8: over the platform's 127.
  const longDescription = { ...orderInput(tradeNo('L'), endpoint.notify_url), description: '米'.repeat(43) };
  const err = await rejects(t, pay.createJsapiOrder(longDescription), 502, 'wechatpay_rejected');
  t.is(err.extra.detail, 'wechatpay code: PARAM_ERROR');
  const queryInUrl = orderInput(tradeNo('Q'), `${endpoint.notify_url}?order=1`);
  t.is((await rejects(t, pay.createJsapiOrder(queryInUrl), 502, 'wechatpay_rejected')).extra.detail, 'wechatpay code: PARAM_ERROR');

  await t.throwsAsync(pay.createJsapiOrder(orderInput(tradeNo('F'), endpoint.notify_url, 12.5)), { instanceOf: RangeError });
  await t.throwsAsync(pay.createJsapiOrder(orderInput(tradeNo('F'), endpoint.notify_url, 0)), { instanceOf: RangeError });
  await t.throwsAsync(pay.queryOrder('../../v3/refund'), { instanceOf: RangeError });
});

test('jsapiPayParams are what wx.requestPayment takes, signed with the merchant key', async (t) => {
  const endpoint = receiver.endpoint();
  const { prepay_id } = await pay.createJsapiOrder(orderInput(tradeNo('J'), endpoint.notify_url));
  const params = pay.jsapiPayParams(prepay_id);
  t.is(params.appId, APPID);
  t.is(params.package, `prepay_id=${prepay_id}`);
  t.is(params.signType, 'RSA');
  t.regex(params.timeStamp, /^\d{10}$/);
  t.regex(params.nonceStr, /^[0-9A-Z]{32}$/);
  const message = (pkg: string) => Buffer.from(`${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${pkg}\n`);
  const signature = Buffer.from(params.paySign, 'base64');
  t.true(verify('sha256', message(params.package), sim.merchant.publicKeyPem, signature));
  t.false(verify('sha256', message('prepay_id=wx_other'), sim.merchant.publicKeyPem, signature));
});

test('responses must carry the platform signature: another key, another serial or none at all is refused', async (t) => {
  const endpoint = receiver.endpoint();
  const otherPlatform = createWechatPayClient({
    ...clientOpts,
    platformPublicKeyPem: otherRsaKey().publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  await rejects(t, otherPlatform.createJsapiOrder(orderInput(tradeNo('V'), endpoint.notify_url)), 502, 'wechatpay_response_unverified');
  const known = tradeNo('V');
  await pay.createJsapiOrder(orderInput(known, endpoint.notify_url));
  const otherSerial = createWechatPayClient({ ...clientOpts, platformSerialNo: '0000000000000000000000000000000000000000' });
  await rejects(t, otherSerial.queryOrder(known), 502, 'wechatpay_response_unverified');
  // A refusal that does not verify is still a refusal, but its code is not believed.
  t.is((await rejects(t, otherSerial.queryOrder(tradeNo('V')), 502, 'wechatpay_rejected')).extra.detail, 'wechatpay code: none');

  // Something in the middle answering a plausible, unsigned success.
  const impostor = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ prepay_id: 'wx20260101000000abcdef' }));
  });
  impostor.listen(0, '127.0.0.1');
  await once(impostor, 'listening');
  try {
    const viaImpostor = createWechatPayClient({ ...clientOpts, baseUrl: `http://127.0.0.1:${(impostor.address() as AddressInfo).port}` });
    await rejects(t, viaImpostor.createJsapiOrder(orderInput(tradeNo('V'), endpoint.notify_url)), 502, 'wechatpay_response_unverified');
  } finally {
    impostor.close();
    impostor.closeAllConnections();
  }

  const down = createWechatPayClient({ ...clientOpts, baseUrl: 'http://127.0.0.1:1' });
  await rejects(t, down.queryOrder(tradeNo('D')), 503, 'wechatpay_unavailable');
});

// ---- notifications -------------------------------------------------------------------------------------------------

test('paying sends a TRANSACTION.SUCCESS notification that verifies and decrypts to the transaction', async (t) => {
  const { out_trade_no, transaction_id, endpoint } = await paidOrder(1234);
  const [delivery, ...more] = endpoint.inbox();
  t.is(more.length, 0);
  if (!delivery) return t.fail('no notification arrived');

  const raw = JSON.parse(delivery.body) as { resource_type: string; resource: Record<string, string> };
  t.is(raw.resource_type, 'encrypt-resource');
  t.is(raw.resource.algorithm, 'AEAD_AES_256_GCM');
  t.is(raw.resource.associated_data, 'transaction');
  t.is(raw.resource.nonce?.length, 12);
  t.false(delivery.body.includes(out_trade_no), 'the transaction travels encrypted');

  const notify = pay.parseNotify(delivery.headers, delivery.body);
  t.is(notify.event_type, 'TRANSACTION.SUCCESS');
  t.like(notify.resource, { appid: APPID, mchid: MCHID, out_trade_no, transaction_id, trade_type: 'JSAPI', trade_state: 'SUCCESS' });
  t.deepEqual(notify.resource.amount, { total: 1234, payer_total: 1234, currency: 'CNY', payer_currency: 'CNY' });
  const paid = readTransaction(notify.resource);
  t.like(paid, { out_trade_no, transaction_id, amount_fen: 1234, payer_openid: 'o_test_openid_0001', trade_state: 'SUCCESS' });
  t.true(Math.abs(paid.success_time.getTime() - Date.now()) < 60_000);

  const state = await pay.queryOrder(out_trade_no);
  t.like(state, { trade_state: 'SUCCESS', transaction_id, amount_fen: 1234 });
  t.is(state.success_time?.getTime(), paid.success_time.getTime());
});

test('an amount changed on the platform side shows in the notification, so the ledger can refuse to credit it', async (t) => {
  const endpoint = receiver.endpoint();
  const out_trade_no = tradeNo('A');
  const { prepay_id } = await pay.createJsapiOrder(orderInput(out_trade_no, endpoint.notify_url, 5000));
  await sim.pay(prepay_id, { amount_fen_override: 1 });
  await sim.drain();
  const [delivery] = endpoint.inbox();
  if (!delivery) return t.fail('no notification arrived');
  t.is(readTransaction(pay.parseNotify(delivery.headers, delivery.body).resource).amount_fen, 1);
  t.is((await pay.queryOrder(out_trade_no)).amount_fen, 1);
});

test('forged, tampered, wrongly serialled, stale and malformed notifications are each refused with their code', async (t) => {
  const { endpoint } = await paidOrder(2500);
  const [delivery] = endpoint.inbox();
  if (!delivery) return t.fail('no notification arrived');
  const { headers, body } = delivery;
  t.is(pay.parseNotify(headers, body).event_type, 'TRANSACTION.SUCCESS', 'the genuine one passes');

  // Forged: signed with a key that is not the platform's, or a genuine signature over another body.
  const ts = headers['wechatpay-timestamp'] as string;
  const nonce = headers['wechatpay-nonce'] as string;
  const forged = sign('sha256', Buffer.from(`${ts}\n${nonce}\n${body}\n`), otherRsaKey().privateKey).toString('base64');
  throwsApp(t, () => pay.parseNotify({ ...headers, 'wechatpay-signature': forged }, body), 401, 'wechatpay_signature_invalid');
  throwsApp(t, () => pay.parseNotify(headers, body.replace('"id":"', '"id":"x')), 401, 'wechatpay_signature_invalid');
  throwsApp(t, () => pay.parseNotify({ ...headers, 'wechatpay-signature': undefined }, body), 401, 'wechatpay_signature_invalid');
  throwsApp(t, () => pay.parseNotify({}, body), 401, 'wechatpay_signature_invalid');

  // Tampered ciphertext (or associated data) under a valid platform signature: the GCM tag catches it.
  const parsed = JSON.parse(body) as { resource: { ciphertext: string; associated_data: string } };
  const bytes = Buffer.from(parsed.resource.ciphertext, 'base64');
  bytes[0] = (bytes[0] as number) ^ 1;
  const tampered = JSON.stringify({ ...parsed, resource: { ...parsed.resource, ciphertext: bytes.toString('base64') } });
  const err = throwsApp(t, () => pay.parseNotify(sim.signAsPlatform(tampered), tampered), 400, 'wechatpay_decrypt_failed');
  t.false(`${err.message} ${err.extra.detail ?? ''}`.includes(parsed.resource.ciphertext.slice(0, 16)), 'the body is not echoed');
  const otherAad = JSON.stringify({ ...parsed, resource: { ...parsed.resource, associated_data: 'refund' } });
  throwsApp(t, () => pay.parseNotify(sim.signAsPlatform(otherAad), otherAad), 400, 'wechatpay_decrypt_failed');
  const otherApiKey = createWechatPayClient({ ...clientOpts, apiV3Key: 'k'.repeat(32) });
  throwsApp(t, () => otherApiKey.parseNotify(headers, body), 400, 'wechatpay_decrypt_failed');

  // Another platform serial (a rotated or foreign certificate).
  throwsApp(
    t,
    () => pay.parseNotify({ ...headers, 'wechatpay-serial': 'FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000' }, body),
    401,
    'wechatpay_serial_mismatch',
  );

  // Genuinely signed, but more than five minutes off: a replay. Four minutes off still passes.
  const now_s = Math.floor(Date.now() / 1000);
  throwsApp(t, () => pay.parseNotify(sim.signAsPlatform(body, { timestamp_s: now_s - 301 }), body), 401, 'wechatpay_timestamp_skew');
  throwsApp(t, () => pay.parseNotify(sim.signAsPlatform(body, { timestamp_s: now_s + 301 }), body), 401, 'wechatpay_timestamp_skew');
  t.is(pay.parseNotify(sim.signAsPlatform(body, { timestamp_s: now_s - 240 }), body).event_type, 'TRANSACTION.SUCCESS');

  // Signed but not a notification.
  throwsApp(t, () => pay.parseNotify(sim.signAsPlatform('not json'), 'not json'), 400, 'wechatpay_notify_malformed');
  const plain = JSON.stringify({ ...parsed, resource_type: 'plain' });
  throwsApp(t, () => pay.parseNotify(sim.signAsPlatform(plain), plain), 400, 'wechatpay_notify_malformed');
});

test('a receiver answering 500 gets retries on the schedule, and its first 200 stops them', async (t) => {
  const { out_trade_no, endpoint } = await paidOrder(800, [500, 500, 200]);
  const entries = sim.notifyLog().filter((e) => e.out_trade_no === out_trade_no);
  t.is(entries.length, 1);
  t.like(entries[0], { event_type: 'TRANSACTION.SUCCESS', attempts: 3, delivered: true });
  // The schedule allowed a fourth attempt (1 + 3 slots): the 200 is what ended it.

  const inbox = endpoint.inbox();
  t.is(inbox.length, 3);
  const ids = inbox.map((d) => pay.parseNotify(d.headers, d.body).id);
  t.is(new Set(ids).size, 1, 'a retry is the same notification, freshly signed');
  const gaps_ms = inbox.slice(1).map((d, i) => d.at_ms - (inbox[i] as Received).at_ms);
  t.true(
    gaps_ms.every((gap, i) => gap >= (RETRY_SCHEDULE_MS[i] as number) - 5),
    `gaps ${gaps_ms.join(', ')} ms`,
  );
});

test('a receiver that never answers 2xx gets one attempt per schedule slot, then the platform gives up', async (t) => {
  const { out_trade_no, endpoint } = await paidOrder(801, [503]);
  t.like(
    sim.notifyLog().find((e) => e.out_trade_no === out_trade_no),
    { attempts: RETRY_SCHEDULE_MS.length + 1, delivered: false },
  );
  t.is(endpoint.inbox().length, RETRY_SCHEDULE_MS.length + 1);
});

test('redeliver sends the same notification again, which the receiver must treat as a duplicate', async (t) => {
  const { out_trade_no, transaction_id, endpoint } = await paidOrder(990);
  sim.redeliver(out_trade_no);
  await sim.drain();
  const inbox = endpoint.inbox();
  t.is(inbox.length, 2);
  const [first, second] = inbox.map((d) => pay.parseNotify(d.headers, d.body));
  t.is(first?.id, second?.id);
  t.is(second?.resource.transaction_id, transaction_id);
  const entries = sim.notifyLog().filter((e) => e.out_trade_no === out_trade_no);
  t.deepEqual(
    entries.map((e) => [e.attempts, e.delivered]),
    [
      [1, true],
      [1, true],
    ],
  );
});

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
