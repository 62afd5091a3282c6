import { formatFen, type ProxyOrderToPay } from '@cc/shared';
import { conflict } from '../platform/problem';
import type { ProxyOrderDoc, ProxyOrderModels } from './models';
import type { ProxyPorts } from './ports';
import { presentProxy } from './present';

/**
 * 我来付 (the family member pays a proxy order at once through WeChat Pay). Order of events:
 *   1. placing: the checkout is held for the elder as always, and a WeChat Pay order `<pxo>-1` for its total is placed
 *      by the wallet's collect service with the family member as payer and the checkout as reference;
 *   2. paid (notify, or a query): the wallet books it into clearing once and tells us (never the orders module:
 *      modules.ts routes `pxo_…` payments here); the transfer is kept on the proxy order and the elder is told;
 *   3. the elder accepts at the kiosk (no PIN: none of the elder's money moves): the transfer is handed to the
 *      checkout's payment book, which marks the orders paid — the same path as any WeChat Pay payment of a checkout;
 *   4. a no, the approval deadline or an ended link: the checkout's orders are cancelled (stock back) first, then the
 *      transfer is handed to the payment book, which finds nothing left to pay and refunds it to WeChat Pay as surplus
 *      — keyed by the transfer, so once however often it is told.
 * The orders stay unpaid until the elder says yes, so the seller never prepares goods that may be refused.
 */
export function createFamilyPay(deps: { models: ProxyOrderModels; ports: ProxyPorts }) {
  const { ProxyOrder } = deps.models;
  const reload = async (id: string) => (await ProxyOrder.findById(id).lean<ProxyOrderDoc>()) as ProxyOrderDoc;

  const handOver = (p: ProxyOrderDoc, transfer_id: string) =>
    deps.ports.checkout.onWechatPaid({
      reference_id: p.checkout_id,
      transfer_id,
      amount_fen: p.total_fen,
      out_trade_no: (p.family_pay as NonNullable<ProxyOrderDoc['family_pay']>).out_trade_no,
    });

  /** The WeChat Pay order of a family-paid proxy order still to be paid (the same one again: never a second charge). */
  async function toPay(p: ProxyOrderDoc): Promise<ProxyOrderToPay> {
    const pay = p.family_pay;
    if (!pay || pay.transfer_id || p.status !== 'waiting') return { ...presentProxy(p), wechat_pay: null };
    const placed = await deps.ports.wallet.wechat.prepay({
      out_trade_no: pay.out_trade_no,
      user_id: p.family_user_id,
      amount_fen: p.total_fen,
      description: `为${p.elder_name}代下单`,
      payee_account_id: await deps.ports.wallet.clearingAccountId(),
      reference_id: p.checkout_id,
    });
    return { ...presentProxy(p), wechat_pay: { out_trade_no: placed.out_trade_no, pay_params: placed.pay_params } };
  }

  /**
   * Money back after the orders were cancelled: the booked transfer to the payment book (surplus → WeChat refund,
   * once). An unpaid WeChat order is closed first — or found paid, and then booked and handed back here.
   */
  async function giveBack(ended: ProxyOrderDoc): Promise<void> {
    if (!ended.family_pay) return;
    let p = ended;
    if (!p.family_pay?.transfer_id) {
      if ((await deps.ports.wallet.wechat.settleOrClose(ended.family_pay.out_trade_no)) === 'closed') return;
      p = await reload(ended._id);
    }
    const transfer_id = p.family_pay?.transfer_id;
    if (!transfer_id) throw new Error('family payment paid but not yet recorded; retried by the expiry job');
    // Only onto cancelled orders: a payment book that still saw an unpaid order would pay it instead of refunding.
    const checkout = await deps.ports.checkout.view(p.checkout_id);
    if (checkout.orders.some((o) => o.status === 'pending_payment'))
      throw new Error('orders of a declined proxy order not yet cancelled; retried by the expiry job');
    await handOver(p, transfer_id);
    await ProxyOrder.updateOne({ _id: p._id }, { $set: { 'family_pay.refunding': true } });
  }

  return {
    toPay,
    giveBack,
    handOver,

    /** WeChat Pay booked a family member's payment (notifies repeat: idempotent). */
    async onWechatPaid(paid: { out_trade_no: string; transfer_id: string }): Promise<void> {
      const first = await ProxyOrder.findOneAndUpdate(
        { 'family_pay.out_trade_no': paid.out_trade_no, 'family_pay.transfer_id': null },
        { $set: { 'family_pay.transfer_id': paid.transfer_id } },
        { new: true },
      ).lean<ProxyOrderDoc>();
      const p = first ?? (await ProxyOrder.findOne({ 'family_pay.out_trade_no': paid.out_trade_no }).lean<ProxyOrderDoc>());
      if (!p) return;
      if (p.status === 'waiting') return tellElder(deps.ports, p);
      // Paid after a no, the deadline or an ended link: it goes straight back.
      if (p.status === 'declined' || p.status === 'expired') {
        await deps.ports.checkout.expire(p.checkout_id, '家人没有确认，订单已取消');
        await giveBack(p);
      }
    },

    /** Approval needs the money in: a late notify is looked up first; still unpaid → 409. */
    async requirePaid(p: ProxyOrderDoc): Promise<ProxyOrderDoc> {
      if (!p.family_pay || p.family_pay.transfer_id) return p;
      await deps.ports.wallet.wechat.refresh(p.family_pay.out_trade_no);
      const now = await reload(p._id);
      if (!now.family_pay?.transfer_id) throw conflict('proxy_order_unpaid', '家人还没有付款，暂时不能确认');
      return now;
    },
  };
}
export type FamilyPay = ReturnType<typeof createFamilyPay>;

/** The elder is told once (per proxy order) that an order waits: at placing (card) or when the family member paid. */
export async function tellElder(ports: ProxyPorts, p: ProxyOrderDoc): Promise<void> {
  const paid = p.payment === 'family_wechat' ? '，已由家人付款' : '';
  await ports.publish({
    event_id: `proxy_order_waiting:${p._id}`,
    user_id: p.elder_user_id,
    kind: 'proxy_order_waiting',
    title: '家人为您下单，等您确认',
    body: `${p.relation}${p.family_name}为您下了一单，共 ${formatFen(p.total_fen)}${paid}，请到社区终端刷卡确认。`,
    amount_fen: p.total_fen,
  });
}
