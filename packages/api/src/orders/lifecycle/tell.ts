import { formatFen, type InboxKind, type OrderAction } from '@cc/shared';
import type { OrderDoc } from '../models';
import type { Ctx } from './transition';

type Notice = { kind: InboxKind; title: string; body: (o: OrderDoc) => string; amount?: boolean };

const delivered: Notice = {
  kind: 'order_delivered',
  title: '订单已送达',
  body: (o) => `订单 ${o.number}（${o.merchant_name}）已送达，请查收`,
};

/** The order steps a buyer is told about in the inbox (issue 15 item 6), in their words. */
const NOTICES: Partial<Record<OrderAction, Notice>> = {
  pay: {
    kind: 'order_paid',
    title: '订单已付款',
    body: (o) => `订单 ${o.number}（${o.merchant_name}）已付款 ${formatFen(o.total_fen)}，商家正在备货`,
    amount: true,
  },
  dispatch: { kind: 'order_shipped', title: '订单已发出', body: (o) => `订单 ${o.number}（${o.merchant_name}）已开始配送` },
  deliver: delivered,
  pick_up: { ...delivered, title: '订单已取货', body: (o) => `订单 ${o.number}（${o.merchant_name}）已在服务站取货` },
  refund_completed: {
    kind: 'order_refunded',
    title: '退款已到账',
    body: (o) => `订单 ${o.number} 的退款 ${formatFen(o.total_fen)} 已退回${o.payment?.method === 'wechatpay' ? '微信支付' : '市民卡'}`,
    amount: true,
  },
};

/**
 * Tells the buyer about a step of their order. The event id is the step and the order (each step happens once per
 * order), so a retried step tells nothing new. The inbox never throws into the order.
 */
export async function tellBuyer(L: Ctx, o: OrderDoc, action: OrderAction): Promise<void> {
  const notice = NOTICES[action];
  if (!notice) return;
  await L.ports.publishInbox({
    event_id: `${notice.kind}:${o._id}`,
    user_id: o.buyer_id,
    kind: notice.kind,
    title: notice.title,
    body: notice.body(o),
    link: `/shop/order/index?id=${o._id}`,
    ...(notice.amount ? { amount_fen: o.total_fen } : {}),
  });
}
