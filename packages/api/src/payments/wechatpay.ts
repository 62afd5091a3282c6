/**
 * Client of WeChat Pay API v3 for JSAPI (mini-program) payments: orders, the parameters of wx.requestPayment,
 * payment and refund notifications, refunds and the daily trade bill. The local simulator that stands in for the
 * platform is tools/simulators/wechatpay.ts.
 *
 * Security model (as the platform documents it):
 * - every request carries `Authorization: WECHATPAY2-SHA256-RSA2048 …`, an RSA-SHA256 (PKCS#1 v1.5) signature with
 *   the merchant private key over `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n`;
 * - every response and every notification is signed by the platform (Wechatpay-Timestamp/-Nonce/-Signature/-Serial)
 *   over `TIMESTAMP\nNONCE\nBODY\n`, verified with the platform public key; a success that is unsigned, wrongly
 *   signed, from another key or stale is refused;
 * - a notification's `resource` is AEAD_AES_256_GCM-encrypted with the APIv3 key.
 * Bodies of notifications and the platform's own messages never appear in an error: only stable codes do.
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { isCalendarDate } from '@cc/shared';
import { errorCodeOf, parseReply, signedHttpClient } from '../platform/outbound';
import { AppError } from '../platform/problem';
import {
  BillReply,
  NotifyBody,
  OrderReply,
  PrepayReply,
  REFUND_NO,
  RefundReply,
  SIGNATURE_SCHEME,
  TRADE_NO,
  badResponse,
  billCorrupt,
  checkAmount,
  checkNo,
  checkPlatformSignature,
  decryptResource,
  nonceStr,
  notifyErrors,
  nowSeconds,
  parseTradeBill,
  platformError,
  responseUnverified,
  rsaSign,
  toShanghaiRfc3339,
  unavailable,
  type Headers,
  type RefundStatus,
  type TradeState,
} from './wechatpay-wire';

export { WECHATPAY_MAX_SKEW_S, parseTradeBill, readRefund, readTransaction, type RefundStatus, type TradeState } from './wechatpay-wire';

export interface WechatPayClientOptions {
  /** https://api.mch.weixin.qq.com in production; the simulator's URL in development and tests. An origin, no path. */
  baseUrl: string;
  appid: string;
  mchid: string;
  /** Serial number of the merchant API certificate whose private key signs our requests. */
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  /** The 32-character APIv3 key set in the merchant platform; decrypts notifications. */
  apiV3Key: string;
  /** Serial (or public-key id) the platform puts in Wechatpay-Serial, and the matching public key. */
  platformSerialNo: string;
  platformPublicKeyPem: string;
  timeout_ms?: number;
}

/** What wx.requestPayment takes (mini-program JSAPI payment). */
export interface JsapiPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** A verified, decrypted notification. `resource` is the platform's JSON (see readTransaction / readRefund). */
export interface WechatPayNotify {
  id: string;
  event_type: string;
  resource: Record<string, unknown>;
}

/** The payment as the platform reports it (query or TRANSACTION.SUCCESS notification). */
export interface PaidTransaction {
  out_trade_no: string;
  transaction_id: string;
  trade_state: TradeState;
  /** amount.total: the order amount the platform charged. Compare it with the order before crediting anything. */
  amount_fen: number;
  payer_openid: string;
  success_time: Date;
}

/** A refund as the platform reports it (REFUND.* notification). */
export interface RefundResult {
  out_trade_no: string;
  out_refund_no: string;
  refund_id: string;
  status: RefundStatus;
  refund_fen: number;
  success_time?: Date;
}

/** One row of the daily trade bill: a payment (trade_state SUCCESS) or a refund (trade_state REFUND). */
export interface TradeBillRow {
  out_trade_no: string;
  transaction_id: string;
  trade_state: string;
  /** 订单金额 of the order (on a refund row too: the order it refunds). */
  amount_fen: number;
  /** 申请退款金额, on refund rows only. */
  refund_fen?: number;
  out_refund_no?: string;
}

// ---- the client ----------------------------------------------------------------------------------------------------

type PlatformReply = { status: number; headers: Headers; body: Buffer };

/** Signed requests to the platform and verified replies, with the keys parsed once. */
function platformTransport(opts: WechatPayClientOptions) {
  const origin = new URL(opts.baseUrl).origin;
  // Keys are parsed once, so a wrong PEM stops start-up instead of failing the first payment.
  const merchantKey = createPrivateKey(opts.merchantPrivateKeyPem);
  const platformKey = createPublicKey(opts.platformPublicKeyPem);
  const apiV3Key = Buffer.from(opts.apiV3Key, 'utf8');
  if (apiV3Key.length !== 32) throw new RangeError('the WeChat Pay APIv3 key must be 32 bytes');

  const http = signedHttpClient(opts.timeout_ms);

  function authorization(method: string, pathWithQuery: string, body: string): string {
    const timestamp = String(nowSeconds());
    const nonce = nonceStr();
    const signature = rsaSign(`${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`, merchantKey);
    return `${SIGNATURE_SCHEME} mchid="${opts.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${opts.merchantSerialNo}"`;
  }

  async function attempt(method: 'GET' | 'POST', url: URL, body: string): Promise<PlatformReply> {
    const res = await http.request<ArrayBuffer>({
      method,
      url: url.toString(),
      data: method === 'POST' ? body : undefined,
      headers: {
        Accept: 'application/json',
        ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
        Authorization: authorization(method, `${url.pathname}${url.search}`, body),
        'User-Agent': 'cc-api wechatpay-v3',
      },
    });
    return { status: res.status, headers: res.headers as Headers, body: Buffer.from(res.data ?? []) };
  }

  /**
   * Sends a signed request, retrying once on a network failure or a 5xx. Safe because every call is idempotent on
   * the platform: the same out_trade_no with the same content gives the same prepay_id, refunds are keyed by
   * out_refund_no, closing twice is harmless, the rest are reads.
   */
  async function send(method: 'GET' | 'POST', url: URL, body = '', { unsignedReply = false } = {}): Promise<PlatformReply> {
    let reply: PlatformReply | undefined;
    for (let tries = 0; tries < 2 && (!reply || reply.status >= 500); tries++) {
      try {
        reply = await attempt(method, url, body);
      } catch {
        // Network failure or timeout. The axios error holds the request and our Authorization header: dropped.
        reply = undefined;
      }
    }
    if (!reply) throw unavailable();
    const signed = checkPlatformSignature(reply.headers, reply.body, opts.platformSerialNo, platformKey) === 'ok';
    if (reply.status >= 200 && reply.status < 300) {
      // The bill file is the one reply the platform does not sign; its SHA-1 from the signed tradebill reply stands in.
      if (!unsignedReply && !signed) throw responseUnverified();
      return reply;
    }
    // A refusal we cannot verify is still a refusal, but its code is not trusted.
    throw platformError(reply.status, signed ? errorCodeOf(reply.body) : undefined);
  }
  return {
    origin,
    merchantKey,
    platformKey,
    apiV3Key,
    send,
    post: (pathWithQuery: string, payload: unknown) => send('POST', new URL(pathWithQuery, origin), JSON.stringify(payload)),
    get: (pathWithQuery: string) => send('GET', new URL(pathWithQuery, origin)),
  };
}
type Transport = ReturnType<typeof platformTransport>;
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

type JsapiOrderInput = {
  out_trade_no: string;
  description: string;
  amount_fen: number;
  payer_openid: string;
  notify_url: string;
  time_expire?: Date;
};
type RefundInput = {
  out_trade_no: string;
  out_refund_no: string;
  refund_fen: number;
  total_fen: number;
  reason?: string;
  notify_url: string;
};

export function createWechatPayClient(opts: WechatPayClientOptions) {
  const t = platformTransport(opts);
  return {
    /** Places a JSAPI order; the prepay_id goes to jsapiPayParams. Same out_trade_no and content → same prepay_id. */
    createJsapiOrder: (input: JsapiOrderInput) => createJsapiOrder(opts, t, input),

    /** The object wx.requestPayment takes, signed with the merchant key. */
    jsapiPayParams(prepay_id: string): JsapiPayParams {
      if (typeof prepay_id !== 'string' || !/^[\w-]{1,64}$/.test(prepay_id)) throw new RangeError('not a prepay_id');
      const timeStamp = String(nowSeconds());
      const nonce = nonceStr();
      const pkg = `prepay_id=${prepay_id}`;
      const paySign = rsaSign(`${opts.appid}\n${timeStamp}\n${nonce}\n${pkg}\n`, t.merchantKey);
      return { appId: opts.appid, timeStamp, nonceStr: nonce, package: pkg, signType: 'RSA', paySign };
    },

    /**
     * Verifies and decrypts a notification. `rawBody` must be the exact bytes received (the signature covers them),
     * not JSON re-serialised by a body parser. Answer the platform 2xx only after the result is stored: anything
     * else makes it retry, and it may deliver the same notification more than once anyway.
     */
    parseNotify: (headers: Record<string, string | undefined>, rawBody: string) => parseNotify(opts, t, headers, rawBody),

    /** The order's state on the platform: what a sweeper asks when a notification is late or lost. */
    async queryOrder(
      out_trade_no: string,
    ): Promise<{ trade_state: TradeState; transaction_id?: string; amount_fen?: number; success_time?: Date }> {
      checkNo('out_trade_no', out_trade_no, TRADE_NO);
      const reply = await t.get(`/v3/pay/transactions/out-trade-no/${encodeURIComponent(out_trade_no)}?${query({ mchid: opts.mchid })}`);
      const order = parseReply(OrderReply, reply.body, badResponse);
      return {
        trade_state: order.trade_state,
        ...(order.transaction_id ? { transaction_id: order.transaction_id } : {}),
        ...(order.amount?.total !== undefined ? { amount_fen: order.amount.total } : {}),
        ...(order.success_time ? { success_time: new Date(order.success_time) } : {}),
      };
    },

    /** Closes an unpaid order so it can no longer be paid. A paid order gives wechatpay_order_paid. */
    async closeOrder(out_trade_no: string): Promise<void> {
      checkNo('out_trade_no', out_trade_no, TRADE_NO);
      await t.post(`/v3/pay/transactions/out-trade-no/${encodeURIComponent(out_trade_no)}/close`, { mchid: opts.mchid });
    },

    /**
     * Refunds part or all of a payment to where it came from. Retrying with the same out_refund_no and content returns
     * the same refund, so after a timeout retry rather than pick a new number.
     */
    createRefund: (input: RefundInput) => createRefund(t, input),

    async queryRefund(out_refund_no: string): Promise<{ refund_id: string; status: RefundStatus; refund_fen: number }> {
      checkNo('out_refund_no', out_refund_no, REFUND_NO);
      const reply = await t.get(`/v3/refund/domestic/refunds/${encodeURIComponent(out_refund_no)}`);
      const refund = parseReply(RefundReply, reply.body, badResponse);
      return { refund_id: refund.refund_id, status: refund.status, refund_fen: refund.amount.refund };
    },

    /**
     * The trade bill of one Asia/Shanghai day (all payments and refunds), its SHA-1 checked. A day without any
     * transaction has no bill on the platform: that is an empty list here.
     */
    downloadTradeBill: (bill_date: string) => downloadTradeBill(t, bill_date),
  };
}
export type WechatPayClient = ReturnType<typeof createWechatPayClient>;

async function createJsapiOrder(opts: WechatPayClientOptions, t: Transport, input: JsapiOrderInput): Promise<{ prepay_id: string }> {
  checkNo('out_trade_no', input.out_trade_no, TRADE_NO);
  checkAmount('amount_fen', input.amount_fen);
  const reply = await t.post('/v3/pay/transactions/jsapi', {
    appid: opts.appid,
    mchid: opts.mchid,
    description: input.description,
    out_trade_no: input.out_trade_no,
    ...(input.time_expire ? { time_expire: toShanghaiRfc3339(input.time_expire) } : {}),
    notify_url: input.notify_url,
    amount: { total: input.amount_fen, currency: 'CNY' },
    payer: { openid: input.payer_openid },
  });
  return { prepay_id: parseReply(PrepayReply, reply.body, badResponse).prepay_id };
}

function parseNotify(
  opts: WechatPayClientOptions,
  t: Transport,
  headers: Record<string, string | undefined>,
  rawBody: string,
): WechatPayNotify {
  const body = Buffer.from(rawBody, 'utf8');
  switch (checkPlatformSignature(headers, body, opts.platformSerialNo, t.platformKey)) {
    case 'ok':
      break;
    case 'serial':
      throw notifyErrors.serial();
    case 'skew':
      throw notifyErrors.skew();
    default:
      throw notifyErrors.signature();
  }
  const notify = parseReply(NotifyBody, body, notifyErrors.malformed);
  const plaintext = decryptResource(t.apiV3Key, notify.resource);
  let resource: unknown;
  try {
    resource = JSON.parse(plaintext);
  } catch {
    throw notifyErrors.malformed();
  }
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) throw notifyErrors.malformed();
  const record = resource as Record<string, unknown>;
  // Signed and encrypted for us, but about another merchant: nothing we may act on.
  if (record.mchid !== undefined && record.mchid !== opts.mchid) throw notifyErrors.malformed();
  return { id: notify.id, event_type: notify.event_type, resource: record };
}

async function createRefund(t: Transport, input: RefundInput): Promise<{ refund_id: string; status: RefundStatus }> {
  checkNo('out_trade_no', input.out_trade_no, TRADE_NO);
  checkNo('out_refund_no', input.out_refund_no, REFUND_NO);
  checkAmount('refund_fen', input.refund_fen);
  checkAmount('total_fen', input.total_fen);
  const reply = await t.post('/v3/refund/domestic/refunds', {
    out_trade_no: input.out_trade_no,
    out_refund_no: input.out_refund_no,
    ...(input.reason ? { reason: input.reason } : {}),
    notify_url: input.notify_url,
    amount: { refund: input.refund_fen, total: input.total_fen, currency: 'CNY' },
  });
  const refund = parseReply(RefundReply, reply.body, badResponse);
  return { refund_id: refund.refund_id, status: refund.status };
}

async function downloadTradeBill(t: Transport, bill_date: string): Promise<TradeBillRow[]> {
  if (typeof bill_date !== 'string' || !isCalendarDate(bill_date)) throw new RangeError('bill_date must be YYYY-MM-DD');
  let reply: PlatformReply;
  try {
    reply = await t.get(`/v3/bill/tradebill?${query({ bill_date, bill_type: 'ALL' })}`);
  } catch (err) {
    if (err instanceof AppError && err.code === 'wechatpay_no_bill') return [];
    throw err;
  }
  const bill = parseReply(BillReply, reply.body, badResponse);
  const download = new URL(bill.download_url);
  // Only follow a link to the platform itself: our signed request goes there.
  if (download.origin !== t.origin) throw badResponse();
  const file = await t.send('GET', download, '', { unsignedReply: true });
  if (createHash('sha1').update(file.body).digest('hex') !== bill.hash_value.toLowerCase()) throw billCorrupt();
  return parseTradeBill(file.body.toString('utf8'));
}
