/** The simulated platform's daily trade bill (CSV, as the platform formats it) and its download. */
import { createHash, randomBytes } from 'node:crypto';
import { fenToYuanString, shanghaiDate } from '@cc/shared';
import {
  BILL_TOKEN_TTL_MS,
  PlatformError,
  billTime,
  feeFen,
  feeYuan,
  paramError,
  type Order,
  type Refund,
  type Reply,
  type Sim,
} from './wechatpay-wire';
import { orderOf } from './wechatpay-orders';

const BILL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
const line = (fields: (string | number)[]) => fields.map((f) => `\`${f}`).join(',');

/** A payment's row: the fields of the bill's columns, and the platform's fee on it. */
function paymentRow(s: Sim, order: Order, amount: number, fee: number): (string | number)[] {
  const yuan = fenToYuanString(amount);
  return [
    billTime(order.success_at as Date),
    s.opts.appid,
    s.opts.mchid,
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
  ];
}

/** A refund's row (a negative fee: the platform gives its fee back). */
function refundRow(s: Sim, refund: Refund, order: Order, fee: number): (string | number)[] {
  const yuan = fenToYuanString(order.paid_fen as number);
  const refundYuan = fenToYuanString(refund.refund_fen);
  return [
    billTime(refund.created_at),
    s.opts.appid,
    s.opts.mchid,
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
  ];
}

/** The ALL trade bill of one Shanghai day: payments by success time, refunds by acceptance time. */
export function tradeBillCsv(s: Sim, bill_date: string): string | null {
  type Row = { at: Date; fields: (string | number)[] };
  const rows: Row[] = [];
  let paid_fen = 0;
  let refunded_fen = 0;
  let fees_fen = 0;
  for (const order of s.orders.values()) {
    if (!order.success_at || shanghaiDate(order.success_at) !== bill_date) continue;
    const amount = order.paid_fen as number;
    const fee = feeFen(amount);
    paid_fen += amount;
    fees_fen += fee;
    rows.push({ at: order.success_at, fields: paymentRow(s, order, amount, fee) });
  }
  for (const refund of s.refunds.values()) {
    if (shanghaiDate(refund.created_at) !== bill_date) continue;
    const order = orderOf(s, refund.out_trade_no);
    const fee = -feeFen(refund.refund_fen);
    refunded_fen += refund.refund_fen;
    fees_fen += fee;
    rows.push({ at: refund.created_at, fields: refundRow(s, refund, order, fee) });
  }
  if (rows.length === 0) return null;
  rows.sort((a, b) => a.at.getTime() - b.at.getTime());
  const summary = [rows.length, fenToYuanString(paid_fen), fenToYuanString(refunded_fen), '0.00', feeYuan(fees_fen)];
  summary.push(fenToYuanString(paid_fen), fenToYuanString(refunded_fen));
  return [BILL_HEADER, ...rows.map((r) => line(r.fields)), SUMMARY_HEADER, line(summary)].join('\r\n') + '\r\n';
}

export function tradeBill(s: Sim, query: Record<string, unknown>, baseUrl: string): Reply {
  const bill_date = query.bill_date;
  if (typeof bill_date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(bill_date) || Number.isNaN(Date.parse(bill_date))) {
    throw paramError('bill_date 格式须为 YYYY-MM-DD');
  }
  if (query.bill_type !== undefined && query.bill_type !== 'ALL') throw paramError('模拟器只提供 bill_type=ALL');
  if (bill_date > shanghaiDate(new Date())) throw paramError('bill_date 不能晚于今天');
  const csv = tradeBillCsv(s, bill_date);
  if (csv === null) throw new PlatformError(400, 'NO_STATEMENT_EXIST', '账单文件不存在');
  const file = Buffer.from(csv, 'utf8');
  const token = randomBytes(24).toString('base64url');
  s.billFiles.set(token, { file, expires_at: Date.now() + BILL_TOKEN_TTL_MS });
  return {
    status: 200,
    json: {
      hash_type: 'SHA1',
      hash_value: createHash('sha1').update(file).digest('hex'),
      download_url: `${baseUrl}/v3/billdownload/file?token=${token}`,
    },
  };
}

export function downloadBill(s: Sim, token: unknown): Reply {
  const entry = typeof token === 'string' ? s.billFiles.get(token) : undefined;
  if (!entry || entry.expires_at < Date.now()) throw new PlatformError(400, 'INVALID_REQUEST', '下载链接已过期');
  let file = entry.file;
  if (s.corruptNextBill) {
    // Test hook: one byte changed in transit, so the SHA-1 no longer matches.
    s.corruptNextBill = false;
    file = Buffer.from(file);
    file[file.length - 3] = (file[file.length - 3] as number) ^ 1;
  }
  return { status: 200, file };
}
