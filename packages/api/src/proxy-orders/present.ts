import { formatFen, type CheckoutResult, type FamilyPaymentState, type ProxyOrder } from '@cc/shared';
import type { ProxyOrderDoc } from './models';

const ENDED = new Set(['declined', 'expired']);

/** The family member's own payment in words: null when the elder's card pays. */
export function familyPaymentOf(p: ProxyOrderDoc): FamilyPaymentState | null {
  const pay = p.family_pay;
  if (!pay) return null;
  if (pay.refunded_at) return 'refunded';
  if (pay.refund_failure) return 'refund_failed';
  if (pay.refunding) return 'refunding';
  if (pay.transfer_id) return 'paid';
  return ENDED.has(p.status) ? 'not_paid' : 'unpaid';
}

export function presentProxy(p: ProxyOrderDoc): ProxyOrder {
  return {
    id: p._id,
    link_id: p.link_id,
    status: p.status,
    family_name: p.family_name,
    relation: p.relation,
    elder_name: p.elder_name,
    total_fen: p.total_fen,
    items: p.items.map((i) => ({ name: i.name, quantity: i.quantity, unit: i.unit, subtotal_fen: i.subtotal_fen })),
    order_numbers: p.order_numbers,
    delivery_words: p.delivery_words,
    payment: p.payment ?? 'elder_card',
    family_payment: familyPaymentOf(p),
    refunded_at: p.family_pay?.refunded_at?.toISOString() ?? null,
    link_revoked: p.link_revoked ?? false,
    expires_at: p.expires_at.toISOString(),
    decided_at: p.decided_at?.toISOString() ?? null,
    created_at: p.created_at.toISOString(),
  };
}

const shanghai = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/** Where the goods go, in the words read aloud to the elder. */
export function deliveryWords(result: CheckoutResult): string {
  const d = result.orders[0]?.delivery;
  if (!d) return '';
  if (d.kind === 'pickup') return `到${d.station_name}自提（${d.date} ${d.open}–${d.close}）`;
  return `送到家：${d.address}（${shanghai(d.starts_at)} 起）`;
}

/** What the elder is shown: every line of every order of the checkout. */
export function itemsOf(result: CheckoutResult): ProxyOrderDoc['items'] {
  return result.orders.flatMap((o) =>
    o.lines.map((l) => ({ name: l.name, quantity: l.quantity, unit: l.unit, subtotal_fen: l.subtotal_fen })),
  );
}

/** The sentence a proxy order's outcome is told in. */
export function outcomeWords(p: ProxyOrderDoc): { title: string; body: string } {
  const total = formatFen(p.total_fen);
  const familyPaid = Boolean(p.family_pay?.transfer_id);
  if (p.status === 'approved')
    return familyPaid
      ? { title: '家人已同意收货', body: `${p.elder_name}同意了您代下并付款的订单（${total}）。` }
      : { title: '家人已同意并付款', body: `${p.elder_name}同意了您代下的订单（${total}），已从市民卡付款。` };
  const back = familyPaid ? '您付的款将原路退回微信。' : '';
  if (p.link_revoked) return { title: '关联已解除', body: `与${p.elder_name}的关联已解除，代下的订单（${total}）已取消。${back}` };
  if (p.status === 'declined')
    return { title: '家人没有同意', body: `${p.elder_name}没有同意您代下的订单（${total}），订单已取消。${back}` };
  return { title: '代下单已超时', body: `${p.elder_name}没有在期限内确认您代下的订单（${total}），订单已取消。${back}` };
}
