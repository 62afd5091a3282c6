/**
 * WeChat Pay v3 client against the local platform simulator, over real HTTP on loopback: signatures both ways and
 * notifications (verification, decryption, retries, duplicates). No API or database. Order lifecycle, refunds and the
 * trade bill are in wechatpay-refunds.test.ts.
 */
import { sign, verify } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { createWechatPayClient, readTransaction } from '../../packages/api/src/payments/wechatpay';
import {
  sim,
  receiver,
  pay,
  clientOpts,
  APPID,
  MCHID,
  RETRY_SCHEDULE_MS,
  Received,
  tradeNo,
  orderInput,
  otherRsaKey,
  rejects,
  throwsApp,
  paidOrder,
  setupWechatPay,
} from '../support/wechatpay';

setupWechatPay();

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
