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
import { constants, createDecipheriv, createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { errorCodeOf, parseReply, signedHttpClient } from '../platform/outbound';
import { isCalendarDate, yuanStringToFen } from '@cc/shared';
import { AppError } from '../platform/problem';

const TRADE_STATES = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const;
const REFUND_STATUSES = ['SUCCESS', 'PROCESSING', 'ABNORMAL', 'CLOSED'] as const;
export type TradeState = (typeof TRADE_STATES)[number];
export type RefundStatus = (typeof REFUND_STATUSES)[number];

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

/** The platform and we both refuse a signature whose timestamp is further off than this. */
export const WECHATPAY_MAX_SKEW_S = 300;
const SIGNATURE_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
/** The platform's rule for out_trade_no and out_refund_no; checked here too because they go into URL paths. */
const TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const SUMMARY_HEADER_START = '总交易单数';

// ---- errors --------------------------------------------------------------------------------------------------------

const unavailable = () => new AppError(503, 'wechatpay_unavailable', '微信支付暂时不可用，请稍后再试');
const responseUnverified = () => new AppError(502, 'wechatpay_response_unverified', '微信支付的应答签名无效，已拒绝');
const badResponse = () => new AppError(502, 'wechatpay_bad_response', '微信支付的应答格式有误');
const billCorrupt = () => new AppError(502, 'wechatpay_bill_corrupt', '微信支付对账单校验失败');

const notifyErrors = {
  signature: () => new AppError(401, 'wechatpay_signature_invalid', '微信支付通知的签名无效'),
  serial: () => new AppError(401, 'wechatpay_serial_mismatch', '微信支付通知的证书序列号不符'),
  skew: () => new AppError(401, 'wechatpay_timestamp_skew', '微信支付通知的时间戳已过期'),
  decrypt: () => new AppError(400, 'wechatpay_decrypt_failed', '微信支付通知无法解密'),
  malformed: () => new AppError(400, 'wechatpay_notify_malformed', '微信支付通知的格式有误'),
};

/**
 * The platform's `{ code, message }` refusals → our stable codes. The platform's message is not passed on (it can
 * quote our request); its code goes into `detail` for whoever reads the logs.
 */
function platformError(status: number, code: string | undefined): AppError {
  const detail = { detail: `wechatpay code: ${code ?? 'none'}` };
  switch (code) {
    case 'ORDER_NOT_EXIST':
      return new AppError(404, 'wechatpay_order_not_found', '微信支付订单不存在', detail);
    case 'RESOURCE_NOT_EXISTS':
      return new AppError(404, 'wechatpay_not_found', '微信支付中没有这笔记录', detail);
    // The platform has no bill for a day without transactions.
    case 'NO_STATEMENT_EXIST':
      return new AppError(404, 'wechatpay_no_bill', '该日没有微信支付账单', detail);
    case 'ORDERPAID':
      return new AppError(409, 'wechatpay_order_paid', '该订单已支付', detail);
    case 'ORDER_CLOSED':
      return new AppError(409, 'wechatpay_order_closed', '该订单已关闭', detail);
    // The same out_trade_no / out_refund_no with other content, or a refund above what is left of the payment.
    case 'INVALID_REQUEST':
      return new AppError(409, 'wechatpay_invalid_request', '该请求与微信支付中已有的订单或退款不一致', detail);
    case 'FREQUENCY_LIMITED':
    case 'SYSTEM_ERROR':
      return new AppError(503, 'wechatpay_unavailable', '微信支付暂时不可用，请稍后再试', detail);
    default:
      // SIGN_ERROR, PARAM_ERROR, NO_AUTH, APPID_MCHID_NOT_MATCH …: our configuration or request is wrong, which
      // the person paying cannot fix.
      if (status >= 500 || status === 429) return new AppError(503, 'wechatpay_unavailable', '微信支付暂时不可用，请稍后再试', detail);
      return new AppError(502, 'wechatpay_rejected', '微信支付拒绝了该请求', detail);
  }
}

// ---- signatures and encryption -------------------------------------------------------------------------------------

type Headers = Record<string, string | string[] | undefined>;

/** Case-insensitive header lookup: Node lowercases incoming headers, hand-built records may not. */
function headerOf(headers: Headers, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

function rsaSign(message: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(message, 'utf8'), { key: privateKey, padding: constants.RSA_PKCS1_PADDING }).toString('base64');
}

function rsaVerify(message: Buffer, signature_b64: string, publicKey: KeyObject): boolean {
  try {
    return verify('sha256', message, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(signature_b64, 'base64'));
  } catch {
    return false;
  }
}

const nonceStr = () => randomBytes(16).toString('hex').toUpperCase();
const nowSeconds = () => Math.floor(Date.now() / 1000);

type PlatformCheck = 'ok' | 'unsigned' | 'serial' | 'skew' | 'signature';

/** Checks the platform's Wechatpay-* signature over the exact body bytes. Shared by responses and notifications. */
function checkPlatformSignature(headers: Headers, body: Buffer, serialNo: string, publicKey: KeyObject): PlatformCheck {
  const timestamp = headerOf(headers, 'wechatpay-timestamp');
  const nonce = headerOf(headers, 'wechatpay-nonce');
  const signature = headerOf(headers, 'wechatpay-signature');
  const serial = headerOf(headers, 'wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial || !/^\d{1,12}$/.test(timestamp)) return 'unsigned';
  if (serial !== serialNo) return 'serial';
  // An old signed message replayed by someone on the path is as bad as a forged one.
  if (Math.abs(nowSeconds() - Number(timestamp)) > WECHATPAY_MAX_SKEW_S) return 'skew';
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), body, Buffer.from('\n', 'utf8')]);
  return rsaVerify(message, signature, publicKey) ? 'ok' : 'signature';
}

/** AEAD_AES_256_GCM: ciphertext is base64(ct || 16-byte tag), nonce and associated_data are UTF-8 strings. */
function decryptResource(apiV3Key: Buffer, resource: EncryptedResource): string {
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= 16) throw notifyErrors.decrypt();
  try {
    const decipher = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(resource.nonce, 'utf8'), { authTagLength: 16 });
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw notifyErrors.decrypt();
  }
}

// ---- wire formats --------------------------------------------------------------------------------------------------

const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const rfc3339 = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));

const PrepayReply = z.object({ prepay_id: z.string().min(1).max(64) });
const OrderReply = z.object({
  trade_state: z.enum(TRADE_STATES),
  transaction_id: z.string().min(1).optional(),
  amount: z.object({ total: fen.optional() }).optional(),
  success_time: rfc3339.optional(),
});
const RefundReply = z.object({
  refund_id: z.string().min(1),
  status: z.enum(REFUND_STATUSES),
  amount: z.object({ refund: fen }),
});
const BillReply = z.object({ hash_type: z.literal('SHA1'), hash_value: z.string().regex(/^[0-9a-fA-F]{40}$/), download_url: z.url() });

const EncryptedResourceSchema = z.object({
  algorithm: z.literal('AEAD_AES_256_GCM'),
  ciphertext: z.string().min(1),
  nonce: z.string().min(1),
  associated_data: z.string().optional(),
  original_type: z.string().optional(),
});
type EncryptedResource = z.infer<typeof EncryptedResourceSchema>;
const NotifyBody = z.object({
  id: z.string().min(1),
  event_type: z.string().min(1),
  resource_type: z.literal('encrypt-resource'),
  resource: EncryptedResourceSchema,
});

const TransactionResource = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().min(1),
  trade_state: z.enum(TRADE_STATES),
  success_time: rfc3339,
  payer: z.object({ openid: z.string().min(1) }),
  amount: z.object({ total: fen }),
});
const RefundResource = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  out_refund_no: z.string(),
  refund_id: z.string().min(1),
  refund_status: z.enum(REFUND_STATUSES),
  success_time: rfc3339.optional(),
  amount: z.object({ refund: fen }),
});

/** The platform's time format: RFC 3339 in Shanghai time, "2026-05-01T10:34:56+08:00". */
function toShanghaiRfc3339(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19)}+08:00`;
}

/** Money is integer fen; a fraction, a float or a non-positive amount is a bug in the caller, not a platform error. */
function checkAmount(name: string, amount_fen: number): void {
  if (!Number.isSafeInteger(amount_fen) || amount_fen <= 0) throw new RangeError(`${name} must be a positive integer number of fen`);
}

function checkNo(name: string, value: string, pattern: RegExp): void {
  if (typeof value !== 'string' || !pattern.test(value)) throw new RangeError(`${name} does not follow the platform's format`);
}

// ---- notification resources ----------------------------------------------------------------------------------------

/** The payment in a TRANSACTION.SUCCESS notification, typed and checked. */
export function readTransaction(resource: Record<string, unknown>): PaidTransaction {
  const parsed = TransactionResource.safeParse(resource);
  if (!parsed.success) throw notifyErrors.malformed();
  const r = parsed.data;
  return {
    out_trade_no: r.out_trade_no,
    transaction_id: r.transaction_id,
    trade_state: r.trade_state,
    amount_fen: r.amount.total,
    payer_openid: r.payer.openid,
    success_time: new Date(r.success_time),
  };
}

/** The refund in a REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED notification, typed and checked. */
export function readRefund(resource: Record<string, unknown>): RefundResult {
  const parsed = RefundResource.safeParse(resource);
  if (!parsed.success) throw notifyErrors.malformed();
  const r = parsed.data;
  return {
    out_trade_no: r.out_trade_no,
    out_refund_no: r.out_refund_no,
    refund_id: r.refund_id,
    status: r.refund_status,
    refund_fen: r.amount.refund,
    ...(r.success_time ? { success_time: new Date(r.success_time) } : {}),
  };
}

// ---- trade bill ----------------------------------------------------------------------------------------------------

/**
 * WeChat's trade bill (bill_type ALL): a header row, one row per payment and refund where every field starts with a
 * backtick, then a summary header and a summary row. Columns are found by name because the platform documents that
 * their order may change. Amounts are yuan with two decimals and become fen by string parsing.
 */
export function parseTradeBill(text: string): TradeBillRow[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line !== '');
  const header = (lines[0] ?? '').split(',');
  const summaryAt = lines.findIndex((line) => line.startsWith(SUMMARY_HEADER_START));
  // A bill without its summary was cut short.
  if (summaryAt < 1 || summaryAt !== lines.length - 2) throw billCorrupt();
  const column = (name: string, fallback?: string): number => {
    const at = header.indexOf(name);
    if (at >= 0) return at;
    const alt = fallback === undefined ? -1 : header.indexOf(fallback);
    if (alt < 0) throw billCorrupt();
    return alt;
  };
  const col = {
    transaction_id: column('微信订单号'),
    out_trade_no: column('商户订单号'),
    trade_state: column('交易状态'),
    amount: column('订单金额', '应结订单金额'),
    out_refund_no: column('商户退款单号'),
    refund: column('申请退款金额', '退款金额'),
  };
  return lines.slice(1, summaryAt).map((line) => {
    // Split on ",`" rather than ",": a product name may contain a comma.
    const fields = line.startsWith('`') ? line.slice(1).split(',`') : [];
    if (fields.length !== header.length) throw billCorrupt();
    const field = (at: number) => fields[at] as string;
    const money = (at: number) => {
      if (!/^\d{1,12}\.\d{2}$/.test(field(at))) throw billCorrupt();
      return yuanStringToFen(field(at));
    };
    const row: TradeBillRow = {
      out_trade_no: field(col.out_trade_no),
      transaction_id: field(col.transaction_id),
      trade_state: field(col.trade_state),
      amount_fen: money(col.amount),
    };
    if (row.trade_state === 'REFUND') {
      row.refund_fen = money(col.refund);
      row.out_refund_no = field(col.out_refund_no);
    }
    return row;
  });
}

// ---- the client ----------------------------------------------------------------------------------------------------

type PlatformReply = { status: number; headers: Headers; body: Buffer };

export function createWechatPayClient(opts: WechatPayClientOptions) {
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

  const api = (pathWithQuery: string) => new URL(pathWithQuery, origin);
  const post = (pathWithQuery: string, payload: unknown) => send('POST', api(pathWithQuery), JSON.stringify(payload));
  const get = (pathWithQuery: string) => send('GET', api(pathWithQuery));
  const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

  return {
    /** Places a JSAPI order; the prepay_id goes to jsapiPayParams. Same out_trade_no and content → same prepay_id. */
    async createJsapiOrder(input: {
      out_trade_no: string;
      description: string;
      amount_fen: number;
      payer_openid: string;
      notify_url: string;
      time_expire?: Date;
    }): Promise<{ prepay_id: string }> {
      checkNo('out_trade_no', input.out_trade_no, TRADE_NO);
      checkAmount('amount_fen', input.amount_fen);
      const reply = await post('/v3/pay/transactions/jsapi', {
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
    },

    /** The object wx.requestPayment takes, signed with the merchant key. */
    jsapiPayParams(prepay_id: string): JsapiPayParams {
      if (typeof prepay_id !== 'string' || !/^[\w-]{1,64}$/.test(prepay_id)) throw new RangeError('not a prepay_id');
      const timeStamp = String(nowSeconds());
      const nonce = nonceStr();
      const pkg = `prepay_id=${prepay_id}`;
      const paySign = rsaSign(`${opts.appid}\n${timeStamp}\n${nonce}\n${pkg}\n`, merchantKey);
      return { appId: opts.appid, timeStamp, nonceStr: nonce, package: pkg, signType: 'RSA', paySign };
    },

    /**
     * Verifies and decrypts a notification. `rawBody` must be the exact bytes received (the signature covers them),
     * not JSON re-serialised by a body parser. Answer the platform 2xx only after the result is stored: anything
     * else makes it retry, and it may deliver the same notification more than once anyway.
     */
    parseNotify(headers: Record<string, string | undefined>, rawBody: string): WechatPayNotify {
      const body = Buffer.from(rawBody, 'utf8');
      switch (checkPlatformSignature(headers, body, opts.platformSerialNo, platformKey)) {
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
      const plaintext = decryptResource(apiV3Key, notify.resource);
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
    },

    /** The order's state on the platform: what a sweeper asks when a notification is late or lost. */
    async queryOrder(
      out_trade_no: string,
    ): Promise<{ trade_state: TradeState; transaction_id?: string; amount_fen?: number; success_time?: Date }> {
      checkNo('out_trade_no', out_trade_no, TRADE_NO);
      const reply = await get(`/v3/pay/transactions/out-trade-no/${encodeURIComponent(out_trade_no)}?${query({ mchid: opts.mchid })}`);
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
      await post(`/v3/pay/transactions/out-trade-no/${encodeURIComponent(out_trade_no)}/close`, { mchid: opts.mchid });
    },

    /**
     * Refunds part or all of a payment to where it came from. Retrying with the same out_refund_no and content returns
     * the same refund, so after a timeout retry rather than pick a new number.
     */
    async createRefund(input: {
      out_trade_no: string;
      out_refund_no: string;
      refund_fen: number;
      total_fen: number;
      reason?: string;
      notify_url: string;
    }): Promise<{ refund_id: string; status: RefundStatus }> {
      checkNo('out_trade_no', input.out_trade_no, TRADE_NO);
      checkNo('out_refund_no', input.out_refund_no, REFUND_NO);
      checkAmount('refund_fen', input.refund_fen);
      checkAmount('total_fen', input.total_fen);
      const reply = await post('/v3/refund/domestic/refunds', {
        out_trade_no: input.out_trade_no,
        out_refund_no: input.out_refund_no,
        ...(input.reason ? { reason: input.reason } : {}),
        notify_url: input.notify_url,
        amount: { refund: input.refund_fen, total: input.total_fen, currency: 'CNY' },
      });
      const refund = parseReply(RefundReply, reply.body, badResponse);
      return { refund_id: refund.refund_id, status: refund.status };
    },

    async queryRefund(out_refund_no: string): Promise<{ refund_id: string; status: RefundStatus; refund_fen: number }> {
      checkNo('out_refund_no', out_refund_no, REFUND_NO);
      const reply = await get(`/v3/refund/domestic/refunds/${encodeURIComponent(out_refund_no)}`);
      const refund = parseReply(RefundReply, reply.body, badResponse);
      return { refund_id: refund.refund_id, status: refund.status, refund_fen: refund.amount.refund };
    },

    /**
     * The trade bill of one Asia/Shanghai day (all payments and refunds), its SHA-1 checked. A day without any
     * transaction has no bill on the platform: that is an empty list here.
     */
    async downloadTradeBill(bill_date: string): Promise<TradeBillRow[]> {
      if (typeof bill_date !== 'string' || !isCalendarDate(bill_date)) throw new RangeError('bill_date must be YYYY-MM-DD');
      let reply: PlatformReply;
      try {
        reply = await get(`/v3/bill/tradebill?${query({ bill_date, bill_type: 'ALL' })}`);
      } catch (err) {
        if (err instanceof AppError && err.code === 'wechatpay_no_bill') return [];
        throw err;
      }
      const bill = parseReply(BillReply, reply.body, badResponse);
      const download = new URL(bill.download_url);
      // Only follow a link to the platform itself: our signed request goes there.
      if (download.origin !== origin) throw badResponse();
      const file = await send('GET', download, '', { unsignedReply: true });
      if (createHash('sha1').update(file.body).digest('hex') !== bill.hash_value.toLowerCase()) throw billCorrupt();
      return parseTradeBill(file.body.toString('utf8'));
    },
  };
}
export type WechatPayClient = ReturnType<typeof createWechatPayClient>;
