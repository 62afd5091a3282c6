import { formatFen } from '@cc/shared';
import type { RefundSettledListener } from '../wallet/wechat-refunds';
import type { ProxyOrderDoc, ProxyOrderModels } from './models';
import type { ProxyPorts } from './ports';

export type SettledRefund = Parameters<RefundSettledListener>[0];

/**
 * 我来付 given back: the outcome of the WeChat Pay refund that a no, the deadline or an ended link started
 * (family-pay.ts `giveBack` → the checkout's surplus refund, keyed `checkout:<chk>:surplus:<transfer>`). The wallet
 * tells it once the platform has spoken (REFUND.SUCCESS notify or a query; told again until heard, so everything
 * here is idempotent): succeeded → the proxy order records when the money was back and the family member gets one
 * inbox item (`order_refunded`, one event id per proxy order); failed (refused or CLOSED: the wallet has put the
 * money back into clearing) → the proxy order records the platform's code, the family member's list says so, and the
 * books check keeps naming the surplus until the station sends it again.
 */
export function createRefundOutcome(deps: { models: ProxyOrderModels; ports: Pick<ProxyPorts, 'publish'> }) {
  const { ProxyOrder } = deps.models;

  /** The proxy order whose family payment this refund gives back, or null (any other refund: the orders module's). */
  async function refundedProxy(r: SettledRefund): Promise<ProxyOrderDoc | null> {
    if (!r.reference_id) return null;
    const p = await ProxyOrder.findOne({ checkout_id: r.reference_id }).lean<ProxyOrderDoc>();
    const transfer_id = p?.family_pay?.transfer_id;
    return p && transfer_id && r.request_key.endsWith(`:surplus:${transfer_id}`) ? p : null;
  }

  async function tellRefunded(p: ProxyOrderDoc, amount_fen: number): Promise<void> {
    await deps.ports.publish({
      event_id: `proxy_order_refunded:${p._id}`,
      user_id: p.family_user_id,
      kind: 'order_refunded',
      title: '代付款已退回',
      body: `您为${p.elder_name}代付的订单 ${p.order_numbers.join('、')}，${formatFen(amount_fen)} 已原路退回微信支付。`,
      link: '/family/orders/index',
      amount_fen,
    });
  }

  return {
    /** The wallet's word on a refund; answers whether it was a 我来付 refund (then it is taken here). */
    async onRefundSettled(r: SettledRefund): Promise<boolean> {
      const p = await refundedProxy(r);
      if (!p) return false;
      const notYet = { _id: p._id, 'family_pay.refunded_at': null };
      if (r.status === 'failed') {
        const failure = { 'family_pay.refund_id': r.refund_id, 'family_pay.refund_failure': r.failure_code ?? 'refund_failed' };
        await ProxyOrder.updateOne(notYet, { $set: failure });
        return true;
      }
      const back = { 'family_pay.refund_id': r.refund_id, 'family_pay.refunded_at': new Date(), 'family_pay.refund_failure': null };
      await ProxyOrder.updateOne(notYet, { $set: { 'family_pay.refunding': true, ...back } });
      // Told on every hearing (the inbox shows one per event id): a crash between the two steps still tells once.
      await tellRefunded(p, r.amount_fen);
      return true;
    },
  };
}
