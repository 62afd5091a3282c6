/** WeChat Pay v3 on the wire: signatures, the encrypted notify resource, reply schemas, the trade bill (see wechatpay.ts). */
import { constants, createDecipheriv, randomBytes, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { yuanStringToFen } from '@cc/shared';
import { AppError } from '../platform/problem';
import type { PaidTransaction, RefundResult, TradeBillRow } from './wechatpay';

export const TRADE_STATES = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const;
export const REFUND_STATUSES = ['SUCCESS', 'PROCESSING', 'ABNORMAL', 'CLOSED'] as const;
export type TradeState = (typeof TRADE_STATES)[number];
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** The platform and we both refuse a signature whose timestamp is further off than this. */
export const WECHATPAY_MAX_SKEW_S = 300;
export const SIGNATURE_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
/** The platform's rule for out_trade_no and out_refund_no; checked here too because they go into URL paths. */
export const TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
export const REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
export const SUMMARY_HEADER_START = '总交易单数';

// ---- errors --------------------------------------------------------------------------------------------------------

export const unavailable = () => new AppError(503, 'wechatpay_unavailable', '微信支付暂时不可用，请稍后再试');
export const responseUnverified = () => new AppError(502, 'wechatpay_response_unverified', '微信支付的应答签名无效，已拒绝');
export const badResponse = () => new AppError(502, 'wechatpay_bad_response', '微信支付的应答格式有误');
export const billCorrupt = () => new AppError(502, 'wechatpay_bill_corrupt', '微信支付对账单校验失败');

export const notifyErrors = {
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
export function platformError(status: number, code: string | undefined): AppError {
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

export type Headers = Record<string, string | string[] | undefined>;

/** Case-insensitive header lookup: Node lowercases incoming headers, hand-built records may not. */
export function headerOf(headers: Headers, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

export function rsaSign(message: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(message, 'utf8'), { key: privateKey, padding: constants.RSA_PKCS1_PADDING }).toString('base64');
}

export function rsaVerify(message: Buffer, signature_b64: string, publicKey: KeyObject): boolean {
  try {
    return verify('sha256', message, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(signature_b64, 'base64'));
  } catch {
    return false;
  }
}

export const nonceStr = () => randomBytes(16).toString('hex').toUpperCase();
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export type PlatformCheck = 'ok' | 'unsigned' | 'serial' | 'skew' | 'signature';

/** Checks the platform's Wechatpay-* signature over the exact body bytes. Shared by responses and notifications. */
export function checkPlatformSignature(headers: Headers, body: Buffer, serialNo: string, publicKey: KeyObject): PlatformCheck {
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
export function decryptResource(apiV3Key: Buffer, resource: EncryptedResource): string {
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

export const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const rfc3339 = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));

export const PrepayReply = z.object({ prepay_id: z.string().min(1).max(64) });
export const OrderReply = z.object({
  trade_state: z.enum(TRADE_STATES),
  transaction_id: z.string().min(1).optional(),
  amount: z.object({ total: fen.optional() }).optional(),
  success_time: rfc3339.optional(),
});
export const RefundReply = z.object({
  refund_id: z.string().min(1),
  status: z.enum(REFUND_STATUSES),
  amount: z.object({ refund: fen }),
});
export const BillReply = z.object({
  hash_type: z.literal('SHA1'),
  hash_value: z.string().regex(/^[0-9a-fA-F]{40}$/),
  download_url: z.url(),
});

export const EncryptedResourceSchema = z.object({
  algorithm: z.literal('AEAD_AES_256_GCM'),
  ciphertext: z.string().min(1),
  nonce: z.string().min(1),
  associated_data: z.string().optional(),
  original_type: z.string().optional(),
});
export type EncryptedResource = z.infer<typeof EncryptedResourceSchema>;
export const NotifyBody = z.object({
  id: z.string().min(1),
  event_type: z.string().min(1),
  resource_type: z.literal('encrypt-resource'),
  resource: EncryptedResourceSchema,
});

export const TransactionResource = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().min(1),
  trade_state: z.enum(TRADE_STATES),
  success_time: rfc3339,
  payer: z.object({ openid: z.string().min(1) }),
  amount: z.object({ total: fen }),
});
export const RefundResource = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  out_refund_no: z.string(),
  refund_id: z.string().min(1),
  refund_status: z.enum(REFUND_STATUSES),
  success_time: rfc3339.optional(),
  amount: z.object({ refund: fen }),
});

/** The platform's time format: RFC 3339 in Shanghai time, "2026-05-01T10:34:56+08:00". */
export function toShanghaiRfc3339(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19)}+08:00`;
}

/** Money is integer fen; a fraction, a float or a non-positive amount is a bug in the caller, not a platform error. */
export function checkAmount(name: string, amount_fen: number): void {
  if (!Number.isSafeInteger(amount_fen) || amount_fen <= 0) throw new RangeError(`${name} must be a positive integer number of fen`);
}

export function checkNo(name: string, value: string, pattern: RegExp): void {
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
