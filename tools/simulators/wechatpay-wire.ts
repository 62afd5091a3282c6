/** The WeChat Pay simulator's shared pieces: records, errors, crypto and body checks (see wechatpay.ts). */
import { createCipheriv, generateKeyPair, randomBytes, randomInt, sign, verify, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { fenToYuanString } from '@cc/shared';

/** The platform's notification retry schedule after a failed delivery (15s, 15s, 30s, 3m, 10m, … 6h: 24h4m in all). */
export const WECHATPAY_RETRY_SCHEDULE_MS: readonly number[] = [
  15_000, 15_000, 30_000, 180_000, 600_000, 1_200_000, 1_800_000, 1_800_000, 1_800_000, 3_600_000, 10_800_000, 10_800_000, 10_800_000,
  21_600_000, 21_600_000,
];

export const MAX_SKEW_S = 300;
export const SCHEME = 'WECHATPAY2-SHA256-RSA2048';
export const NOTIFY_TIMEOUT_MS = 5000;
export const BILL_TOKEN_TTL_MS = 30_000;
/** The simulated fee: 0.6 %, rounded half up to the fen per transaction. */
export const FEE_PER_MILLE = 6;
export const TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
export const REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED';
export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED';

export interface Order {
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

export interface Refund {
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

export interface Delivery {
  log: NotifyLogEntry;
  url: string;
  body: string;
}

/** A refusal in the platform's shape: HTTP status and { code, message }. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Reply = { status: number; json?: unknown; file?: Buffer };

export const paramError = (message: string) => new PlatformError(400, 'PARAM_ERROR', message);

// ---- time and money formats ----------------------------------------------------------------------------------------

export const shanghai = (date: Date) => new Date(date.getTime() + 8 * 3600 * 1000).toISOString();
/** "2026-05-01T10:34:56+08:00", the platform's time format. */
export const rfc3339 = (date: Date) => `${shanghai(date).slice(0, 19)}+08:00`;
/** "2026-05-01 10:34:56", the bill's time format. */
export const billTime = (date: Date) => shanghai(date).slice(0, 19).replace('T', ' ');
/** Fees are written with five decimals, like "0.07000". */
export const feeYuan = (fee_fen: number) => `${fenToYuanString(fee_fen)}000`;
export const feeFen = (amount_fen: number) => Math.floor((amount_fen * FEE_PER_MILLE + 500) / 1000);
export const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
export const compactDate = (date: Date) => shanghai(date).slice(0, 10).replaceAll('-', '');

// ---- keys and signatures -------------------------------------------------------------------------------------------

export const generateRsa = promisify(generateKeyPair);

export async function newKeyPair(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** A certificate serial number as the platform shows it: 40 upper-case hex digits. */
export const newSerial = () => randomBytes(20).toString('hex').toUpperCase();

export function signWith(privateKeyPem: string, message: string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKeyPem).toString('base64');
}

export function verifyWith(publicKey: KeyObject, message: Buffer, signature_b64: string): boolean {
  try {
    return verify('sha256', message, publicKey, Buffer.from(signature_b64, 'base64'));
  } catch {
    return false;
  }
}

/** WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…" → its fields. */
export function parseAuthorization(header: string): Record<string, string> | null {
  if (!header.startsWith(`${SCHEME} `)) return null;
  const fields: Record<string, string> = {};
  for (const m of header.slice(SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1] as string] = m[2] as string;
  return fields;
}

/** AEAD_AES_256_GCM as the platform uses it: base64(ciphertext || 16-byte tag). */
export function encryptResource(apiV3Key: string, plaintext: string, associated_data: string) {
  const nonce = randomBytes(9).toString('base64url'); // 12 characters
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associated_data, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data, nonce };
}

// ---- request bodies ------------------------------------------------------------------------------------------------

export type Json = Record<string, unknown>;

export function parseBody(raw: string): Json {
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
export const keyOf = (path: string) => path.split('.').pop() as string;

export function str(parent: Json, path: string, opts: { max_bytes: number; pattern?: RegExp; optional?: boolean }): string {
  const value = parent[keyOf(path)];
  if (value === undefined && opts.optional) return '';
  if (typeof value !== 'string' || value === '') throw paramError(`缺少参数或类型错误: ${path}`);
  if (Buffer.byteLength(value, 'utf8') > opts.max_bytes) throw paramError(`${path} 超过 ${opts.max_bytes} 字节`);
  if (opts.pattern && !opts.pattern.test(value)) throw paramError(`${path} 格式错误`);
  return value;
}

export function obj(parent: Json, field: string): Json {
  const value = parent[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw paramError(`缺少参数或类型错误: ${field}`);
  return value as Json;
}

export function positiveFen(parent: Json, path: string): number {
  const value = parent[keyOf(path)];
  if (!Number.isSafeInteger(value) || (value as number) <= 0) throw paramError(`${path} 须为正整数（单位：分）`);
  return value as number;
}

export function currency(amount: Json, field: string): void {
  if (amount.currency !== undefined && amount.currency !== 'CNY') throw paramError(`${field} 仅支持 CNY`);
}

/** The platform wants a notify URL it can call directly: absolute, no query string. */
export function notifyUrl(body: Json): string {
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

/** Everything one simulator holds: its options, keys, orders, refunds, bills and notifications in flight. */
export interface Sim {
  opts: SimOptions;
  schedule: readonly number[];
  merchant: { serialNo: string; privateKeyPem: string; publicKeyPem: string };
  merchantPublicKey: KeyObject;
  platform: { serialNo: string; privateKeyPem: string; publicKeyPem: string };
  apiV3Key: string;
  orders: Map<string, Order>;
  byPrepayId: Map<string, Order>;
  refunds: Map<string, Refund>;
  billFiles: Map<string, { file: Buffer; expires_at: number }>;
  log: NotifyLogEntry[];
  /** Notifications waiting for their next attempt or in flight, and refunds not yet settled: what drain() waits for. */
  busy: Set<object>;
  timers: Set<NodeJS.Timeout>;
  idleWaiters: (() => void)[];
  corruptNextBill: boolean;
  /** Orders whose refunds the bank side closes (REFUND.CLOSED) instead of paying out: tests of compensation. */
  closingRefundsOf: Set<string>;
  /** Orders whose refunds stay PROCESSING until released: tests of what happens before the bank side pays out. */
  heldRefundsOf: Set<string>;
  closed: boolean;
  /** Remembered per order and refund, so redeliver() can send the very same notification again. */
  sentNotifies: Map<string, { url: string; body: string; entry: Omit<NotifyLogEntry, 'attempts' | 'delivered'> }>;
  baseUrl: string;
}

export type SimOptions = {
  appid: string;
  mchid: string;
  port?: number;
  host?: string;
  retryScheduleMs?: readonly number[];
  /** How long a refund stays PROCESSING before it succeeds (default 1 s). */
  refundDelayMs?: number;
};
