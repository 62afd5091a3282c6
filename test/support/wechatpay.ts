/** The WeChat Pay suites' simulator, notify receiver, client and helpers (one simulator per test file). */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { startWechatPaySimulator, type WechatPaySimulator } from '@cc/tools/simulators/wechatpay';
import { createWechatPayClient, type WechatPayClient, type WechatPayClientOptions } from '../../packages/api/src/payments/wechatpay';
import { AppError } from '../../packages/api/src/platform/problem';

export const APPID = 'wx_test_pay_appid';
export const MCHID = '1900000109';
/** The platform's schedule, compressed: 1 + 3 attempts at most. */
export const RETRY_SCHEDULE_MS = [50, 50, 100];

// ---- a notify receiver: records what arrives per path and answers with the statuses it is told ----------------------

export type Received = { at_ms: number; headers: Record<string, string | undefined>; body: string };

export async function startReceiver() {
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

export let sim: WechatPaySimulator;
export let receiver: Awaited<ReturnType<typeof startReceiver>>;
export let pay: WechatPayClient;
export let clientOpts: WechatPayClientOptions;

/** Starts the simulator, the notify receiver and the client before the file's tests; stops them after. */
export function setupWechatPay(): void {
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
}

// ---- helpers -------------------------------------------------------------------------------------------------------

export const tradeNo = (prefix: string) => `${prefix}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

export function orderInput(out_trade_no: string, notify_url: string, amount_fen = 1234) {
  return { out_trade_no, description: '径山村 有机大米 5kg', amount_fen, payer_openid: 'o_test_openid_0001', notify_url };
}

export function otherRsaKey() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export async function rejects(t: ExecutionContext, promise: Promise<unknown>, status: number, code: string): Promise<AppError> {
  const err = await t.throwsAsync(promise, { instanceOf: AppError });
  t.is(err?.code, code);
  t.is(err?.status, status);
  return err as AppError;
}

export function throwsApp(t: ExecutionContext, fn: () => unknown, status: number, code: string): AppError {
  const err = t.throws(fn, { instanceOf: AppError });
  t.is(err?.code, code);
  t.is(err?.status, status);
  return err as AppError;
}

export type Paid = Awaited<ReturnType<typeof paidOrder>> & { amount_fen: number };

/** Places an order, has the simulator pay it and waits until its notification is delivered. */
export async function paidOrder(amount_fen = 1234, statuses: number[] = [200]) {
  const endpoint = receiver.endpoint(statuses);
  const out_trade_no = tradeNo('P');
  const { prepay_id } = await pay.createJsapiOrder(orderInput(out_trade_no, endpoint.notify_url, amount_fen));
  const { transaction_id } = await sim.pay(prepay_id);
  await sim.drain();
  return { out_trade_no, prepay_id, transaction_id, endpoint };
}
