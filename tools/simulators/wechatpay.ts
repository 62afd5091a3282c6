/**
 * Local WeChat Pay API v3 simulator (JSAPI payments): a real HTTP server that checks and produces signatures,
 * encrypts notifications and retries them like the platform, for development and tests. Production configuration
 * refuses its URL.
 *
 * It generates at start what a real merchant has: its own API key pair and certificate serial, the platform's public
 * key and serial, and an APIv3 key. The platform's private key stays in here, like at Tencent.
 *
 * Platform endpoints (every /v3 request must carry a valid merchant Authorization signature, 401 SIGN_ERROR otherwise;
 * every answer but the bill file is signed with the platform key in Wechatpay-* headers):
 *   POST /v3/pay/transactions/jsapi                               → { prepay_id }
 *   GET  /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=… → the transaction
 *   POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close   → 204
 *   POST /v3/refund/domestic/refunds                              → the refund (PROCESSING, then SUCCESS + notify)
 *   GET  /v3/refund/domestic/refunds/{out_refund_no}              → the refund
 *   GET  /v3/bill/tradebill?bill_date=YYYY-MM-DD                  → { hash_type, hash_value, download_url }
 *   GET  /v3/billdownload/file?token=…                            → the bill (CSV, unsigned; 30 s token)
 * Simulator endpoint (CORS *, for the H5 demo where wx.requestPayment does not exist):
 *   POST /sim/pay { prepay_id } → { out_trade_no, transaction_id }: the person pays; the notification follows.
 *
 * Where it is knowingly simpler than the platform: notify_url may be http (loopback), the bill of the current day is
 * available at once (the platform publishes a day's bill the next morning), only bill_type ALL exists, an unpaid
 * order past its time_expire (or after expireOrder) reports CLOSED.
 *
 * Its crypto is written independently of packages/api/src/payments/wechatpay.ts on purpose: a shared helper would
 * let one mistake pass on both sides.
 */
import type http from 'node:http';
import Koa from 'koa';
import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  MAX_SKEW_S,
  PlatformError,
  WECHATPAY_RETRY_SCHEDULE_MS,
  newKeyPair,
  newSerial,
  parseAuthorization,
  parseBody,
  verifyWith,
  type NotifyLogEntry,
  type Order,
  type Reply,
  type Sim,
  type SimOptions,
} from './wechatpay-wire';
import {
  closeOrder,
  createOrder,
  createRefund,
  deliver,
  payOrder,
  platformHeaders,
  queryOrder,
  queryRefund,
  settleLater,
  stateOf,
} from './wechatpay-orders';
import { downloadBill, tradeBill, tradeBillCsv } from './wechatpay-bill';

export { WECHATPAY_RETRY_SCHEDULE_MS, type NotifyLogEntry } from './wechatpay-wire';

// ---- HTTP --------------------------------------------------------------------------------------------------------

/** Why the merchant's Authorization is refused, or null when it is valid for exactly this request. */
function authorizationProblem(s: Sim, method: string, url: string, body: string, header: string): string | null {
  const auth = parseAuthorization(header);
  if (!auth) return '缺少 Authorization 或认证类型不是 WECHATPAY2-SHA256-RSA2048';
  const { mchid, nonce_str, signature, timestamp, serial_no } = auth;
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return 'Authorization 缺少字段';
  if (mchid !== s.opts.mchid) return '商户号与签名不匹配';
  if (serial_no !== s.merchant.serialNo) return '商户证书序列号有误';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_S) return '签名时间戳已过期';
  const message = Buffer.from(`${method}\n${url}\n${timestamp}\n${nonce_str}\n${body}\n`, 'utf8');
  return verifyWith(s.merchantPublicKey, message, signature) ? null : '错误的签名，验签失败';
}

function route(s: Sim, method: string, path: string, query: Record<string, unknown>, raw: string, baseUrl: string): Reply {
  const post = method === 'POST';
  let m: RegExpExecArray | null;
  if (post && path === '/v3/pay/transactions/jsapi') return createOrder(s, parseBody(raw));
  if ((m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path)) && method === 'GET') {
    return queryOrder(s, decodeURIComponent(m[1] as string), query.mchid);
  }
  if ((m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path)) && post) {
    return closeOrder(s, decodeURIComponent(m[1] as string), parseBody(raw));
  }
  if (post && path === '/v3/refund/domestic/refunds') return createRefund(s, parseBody(raw));
  if ((m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path)) && method === 'GET')
    return queryRefund(s, decodeURIComponent(m[1] as string));
  if (method === 'GET' && path === '/v3/bill/tradebill') return tradeBill(s, query, baseUrl);
  if (method === 'GET' && path === '/v3/billdownload/file') return downloadBill(s, query.token);
  throw new PlatformError(404, 'NOT_FOUND', '请求的资源不存在');
}

function send(s: Sim, ctx: Koa.Context, reply: Reply): void {
  ctx.status = reply.status;
  ctx.set('Request-ID', randomUUID());
  if (reply.file) {
    // The bill file is the one answer the platform does not sign; the merchant checks its SHA-1 instead.
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = reply.file;
    return;
  }
  const body = reply.json === undefined ? '' : JSON.stringify(reply.json);
  for (const [name, value] of Object.entries(platformHeaders(s, body))) ctx.set(name, value);
  if (body) {
    ctx.type = 'application/json';
    ctx.body = body;
  }
}

async function readRaw(ctx: Koa.Context): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function findOrder(s: Sim, prepay_id_or_out_trade_no: string): Order | undefined {
  return s.byPrepayId.get(prepay_id_or_out_trade_no) ?? s.orders.get(prepay_id_or_out_trade_no);
}

/** The platform's HTTP face: /v3 requests checked for the merchant's signature, /sim/pay for the H5 demo. */
async function handle(s: Sim, ctx: Koa.Context): Promise<void> {
  if (ctx.path.startsWith('/sim/')) {
    // The H5 demo pays from the browser.
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type');
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return;
    }
    try {
      if (ctx.method !== 'POST' || ctx.path !== '/sim/pay') throw new PlatformError(404, 'NOT_FOUND', '请求的资源不存在');
      const body = parseBody(await readRaw(ctx));
      const order = typeof body.prepay_id === 'string' ? s.byPrepayId.get(body.prepay_id) : undefined;
      if (!order) throw new PlatformError(404, 'ORDER_NOT_EXIST', 'prepay_id 不存在');
      ctx.body = payOrder(s, order);
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      ctx.status = err.status;
      ctx.body = { code: err.code, message: err.message };
    }
    return;
  }
  const raw = await readRaw(ctx);
  // ctx.originalUrl is the path and query exactly as sent, which is what the merchant signed.
  const problem = authorizationProblem(s, ctx.method, ctx.originalUrl, raw, ctx.get('authorization'));
  if (problem) return send(s, ctx, { status: 401, json: { code: 'SIGN_ERROR', message: problem } });
  try {
    send(s, ctx, route(s, ctx.method, ctx.path, ctx.query, raw, s.baseUrl));
  } catch (err) {
    if (!(err instanceof PlatformError)) throw err;
    send(s, ctx, { status: err.status, json: { code: err.code, message: err.message } });
  }
}

// ---- the simulator -------------------------------------------------------------------------------------------------

export async function startWechatPaySimulator(opts: SimOptions) {
  const [merchantKeys, platformKeys] = await Promise.all([newKeyPair(), newKeyPair()]);
  const merchant = { serialNo: newSerial(), ...merchantKeys };
  const s: Sim = {
    opts,
    schedule: opts.retryScheduleMs ?? WECHATPAY_RETRY_SCHEDULE_MS,
    merchant,
    merchantPublicKey: createPublicKey(merchant.publicKeyPem),
    platform: { serialNo: newSerial(), ...platformKeys },
    apiV3Key: randomBytes(16).toString('hex'),
    orders: new Map(),
    byPrepayId: new Map(),
    refunds: new Map(),
    billFiles: new Map(),
    log: [],
    busy: new Set(),
    timers: new Set(),
    idleWaiters: [],
    corruptNextBill: false,
    closingRefundsOf: new Set(),
    heldRefundsOf: new Set(),
    closed: false,
    sentNotifies: new Map(),
    baseUrl: '',
  };
  const app = new Koa();
  app.use((ctx) => handle(s, ctx));
  const host = opts.host ?? '127.0.0.1';
  const server = app.listen(opts.port ?? 0, host);
  await once(server, 'listening');
  s.baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  return simulatorApi(s, server);
}
export type WechatPaySimulator = Awaited<ReturnType<typeof startWechatPaySimulator>>;

/** What tests and the dev tools do with a running simulator. */
function simulatorApi(s: Sim, server: http.Server) {
  return {
    url: s.baseUrl,
    /** What the merchant holds: its API private key and certificate serial (the public key is the platform's copy). */
    merchant: { serialNo: s.merchant.serialNo, privateKeyPem: s.merchant.privateKeyPem, publicKeyPem: s.merchant.publicKeyPem },
    /** What the merchant downloads from the platform: its public key and serial. */
    platform: { serialNo: s.platform.serialNo, publicKeyPem: s.platform.publicKeyPem },
    apiV3Key: s.apiV3Key,

    /** The person pays this order (by prepay_id or out_trade_no); the TRANSACTION.SUCCESS notification is queued. */
    async pay(prepay_id_or_out_trade_no: string, payOpts: { amount_fen_override?: number } = {}) {
      const order = findOrder(s, prepay_id_or_out_trade_no);
      if (!order) throw new Error(`no such order: ${prepay_id_or_out_trade_no}`);
      try {
        return payOrder(s, order, payOpts.amount_fen_override);
      } catch (err) {
        if (err instanceof PlatformError) throw new Error(`${err.code}: ${err.message}`);
        throw err;
      }
    },

    /** The order's time_expire passes now: it can no longer be paid and reports CLOSED. */
    expireOrder(out_trade_no: string): void {
      const order = s.orders.get(out_trade_no);
      if (!order) throw new Error(`no such order: ${out_trade_no}`);
      order.time_expire = new Date(Date.now() - 1);
      stateOf(s, order);
    },

    /** Sends the last notification of this order (or refund, by out_refund_no) once more, as the platform sometimes does. */
    redeliver(out_trade_no_or_out_refund_no: string): void {
      const sent =
        s.sentNotifies.get(`trade:${out_trade_no_or_out_refund_no}`) ?? s.sentNotifies.get(`refund:${out_trade_no_or_out_refund_no}`);
      if (!sent) throw new Error(`nothing was notified for ${out_trade_no_or_out_refund_no}`);
      deliver(s, sent.url, sent.body, sent.entry);
    },

    /** Every notification so far, one entry per delivery (a redelivery is a new entry with the same notify_id). */
    notifyLog(): NotifyLogEntry[] {
      return s.log.map((entry) => ({ ...entry }));
    },

    /** Resolves once no notification waits for an attempt or is in flight and no refund is still processing. */
    drain(): Promise<void> {
      if (s.busy.size === 0) return Promise.resolve();
      return new Promise((resolve) => s.idleWaiters.push(resolve));
    },

    /** Test helper: Wechatpay-* headers the platform would send with this body (optionally at another time). */
    signAsPlatform(body: string, signOpts: { timestamp_s?: number } = {}): Record<string, string> {
      return platformHeaders(s, body, signOpts.timestamp_s);
    },

    /** Test helper: the trade bill CSV the platform would serve for this Shanghai date (null when there is none). */
    tradeBillCsv: (bill_date: string) => tradeBillCsv(s, bill_date),

    /** Test helper: refunds of this order end CLOSED (the bank side refused to pay out), with a REFUND.CLOSED notify. */
    closeRefundsOf(out_trade_no: string): void {
      s.closingRefundsOf.add(out_trade_no);
    },

    /** Test helper: refunds of this order stay PROCESSING (no notify) until releaseRefundsOf. */
    holdRefundsOf(out_trade_no: string): void {
      s.heldRefundsOf.add(out_trade_no);
    },

    /** Test helper: the held refunds of this order go on (SUCCESS or CLOSED, then the notify). */
    releaseRefundsOf(out_trade_no: string): void {
      s.heldRefundsOf.delete(out_trade_no);
      for (const r of s.refunds.values()) if (r.out_trade_no === out_trade_no && r.status === 'PROCESSING') settleLater(s, r);
    },

    /** Test helper: the next bill download arrives with one byte changed. */
    corruptNextBillDownload(): void {
      s.corruptNextBill = true;
    },

    close(): Promise<void> {
      s.closed = true;
      for (const timer of s.timers) clearTimeout(timer);
      s.timers.clear();
      s.busy.clear();
      s.idleWaiters.splice(0).forEach((resolve) => resolve());
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
