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
import {
  createCipheriv,
  createHash,
  createPublicKey,
  generateKeyPair,
  randomBytes,
  randomInt,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import Koa from 'koa';
import { fenToYuanString, shanghaiDate } from '@cc/shared';

/** The platform's notification retry schedule after a failed delivery (15s, 15s, 30s, 3m, 10m, … 6h: 24h4m in all). */
export const WECHATPAY_RETRY_SCHEDULE_MS: readonly number[] = [
  15_000, 15_000, 30_000, 180_000, 600_000, 1_200_000, 1_800_000, 1_800_000, 1_800_000, 3_600_000, 10_800_000, 10_800_000, 10_800_000,
  21_600_000, 21_600_000,
];

const MAX_SKEW_S = 300;
const SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const NOTIFY_TIMEOUT_MS = 5000;
const BILL_TOKEN_TTL_MS = 30_000;
/** The simulated fee: 0.6 %, rounded half up to the fen per transaction. */
const FEE_PER_MILLE = 6;
const TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED';
type RefundStatus = 'PROCESSING' | 'SUCCESS';

interface Order {
  out_trade_no: string;
  prepay_id: string;
  /** The request content that makes a repeat of the same out_trade_no the same order. */
  fingerprint: string;
  description: string;
  attach: string;
  notify_url: string;
  total_fen: number;
  openid: string;
  time_expire?: Date;
  state: TradeState;
  closed_reason?: string;
  transaction_id?: string;
  success_at?: Date;
  /** What the platform charged; normally total_fen (pay({ amount_fen_override }) makes it differ). */
  paid_fen?: number;
}

interface Refund {
  out_refund_no: string;
  refund_id: string;
  fingerprint: string;
  out_trade_no: string;
  refund_fen: number;
  reason: string;
  notify_url: string;
  status: RefundStatus;
  created_at: Date;
  success_at?: Date;
}

export interface NotifyLogEntry {
  notify_id: string;
  event_type: string;
  out_trade_no?: string;
  out_refund_no?: string;
  attempts: number;
  delivered: boolean;
}

interface Delivery {
  log: NotifyLogEntry;
  url: string;
  body: string;
}

/** A refusal in the platform's shape: HTTP status and { code, message }. */
class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Reply = { status: number; json?: unknown; file?: Buffer };

const paramError = (message: string) => new PlatformError(400, 'PARAM_ERROR', message);

// ---- time and money formats ----------------------------------------------------------------------------------------

const shanghai = (date: Date) => new Date(date.getTime() + 8 * 3600 * 1000).toISOString();
/** "2026-05-01T10:34:56+08:00", the platform's time format. */
const rfc3339 = (date: Date) => `${shanghai(date).slice(0, 19)}+08:00`;
/** "2026-05-01 10:34:56", the bill's time format. */
const billTime = (date: Date) => shanghai(date).slice(0, 19).replace('T', ' ');
/** Fees are written with five decimals, like "0.07000". */
const feeYuan = (fee_fen: number) => `${fenToYuanString(fee_fen)}000`;
const feeFen = (amount_fen: number) => Math.floor((amount_fen * FEE_PER_MILLE + 500) / 1000);
const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
const compactDate = (date: Date) => shanghai(date).slice(0, 10).replaceAll('-', '');

// ---- keys and signatures -------------------------------------------------------------------------------------------

const generateRsa = promisify(generateKeyPair);

async function newKeyPair(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** A certificate serial number as the platform shows it: 40 upper-case hex digits. */
const newSerial = () => randomBytes(20).toString('hex').toUpperCase();

function signWith(privateKeyPem: string, message: string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKeyPem).toString('base64');
}

function verifyWith(publicKey: KeyObject, message: Buffer, signature_b64: string): boolean {
  try {
    return verify('sha256', message, publicKey, Buffer.from(signature_b64, 'base64'));
  } catch {
    return false;
  }
}

/** WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…" → its fields. */
function parseAuthorization(header: string): Record<string, string> | null {
  if (!header.startsWith(`${SCHEME} `)) return null;
  const fields: Record<string, string> = {};
  for (const m of header.slice(SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1] as string] = m[2] as string;
  return fields;
}

/** AEAD_AES_256_GCM as the platform uses it: base64(ciphertext || 16-byte tag). */
function encryptResource(apiV3Key: string, plaintext: string, associated_data: string) {
  const nonce = randomBytes(9).toString('base64url'); // 12 characters
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associated_data, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data, nonce };
}

// ---- request bodies ------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function parseBody(raw: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw paramError('请求体不是合法的 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw paramError('请求体须为 JSON 对象');
  return value as Json;
}

/** `path` names the field in messages ("payer.openid"); its last segment is the key in `parent`. */
const keyOf = (path: string) => path.split('.').pop() as string;

function str(parent: Json, path: string, opts: { max_bytes: number; pattern?: RegExp; optional?: boolean }): string {
  const value = parent[keyOf(path)];
  if (value === undefined && opts.optional) return '';
  if (typeof value !== 'string' || value === '') throw paramError(`缺少参数或类型错误: ${path}`);
  if (Buffer.byteLength(value, 'utf8') > opts.max_bytes) throw paramError(`${path} 超过 ${opts.max_bytes} 字节`);
  if (opts.pattern && !opts.pattern.test(value)) throw paramError(`${path} 格式错误`);
  return value;
}

function obj(parent: Json, field: string): Json {
  const value = parent[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw paramError(`缺少参数或类型错误: ${field}`);
  return value as Json;
}

function positiveFen(parent: Json, path: string): number {
  const value = parent[keyOf(path)];
  if (!Number.isSafeInteger(value) || (value as number) <= 0) throw paramError(`${path} 须为正整数（单位：分）`);
  return value as number;
}

function currency(amount: Json, field: string): void {
  if (amount.currency !== undefined && amount.currency !== 'CNY') throw paramError(`${field} 仅支持 CNY`);
}

/** The platform wants a notify URL it can call directly: absolute, no query string. */
function notifyUrl(body: Json): string {
  const value = str(body, 'notify_url', { max_bytes: 255 });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw paramError('notify_url 须为绝对 URL');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search) throw paramError('notify_url 须为 http(s) 且不带查询参数');
  return value;
}

// ---- the simulator -------------------------------------------------------------------------------------------------

export async function startWechatPaySimulator(opts: {
  appid: string;
  mchid: string;
  port?: number;
  host?: string;
  retryScheduleMs?: readonly number[];
  /** How long a refund stays PROCESSING before it succeeds (default 1 s). */
  refundDelayMs?: number;
}) {
  const schedule = opts.retryScheduleMs ?? WECHATPAY_RETRY_SCHEDULE_MS;
  const [merchantKeys, platformKeys] = await Promise.all([newKeyPair(), newKeyPair()]);
  const merchant = { serialNo: newSerial(), ...merchantKeys };
  const merchantPublicKey = createPublicKey(merchant.publicKeyPem);
  const platform = { serialNo: newSerial(), ...platformKeys };
  const apiV3Key = randomBytes(16).toString('hex');

  const orders = new Map<string, Order>();
  const byPrepayId = new Map<string, Order>();
  const refunds = new Map<string, Refund>();
  const billFiles = new Map<string, { file: Buffer; expires_at: number }>();
  const log: NotifyLogEntry[] = [];
  /** Notifications waiting for their next attempt or in flight, and refunds not yet settled: what drain() waits for. */
  const busy = new Set<object>();
  const timers = new Set<NodeJS.Timeout>();
  let idleWaiters: (() => void)[] = [];
  let corruptNextBill = false;
  let closed = false;

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }

  function done(item: object): void {
    busy.delete(item);
    if (busy.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  /** Wechatpay-* headers over `TIMESTAMP\nNONCE\nBODY\n`, as the platform signs answers and notifications. */
  function platformHeaders(body: string, timestamp_s = Math.floor(Date.now() / 1000)): Record<string, string> {
    const nonce = randomBytes(16).toString('hex').toUpperCase();
    return {
      'Wechatpay-Timestamp': String(timestamp_s),
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': signWith(platform.privateKeyPem, `${timestamp_s}\n${nonce}\n${body}\n`),
      'Wechatpay-Serial': platform.serialNo,
      'Wechatpay-Signature-Type': SCHEME,
    };
  }

  // ---- notifications -----------------------------------------------------------------------------------------------

  /** One POST of the notification; true on any 2xx. A fresh signature per attempt, the same body (and id). */
  function post(delivery: Delivery): Promise<boolean> {
    const url = new URL(delivery.url);
    const transport = url.protocol === 'https:' ? https : http;
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'Mozilla/4.0',
      Connection: 'close',
      ...platformHeaders(delivery.body),
    };
    return new Promise((resolve) => {
      const req = transport.request(url, { method: 'POST', headers, agent: false, timeout: NOTIFY_TIMEOUT_MS }, (res) => {
        res.resume();
        res.on('end', () => resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
        res.on('error', () => resolve(false));
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      req.end(delivery.body);
    });
  }

  async function attempt(delivery: Delivery): Promise<void> {
    delivery.log.attempts++;
    const ok = await post(delivery);
    if (closed) return;
    if (ok) {
      delivery.log.delivered = true;
      return done(delivery);
    }
    const wait_ms = schedule[delivery.log.attempts - 1];
    // Past the end of the schedule the platform gives up; the merchant must query.
    if (wait_ms === undefined) return done(delivery);
    later(wait_ms, () => void attempt(delivery));
  }

  function deliver(url: string, body: string, entry: Omit<NotifyLogEntry, 'attempts' | 'delivered'>): void {
    const delivery: Delivery = { url, body, log: { ...entry, attempts: 0, delivered: false } };
    log.push(delivery.log);
    busy.add(delivery);
    void attempt(delivery);
  }

  /** The notification body of an event; the resource is encrypted with the APIv3 key. */
  function notifyBody(event_type: string, summary: string, original_type: string, resource: Json): { id: string; body: string } {
    const id = randomUUID();
    const body = JSON.stringify({
      id,
      create_time: rfc3339(new Date()),
      resource_type: 'encrypt-resource',
      event_type,
      summary,
      resource: { original_type, ...encryptResource(apiV3Key, JSON.stringify(resource), original_type) },
    });
    return { id, body };
  }

  /** Remembered per order and refund, so redeliver() can send the very same notification again. */
  const sentNotifies = new Map<string, { url: string; body: string; entry: Omit<NotifyLogEntry, 'attempts' | 'delivered'> }>();

  function notifyPaid(order: Order): void {
    const { id, body } = notifyBody('TRANSACTION.SUCCESS', '支付成功', 'transaction', transactionJson(order));
    const entry = { notify_id: id, event_type: 'TRANSACTION.SUCCESS', out_trade_no: order.out_trade_no };
    sentNotifies.set(`trade:${order.out_trade_no}`, { url: order.notify_url, body, entry });
    deliver(order.notify_url, body, entry);
  }

  function notifyRefunded(refund: Refund): void {
    const { id, body } = notifyBody('REFUND.SUCCESS', '退款成功', 'refund', refundNotifyJson(refund));
    const entry = { notify_id: id, event_type: 'REFUND.SUCCESS', out_trade_no: refund.out_trade_no, out_refund_no: refund.out_refund_no };
    sentNotifies.set(`refund:${refund.out_refund_no}`, { url: refund.notify_url, body, entry });
    deliver(refund.notify_url, body, entry);
  }

  // ---- orders ------------------------------------------------------------------------------------------------------

  /** An unpaid order past its time_expire can no longer be paid. */
  function stateOf(order: Order): TradeState {
    if (order.state === 'NOTPAY' && order.time_expire && order.time_expire.getTime() <= Date.now()) {
      order.state = 'CLOSED';
      order.closed_reason = '订单已超时关闭';
    }
    return order.state;
  }

  const STATE_DESC: Record<TradeState, string> = { NOTPAY: '订单未支付', SUCCESS: '支付成功', REFUND: '转入退款', CLOSED: '订单已关闭' };

  function transactionJson(order: Order): Json {
    const state = stateOf(order);
    const paid = order.paid_fen !== undefined;
    return {
      appid: opts.appid,
      mchid: opts.mchid,
      out_trade_no: order.out_trade_no,
      ...(paid ? { transaction_id: order.transaction_id, bank_type: 'OTHERS', success_time: rfc3339(order.success_at as Date) } : {}),
      trade_type: 'JSAPI',
      trade_state: state,
      trade_state_desc: state === 'CLOSED' && order.closed_reason ? order.closed_reason : STATE_DESC[state],
      attach: order.attach,
      payer: { openid: order.openid },
      amount: paid
        ? { total: order.paid_fen, payer_total: order.paid_fen, currency: 'CNY', payer_currency: 'CNY' }
        : { total: order.total_fen, currency: 'CNY', payer_currency: 'CNY' },
      promotion_detail: [],
    };
  }

  function createOrder(body: Json): Reply {
    if (body.appid !== opts.appid || body.mchid !== opts.mchid) {
      if (typeof body.appid !== 'string' || typeof body.mchid !== 'string') throw paramError('缺少参数 appid 或 mchid');
      throw new PlatformError(400, 'APPID_MCHID_NOT_MATCH', 'appid 和 mch_id 不匹配');
    }
    const out_trade_no = str(body, 'out_trade_no', { max_bytes: 32, pattern: TRADE_NO });
    const description = str(body, 'description', { max_bytes: 127 });
    const attach = str(body, 'attach', { max_bytes: 128, optional: true });
    const notify_url = notifyUrl(body);
    const amount = obj(body, 'amount');
    const total_fen = positiveFen(amount, 'amount.total');
    currency(amount, 'amount.currency');
    const openid = str(obj(body, 'payer'), 'payer.openid', { max_bytes: 128 });
    const time_expire_raw = str(body, 'time_expire', { max_bytes: 64, pattern: RFC3339, optional: true });
    const time_expire = time_expire_raw ? new Date(time_expire_raw) : undefined;
    if (time_expire && Number.isNaN(time_expire.getTime())) throw paramError('time_expire 格式错误');

    const fingerprint = JSON.stringify([description, attach, notify_url, total_fen, openid, time_expire_raw]);
    const existing = orders.get(out_trade_no);
    if (existing) {
      const state = stateOf(existing);
      if (state === 'SUCCESS' || state === 'REFUND') throw new PlatformError(403, 'ORDERPAID', '该订单已支付');
      if (state === 'CLOSED') throw new PlatformError(400, 'ORDER_CLOSED', '该订单已关闭');
      if (existing.fingerprint !== fingerprint) throw new PlatformError(400, 'INVALID_REQUEST', '商户订单号重复，且请求参数与原订单不一致');
      return { status: 200, json: { prepay_id: existing.prepay_id } };
    }
    const prepay_id = `wx${shanghai(new Date()).slice(0, 19).replace(/\D/g, '')}${randomBytes(11).toString('hex')}`;
    const order: Order = {
      out_trade_no,
      prepay_id,
      fingerprint,
      description,
      attach,
      notify_url,
      total_fen,
      openid,
      time_expire,
      state: 'NOTPAY',
    };
    orders.set(out_trade_no, order);
    byPrepayId.set(prepay_id, order);
    return { status: 200, json: { prepay_id } };
  }

  function orderOf(out_trade_no: string): Order {
    const order = orders.get(out_trade_no);
    if (!order) throw new PlatformError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return order;
  }

  function queryOrder(out_trade_no: string, mchid: unknown): Reply {
    if (typeof mchid !== 'string' || mchid === '') throw paramError('缺少参数 mchid');
    if (mchid !== opts.mchid) throw new PlatformError(400, 'INVALID_REQUEST', 'mchid 与订单不符');
    return { status: 200, json: transactionJson(orderOf(out_trade_no)) };
  }

  function closeOrder(out_trade_no: string, body: Json): Reply {
    if (body.mchid !== opts.mchid) throw paramError('mchid 缺失或不符');
    const order = orderOf(out_trade_no);
    const state = stateOf(order);
    if (state === 'SUCCESS' || state === 'REFUND') throw new PlatformError(403, 'ORDERPAID', '该订单已支付');
    // Closing a closed order is harmless, as on the platform.
    order.state = 'CLOSED';
    order.closed_reason ??= '订单已关闭';
    return { status: 204 };
  }

  /** The person pays (wx.requestPayment succeeding): the order is paid and the notification goes out. */
  function payOrder(order: Order, amount_fen_override?: number): { out_trade_no: string; transaction_id: string } {
    const state = stateOf(order);
    if (state === 'SUCCESS' || state === 'REFUND') throw new PlatformError(403, 'ORDERPAID', '该订单已支付');
    if (state === 'CLOSED') throw new PlatformError(400, 'ORDER_CLOSED', '该订单已关闭');
    if (amount_fen_override !== undefined && (!Number.isSafeInteger(amount_fen_override) || amount_fen_override <= 0)) {
      throw new RangeError('amount_fen_override must be a positive integer number of fen');
    }
    order.state = 'SUCCESS';
    order.transaction_id = `42000${digits(5)}${compactDate(new Date())}${digits(10)}`;
    order.success_at = new Date();
    order.paid_fen = amount_fen_override ?? order.total_fen;
    notifyPaid(order);
    return { out_trade_no: order.out_trade_no, transaction_id: order.transaction_id };
  }

  // ---- refunds -----------------------------------------------------------------------------------------------------

  function refundJson(refund: Refund): Json {
    const order = orderOf(refund.out_trade_no);
    return {
      refund_id: refund.refund_id,
      out_refund_no: refund.out_refund_no,
      transaction_id: order.transaction_id,
      out_trade_no: order.out_trade_no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(refund.success_at ? { success_time: rfc3339(refund.success_at) } : {}),
      create_time: rfc3339(refund.created_at),
      status: refund.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: order.paid_fen,
        refund: refund.refund_fen,
        payer_total: order.paid_fen,
        payer_refund: refund.refund_fen,
        settlement_total: order.paid_fen,
        settlement_refund: refund.refund_fen,
        discount_refund: 0,
        currency: 'CNY',
      },
      promotion_detail: [],
    };
  }

  function refundNotifyJson(refund: Refund): Json {
    const order = orderOf(refund.out_trade_no);
    return {
      mchid: opts.mchid,
      out_trade_no: order.out_trade_no,
      transaction_id: order.transaction_id,
      out_refund_no: refund.out_refund_no,
      refund_id: refund.refund_id,
      refund_status: refund.status,
      ...(refund.success_at ? { success_time: rfc3339(refund.success_at) } : {}),
      user_received_account: '支付用户零钱',
      amount: { total: order.paid_fen, refund: refund.refund_fen, payer_total: order.paid_fen, payer_refund: refund.refund_fen },
    };
  }

  /** Refunds of one order that hold money: PROCESSING and SUCCESS (this simulator has no failing refunds). */
  const refundedFen = (out_trade_no: string) =>
    [...refunds.values()].filter((r) => r.out_trade_no === out_trade_no).reduce((sum, r) => sum + r.refund_fen, 0);

  /** The bank side takes a while: PROCESSING first, then SUCCESS and (when a notify_url was given) the notification. */
  function settleLater(refund: Refund): void {
    busy.add(refund);
    later(opts.refundDelayMs ?? 1000, () => {
      refund.status = 'SUCCESS';
      refund.success_at = new Date();
      if (refund.notify_url) notifyRefunded(refund);
      done(refund);
    });
  }

  function createRefund(body: Json): Reply {
    const out_trade_no = str(body, 'out_trade_no', { max_bytes: 32, pattern: TRADE_NO });
    const out_refund_no = str(body, 'out_refund_no', { max_bytes: 64, pattern: REFUND_NO });
    const reason = str(body, 'reason', { max_bytes: 80, optional: true });
    const notify_url = body.notify_url === undefined ? '' : notifyUrl(body);
    const amount = obj(body, 'amount');
    const refund_fen = positiveFen(amount, 'amount.refund');
    const total_fen = positiveFen(amount, 'amount.total');
    currency(amount, 'amount.currency');

    const fingerprint = JSON.stringify([out_trade_no, refund_fen, total_fen]);
    const existing = refunds.get(out_refund_no);
    if (existing) {
      // Retrying a refund is safe: the same out_refund_no and amounts give the same refund.
      if (existing.fingerprint !== fingerprint) throw new PlatformError(400, 'INVALID_REQUEST', '退款单号重复，且请求参数与原退款不一致');
      return { status: 200, json: refundJson(existing) };
    }
    const order = orders.get(out_trade_no);
    if (!order) throw new PlatformError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const state = stateOf(order);
    if (state !== 'SUCCESS' && state !== 'REFUND') throw new PlatformError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    const paid_fen = order.paid_fen as number;
    if (total_fen !== paid_fen) throw new PlatformError(400, 'INVALID_REQUEST', '订单金额与原订单不一致');
    if (refund_fen > paid_fen - refundedFen(out_trade_no)) throw new PlatformError(400, 'INVALID_REQUEST', '退款金额超过订单可退金额');

    const refund: Refund = {
      out_refund_no,
      refund_id: `50${digits(3)}${compactDate(new Date())}${digits(16)}`,
      fingerprint,
      out_trade_no,
      refund_fen,
      reason,
      notify_url,
      status: 'PROCESSING',
      created_at: new Date(),
    };
    refunds.set(out_refund_no, refund);
    order.state = 'REFUND';
    settleLater(refund);
    return { status: 200, json: refundJson(refund) };
  }

  function queryRefund(out_refund_no: string): Reply {
    const refund = refunds.get(out_refund_no);
    if (!refund) throw new PlatformError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return { status: 200, json: refundJson(refund) };
  }

  // ---- trade bill --------------------------------------------------------------------------------------------------

  const BILL_HEADER =
    '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
  const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
  const line = (fields: (string | number)[]) => fields.map((f) => `\`${f}`).join(',');

  /** The ALL trade bill of one Shanghai day: payments by success time, refunds by acceptance time. */
  function tradeBillCsv(bill_date: string): string | null {
    type Row = { at: Date; fields: (string | number)[] };
    const rows: Row[] = [];
    let paid_fen = 0;
    let refunded_fen = 0;
    let fees_fen = 0;
    for (const order of orders.values()) {
      if (!order.success_at || shanghaiDate(order.success_at) !== bill_date) continue;
      const amount = order.paid_fen as number;
      const fee = feeFen(amount);
      paid_fen += amount;
      fees_fen += fee;
      const yuan = fenToYuanString(amount);
      rows.push({
        at: order.success_at,
        fields: [
          billTime(order.success_at),
          opts.appid,
          opts.mchid,
          0,
          '',
          order.transaction_id as string,
          order.out_trade_no,
          order.openid,
          'JSAPI',
          'SUCCESS',
          'OTHERS',
          'CNY',
          yuan,
          '0.00',
          0,
          0,
          '0.00',
          '0.00',
          '',
          '',
          order.description,
          order.attach,
          feeYuan(fee),
          '0.60%',
          yuan,
          '0.00',
          '',
        ],
      });
    }
    for (const refund of refunds.values()) {
      if (shanghaiDate(refund.created_at) !== bill_date) continue;
      const order = orderOf(refund.out_trade_no);
      const fee = -feeFen(refund.refund_fen);
      refunded_fen += refund.refund_fen;
      fees_fen += fee;
      const yuan = fenToYuanString(order.paid_fen as number);
      const refundYuan = fenToYuanString(refund.refund_fen);
      rows.push({
        at: refund.created_at,
        fields: [
          billTime(refund.created_at),
          opts.appid,
          opts.mchid,
          0,
          '',
          order.transaction_id as string,
          order.out_trade_no,
          order.openid,
          'JSAPI',
          'REFUND',
          'OTHERS',
          'CNY',
          yuan,
          '0.00',
          refund.refund_id,
          refund.out_refund_no,
          refundYuan,
          '0.00',
          'ORIGINAL',
          refund.status,
          order.description,
          order.attach,
          feeYuan(fee),
          '0.60%',
          yuan,
          refundYuan,
          '',
        ],
      });
    }
    if (rows.length === 0) return null;
    rows.sort((a, b) => a.at.getTime() - b.at.getTime());
    const summary = [rows.length, fenToYuanString(paid_fen), fenToYuanString(refunded_fen), '0.00', feeYuan(fees_fen)];
    summary.push(fenToYuanString(paid_fen), fenToYuanString(refunded_fen));
    return [BILL_HEADER, ...rows.map((r) => line(r.fields)), SUMMARY_HEADER, line(summary)].join('\r\n') + '\r\n';
  }

  function tradeBill(query: Record<string, unknown>, baseUrl: string): Reply {
    const bill_date = query.bill_date;
    if (typeof bill_date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(bill_date) || Number.isNaN(Date.parse(bill_date))) {
      throw paramError('bill_date 格式须为 YYYY-MM-DD');
    }
    if (query.bill_type !== undefined && query.bill_type !== 'ALL') throw paramError('模拟器只提供 bill_type=ALL');
    if (bill_date > shanghaiDate(new Date())) throw paramError('bill_date 不能晚于今天');
    const csv = tradeBillCsv(bill_date);
    if (csv === null) throw new PlatformError(400, 'NO_STATEMENT_EXIST', '账单文件不存在');
    const file = Buffer.from(csv, 'utf8');
    const token = randomBytes(24).toString('base64url');
    billFiles.set(token, { file, expires_at: Date.now() + BILL_TOKEN_TTL_MS });
    return {
      status: 200,
      json: {
        hash_type: 'SHA1',
        hash_value: createHash('sha1').update(file).digest('hex'),
        download_url: `${baseUrl}/v3/billdownload/file?token=${token}`,
      },
    };
  }

  function downloadBill(token: unknown): Reply {
    const entry = typeof token === 'string' ? billFiles.get(token) : undefined;
    if (!entry || entry.expires_at < Date.now()) throw new PlatformError(400, 'INVALID_REQUEST', '下载链接已过期');
    let file = entry.file;
    if (corruptNextBill) {
      // Test hook: one byte changed in transit, so the SHA-1 no longer matches.
      corruptNextBill = false;
      file = Buffer.from(file);
      file[file.length - 3] = (file[file.length - 3] as number) ^ 1;
    }
    return { status: 200, file };
  }

  // ---- HTTP --------------------------------------------------------------------------------------------------------

  /** Why the merchant's Authorization is refused, or null when it is valid for exactly this request. */
  function authorizationProblem(method: string, url: string, body: string, header: string): string | null {
    const auth = parseAuthorization(header);
    if (!auth) return '缺少 Authorization 或认证类型不是 WECHATPAY2-SHA256-RSA2048';
    const { mchid, nonce_str, signature, timestamp, serial_no } = auth;
    if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return 'Authorization 缺少字段';
    if (mchid !== opts.mchid) return '商户号与签名不匹配';
    if (serial_no !== merchant.serialNo) return '商户证书序列号有误';
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_S) return '签名时间戳已过期';
    const message = Buffer.from(`${method}\n${url}\n${timestamp}\n${nonce_str}\n${body}\n`, 'utf8');
    return verifyWith(merchantPublicKey, message, signature) ? null : '错误的签名，验签失败';
  }

  function route(method: string, path: string, query: Record<string, unknown>, raw: string, baseUrl: string): Reply {
    const post = method === 'POST';
    let m: RegExpExecArray | null;
    if (post && path === '/v3/pay/transactions/jsapi') return createOrder(parseBody(raw));
    if ((m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path)) && method === 'GET') {
      return queryOrder(decodeURIComponent(m[1] as string), query.mchid);
    }
    if ((m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path)) && post) {
      return closeOrder(decodeURIComponent(m[1] as string), parseBody(raw));
    }
    if (post && path === '/v3/refund/domestic/refunds') return createRefund(parseBody(raw));
    if ((m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path)) && method === 'GET')
      return queryRefund(decodeURIComponent(m[1] as string));
    if (method === 'GET' && path === '/v3/bill/tradebill') return tradeBill(query, baseUrl);
    if (method === 'GET' && path === '/v3/billdownload/file') return downloadBill(query.token);
    throw new PlatformError(404, 'NOT_FOUND', '请求的资源不存在');
  }

  function send(ctx: Koa.Context, reply: Reply): void {
    ctx.status = reply.status;
    ctx.set('Request-ID', randomUUID());
    if (reply.file) {
      // The bill file is the one answer the platform does not sign; the merchant checks its SHA-1 instead.
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = reply.file;
      return;
    }
    const body = reply.json === undefined ? '' : JSON.stringify(reply.json);
    for (const [name, value] of Object.entries(platformHeaders(body))) ctx.set(name, value);
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

  function findOrder(prepay_id_or_out_trade_no: string): Order | undefined {
    return byPrepayId.get(prepay_id_or_out_trade_no) ?? orders.get(prepay_id_or_out_trade_no);
  }

  const app = new Koa();
  let baseUrl = '';
  app.use(async (ctx) => {
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
        const order = typeof body.prepay_id === 'string' ? byPrepayId.get(body.prepay_id) : undefined;
        if (!order) throw new PlatformError(404, 'ORDER_NOT_EXIST', 'prepay_id 不存在');
        ctx.body = payOrder(order);
      } catch (err) {
        if (!(err instanceof PlatformError)) throw err;
        ctx.status = err.status;
        ctx.body = { code: err.code, message: err.message };
      }
      return;
    }
    const raw = await readRaw(ctx);
    // ctx.originalUrl is the path and query exactly as sent, which is what the merchant signed.
    const problem = authorizationProblem(ctx.method, ctx.originalUrl, raw, ctx.get('authorization'));
    if (problem) return send(ctx, { status: 401, json: { code: 'SIGN_ERROR', message: problem } });
    try {
      send(ctx, route(ctx.method, ctx.path, ctx.query, raw, baseUrl));
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      send(ctx, { status: err.status, json: { code: err.code, message: err.message } });
    }
  });

  const host = opts.host ?? '127.0.0.1';
  const server = app.listen(opts.port ?? 0, host);
  await once(server, 'listening');
  baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    /** What the merchant holds: its API private key and certificate serial (the public key is the platform's copy). */
    merchant: { serialNo: merchant.serialNo, privateKeyPem: merchant.privateKeyPem, publicKeyPem: merchant.publicKeyPem },
    /** What the merchant downloads from the platform: its public key and serial. */
    platform: { serialNo: platform.serialNo, publicKeyPem: platform.publicKeyPem },
    apiV3Key,

    /** The person pays this order (by prepay_id or out_trade_no); the TRANSACTION.SUCCESS notification is queued. */
    async pay(prepay_id_or_out_trade_no: string, payOpts: { amount_fen_override?: number } = {}) {
      const order = findOrder(prepay_id_or_out_trade_no);
      if (!order) throw new Error(`no such order: ${prepay_id_or_out_trade_no}`);
      try {
        return payOrder(order, payOpts.amount_fen_override);
      } catch (err) {
        if (err instanceof PlatformError) throw new Error(`${err.code}: ${err.message}`);
        throw err;
      }
    },

    /** The order's time_expire passes now: it can no longer be paid and reports CLOSED. */
    expireOrder(out_trade_no: string): void {
      const order = orders.get(out_trade_no);
      if (!order) throw new Error(`no such order: ${out_trade_no}`);
      order.time_expire = new Date(Date.now() - 1);
      stateOf(order);
    },

    /** Sends the last notification of this order (or refund, by out_refund_no) once more, as the platform sometimes does. */
    redeliver(out_trade_no_or_out_refund_no: string): void {
      const sent =
        sentNotifies.get(`trade:${out_trade_no_or_out_refund_no}`) ?? sentNotifies.get(`refund:${out_trade_no_or_out_refund_no}`);
      if (!sent) throw new Error(`nothing was notified for ${out_trade_no_or_out_refund_no}`);
      deliver(sent.url, sent.body, sent.entry);
    },

    /** Every notification so far, one entry per delivery (a redelivery is a new entry with the same notify_id). */
    notifyLog(): NotifyLogEntry[] {
      return log.map((entry) => ({ ...entry }));
    },

    /** Resolves once no notification waits for an attempt or is in flight and no refund is still processing. */
    drain(): Promise<void> {
      if (busy.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    /** Test helper: Wechatpay-* headers the platform would send with this body (optionally at another time). */
    signAsPlatform(body: string, signOpts: { timestamp_s?: number } = {}): Record<string, string> {
      return platformHeaders(body, signOpts.timestamp_s);
    },

    /** Test helper: the trade bill CSV the platform would serve for this Shanghai date (null when there is none). */
    tradeBillCsv,

    /** Test helper: the next bill download arrives with one byte changed. */
    corruptNextBillDownload(): void {
      corruptNextBill = true;
    },

    close(): Promise<void> {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      busy.clear();
      idleWaiters.splice(0).forEach((resolve) => resolve());
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
export type WechatPaySimulator = Awaited<ReturnType<typeof startWechatPaySimulator>>;
