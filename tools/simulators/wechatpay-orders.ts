/** The simulated platform's orders, refunds and notifications, on one simulator's state. */
import http from 'node:http';
import https from 'node:https';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  NOTIFY_TIMEOUT_MS,
  PlatformError,
  REFUND_NO,
  RFC3339,
  SCHEME,
  TRADE_NO,
  compactDate,
  currency,
  digits,
  encryptResource,
  notifyUrl,
  obj,
  paramError,
  positiveFen,
  rfc3339,
  shanghai,
  signWith,
  str,
  type Delivery,
  type Json,
  type NotifyLogEntry,
  type Order,
  type Refund,
  type Reply,
  type Sim,
  type TradeState,
} from './wechatpay-wire';

export function later(s: Sim, ms: number, fn: () => void): void {
  const timer = setTimeout(() => {
    s.timers.delete(timer);
    fn();
  }, ms);
  s.timers.add(timer);
}

export function done(s: Sim, item: object): void {
  s.busy.delete(item);
  if (s.busy.size > 0) return;
  const waiters = s.idleWaiters;
  s.idleWaiters = [];
  waiters.forEach((resolve) => resolve());
}

/** Wechatpay-* headers over `TIMESTAMP\nNONCE\nBODY\n`, as the platform signs answers and notifications. */
export function platformHeaders(s: Sim, body: string, timestamp_s = Math.floor(Date.now() / 1000)): Record<string, string> {
  const nonce = randomBytes(16).toString('hex').toUpperCase();
  return {
    'Wechatpay-Timestamp': String(timestamp_s),
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signWith(s.platform.privateKeyPem, `${timestamp_s}\n${nonce}\n${body}\n`),
    'Wechatpay-Serial': s.platform.serialNo,
    'Wechatpay-Signature-Type': SCHEME,
  };
}

// ---- notifications -----------------------------------------------------------------------------------------------

/** One POST of the notification; true on any 2xx. A fresh signature per attempt, the same body (and id). */
export function postNotify(s: Sim, delivery: Delivery): Promise<boolean> {
  const url = new URL(delivery.url);
  const transport = url.protocol === 'https:' ? https : http;
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'Mozilla/4.0',
    Connection: 'close',
    ...platformHeaders(s, delivery.body),
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

export async function attempt(s: Sim, delivery: Delivery): Promise<void> {
  delivery.log.attempts++;
  const ok = await postNotify(s, delivery);
  if (s.closed) return;
  if (ok) {
    delivery.log.delivered = true;
    return done(s, delivery);
  }
  const wait_ms = s.schedule[delivery.log.attempts - 1];
  // Past the end of the schedule the platform gives up; the merchant must query.
  if (wait_ms === undefined) return done(s, delivery);
  later(s, wait_ms, () => void attempt(s, delivery));
}

export function deliver(s: Sim, url: string, body: string, entry: Omit<NotifyLogEntry, 'attempts' | 'delivered'>): void {
  const delivery: Delivery = { url, body, log: { ...entry, attempts: 0, delivered: false } };
  s.log.push(delivery.log);
  s.busy.add(delivery);
  void attempt(s, delivery);
}

/** The notification body of an event; the resource is encrypted with the APIv3 key. */
export function notifyBody(
  s: Sim,
  event_type: string,
  summary: string,
  original_type: string,
  resource: Json,
): { id: string; body: string } {
  const id = randomUUID();
  const body = JSON.stringify({
    id,
    create_time: rfc3339(new Date()),
    resource_type: 'encrypt-resource',
    event_type,
    summary,
    resource: { original_type, ...encryptResource(s.apiV3Key, JSON.stringify(resource), original_type) },
  });
  return { id, body };
}

export function notifyPaid(s: Sim, order: Order): void {
  const { id, body } = notifyBody(s, 'TRANSACTION.SUCCESS', '支付成功', 'transaction', transactionJson(s, order));
  const entry = { notify_id: id, event_type: 'TRANSACTION.SUCCESS', out_trade_no: order.out_trade_no };
  s.sentNotifies.set(`trade:${order.out_trade_no}`, { url: order.notify_url, body, entry });
  deliver(s, order.notify_url, body, entry);
}

export function notifyRefunded(s: Sim, refund: Refund): void {
  const [event_type, summary] = refund.status === 'CLOSED' ? ['REFUND.CLOSED', '退款关闭'] : ['REFUND.SUCCESS', '退款成功'];
  const { id, body } = notifyBody(s, event_type, summary, 'refund', refundNotifyJson(s, refund));
  const entry = { notify_id: id, event_type, out_trade_no: refund.out_trade_no, out_refund_no: refund.out_refund_no };
  s.sentNotifies.set(`refund:${refund.out_refund_no}`, { url: refund.notify_url, body, entry });
  deliver(s, refund.notify_url, body, entry);
}

// ---- orders ------------------------------------------------------------------------------------------------------

/** An unpaid order past its time_expire can no longer be paid. */
export function stateOf(s: Sim, order: Order): TradeState {
  if (order.state === 'NOTPAY' && order.time_expire && order.time_expire.getTime() <= Date.now()) {
    order.state = 'CLOSED';
    order.closed_reason = '订单已超时关闭';
  }
  return order.state;
}

const STATE_DESC: Record<TradeState, string> = { NOTPAY: '订单未支付', SUCCESS: '支付成功', REFUND: '转入退款', CLOSED: '订单已关闭' };

export function transactionJson(s: Sim, order: Order): Json {
  const state = stateOf(s, order);
  const paid = order.paid_fen !== undefined;
  return {
    appid: s.opts.appid,
    mchid: s.opts.mchid,
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

export function createOrder(s: Sim, body: Json): Reply {
  if (body.appid !== s.opts.appid || body.mchid !== s.opts.mchid) {
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
  const existing = s.orders.get(out_trade_no);
  if (existing) {
    const state = stateOf(s, existing);
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
  s.orders.set(out_trade_no, order);
  s.byPrepayId.set(prepay_id, order);
  return { status: 200, json: { prepay_id } };
}

export function orderOf(s: Sim, out_trade_no: string): Order {
  const order = s.orders.get(out_trade_no);
  if (!order) throw new PlatformError(404, 'ORDER_NOT_EXIST', '订单不存在');
  return order;
}

export function queryOrder(s: Sim, out_trade_no: string, mchid: unknown): Reply {
  if (typeof mchid !== 'string' || mchid === '') throw paramError('缺少参数 mchid');
  if (mchid !== s.opts.mchid) throw new PlatformError(400, 'INVALID_REQUEST', 'mchid 与订单不符');
  return { status: 200, json: transactionJson(s, orderOf(s, out_trade_no)) };
}

export function closeOrder(s: Sim, out_trade_no: string, body: Json): Reply {
  if (body.mchid !== s.opts.mchid) throw paramError('mchid 缺失或不符');
  const order = orderOf(s, out_trade_no);
  const state = stateOf(s, order);
  if (state === 'SUCCESS' || state === 'REFUND') throw new PlatformError(403, 'ORDERPAID', '该订单已支付');
  // Closing a closed order is harmless, as on the platform.
  order.state = 'CLOSED';
  order.closed_reason ??= '订单已关闭';
  return { status: 204 };
}

/** The person pays (wx.requestPayment succeeding): the order is paid and the notification goes out. */
export function payOrder(s: Sim, order: Order, amount_fen_override?: number): { out_trade_no: string; transaction_id: string } {
  const state = stateOf(s, order);
  if (state === 'SUCCESS' || state === 'REFUND') throw new PlatformError(403, 'ORDERPAID', '该订单已支付');
  if (state === 'CLOSED') throw new PlatformError(400, 'ORDER_CLOSED', '该订单已关闭');
  if (amount_fen_override !== undefined && (!Number.isSafeInteger(amount_fen_override) || amount_fen_override <= 0)) {
    throw new RangeError('amount_fen_override must be a positive integer number of fen');
  }
  order.state = 'SUCCESS';
  order.transaction_id = `42000${digits(5)}${compactDate(new Date())}${digits(10)}`;
  order.success_at = new Date();
  order.paid_fen = amount_fen_override ?? order.total_fen;
  notifyPaid(s, order);
  return { out_trade_no: order.out_trade_no, transaction_id: order.transaction_id };
}

// ---- refunds -----------------------------------------------------------------------------------------------------

export function refundJson(s: Sim, refund: Refund): Json {
  const order = orderOf(s, refund.out_trade_no);
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

export function refundNotifyJson(s: Sim, refund: Refund): Json {
  const order = orderOf(s, refund.out_trade_no);
  return {
    mchid: s.opts.mchid,
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

/** Refunds of one order that hold money: PROCESSING and SUCCESS (a CLOSED one gave its amount back). */
export const refundedFen = (s: Sim, out_trade_no: string) =>
  [...s.refunds.values()].filter((r) => r.out_trade_no === out_trade_no && r.status !== 'CLOSED').reduce((sum, r) => sum + r.refund_fen, 0);

/** The bank side takes a while: PROCESSING first, then SUCCESS and (when a notify_url was given) the notification. */
export function settleLater(s: Sim, refund: Refund): void {
  if (s.heldRefundsOf.has(refund.out_trade_no)) return; // settled when released
  s.busy.add(refund);
  later(s, s.opts.refundDelayMs ?? 1000, () => {
    const closing = s.closingRefundsOf.has(refund.out_trade_no);
    refund.status = closing ? 'CLOSED' : 'SUCCESS';
    if (!closing) refund.success_at = new Date();
    if (refund.notify_url) notifyRefunded(s, refund);
    done(s, refund);
  });
}

export function createRefund(s: Sim, body: Json): Reply {
  const out_trade_no = str(body, 'out_trade_no', { max_bytes: 32, pattern: TRADE_NO });
  const out_refund_no = str(body, 'out_refund_no', { max_bytes: 64, pattern: REFUND_NO });
  const reason = str(body, 'reason', { max_bytes: 80, optional: true });
  const notify_url = body.notify_url === undefined ? '' : notifyUrl(body);
  const amount = obj(body, 'amount');
  const refund_fen = positiveFen(amount, 'amount.refund');
  const total_fen = positiveFen(amount, 'amount.total');
  currency(amount, 'amount.currency');

  const fingerprint = JSON.stringify([out_trade_no, refund_fen, total_fen]);
  const existing = s.refunds.get(out_refund_no);
  if (existing) {
    // Retrying a refund is safe: the same out_refund_no and amounts give the same refund.
    if (existing.fingerprint !== fingerprint) throw new PlatformError(400, 'INVALID_REQUEST', '退款单号重复，且请求参数与原退款不一致');
    return { status: 200, json: refundJson(s, existing) };
  }
  const order = s.orders.get(out_trade_no);
  if (!order) throw new PlatformError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
  const state = stateOf(s, order);
  if (state !== 'SUCCESS' && state !== 'REFUND') throw new PlatformError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
  const paid_fen = order.paid_fen as number;
  if (total_fen !== paid_fen) throw new PlatformError(400, 'INVALID_REQUEST', '订单金额与原订单不一致');
  if (refund_fen > paid_fen - refundedFen(s, out_trade_no)) throw new PlatformError(400, 'INVALID_REQUEST', '退款金额超过订单可退金额');

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
  s.refunds.set(out_refund_no, refund);
  order.state = 'REFUND';
  settleLater(s, refund);
  return { status: 200, json: refundJson(s, refund) };
}

export function queryRefund(s: Sim, out_refund_no: string): Reply {
  const refund = s.refunds.get(out_refund_no);
  if (!refund) throw new PlatformError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
  return { status: 200, json: refundJson(s, refund) };
}
