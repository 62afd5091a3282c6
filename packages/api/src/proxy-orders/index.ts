import type { BodyOf, ProxyOrder, ProxyOrderToPay, routes } from '@cc/shared';
import type { Connection } from 'mongoose';
import type { CardActor, UserActor } from '../platform/actor';
import type { Commands } from '../platform/commands';
import type { JobRunner } from '../platform/jobs';
import { conflict, notFound } from '../platform/problem';
import { approveCommand, createEndings } from './decide';
import { createFamilyPay } from './family-pay';
import { proxyOrderModels, type ProxyOrderDoc } from './models';
import { placeProxyCommand } from './place';
import { createRefundOutcome } from './refund-outcome';
import type { ProxyPorts } from './ports';
import { presentProxy } from './present';

/**
 * Proxy orders (亲情代付, issue 15 item 3): a linked family member orders for an elder; the order waits, stock held,
 * for the elder's approval at a kiosk (PIN, paid from the elder's card wallet) or decline; unapproved it expires by
 * a BullMQ job and the stock goes back; or paid at once by the family member through WeChat Pay (我来付,
 * family-pay.ts), refunded on a no. See docs/architecture.md, "Family links and proxy orders".
 */
export function createProxyOrders(deps: {
  conn: Connection;
  jobs: JobRunner;
  commands: Commands;
  ports: ProxyPorts;
  /** How long the elder has to approve (PROXY_ORDER_APPROVE_WITHIN_SECONDS): the stock is held that long. */
  approveWithinMs: number;
}) {
  const models = proxyOrderModels(deps.conn);
  // Bound late: a worker may start before `endings` exists, but runs jobs only after.
  const expiry = deps.jobs.delayed<{ proxy_order_id: string }>('proxy-order-expiry', (d) => endings.expireDue(d.proxy_order_id));
  const familyPay = createFamilyPay({ models, ports: deps.ports });
  const shared = { models, ports: deps.ports, expiry, familyPay };
  const place = deps.commands.define(placeProxyCommand({ ...shared, approveWithinMs: deps.approveWithinMs }));
  const approve = deps.commands.define(approveCommand(shared));
  const endings = createEndings(shared);
  const refunds = createRefundOutcome({ models, ports: deps.ports });

  return {
    models,
    place(
      actor: UserActor,
      link_id: string,
      body: BodyOf<typeof routes.placeProxyOrder>,
      idempotencyKey: string,
    ): Promise<ProxyOrderToPay> {
      const input = { family_user_id: actor.user_id, link_id, body };
      return place.execute({ key: `${actor.user_id}:${idempotencyKey}`, input, request: { link_id, body } });
    },

    async mine(actor: UserActor): Promise<{ items: ProxyOrder[] }> {
      const find = () =>
        models.ProxyOrder.find({ family_user_id: actor.user_id }).sort({ created_at: -1 }).limit(50).lean<ProxyOrderDoc[]>();
      const docs = await find();
      // A payment whose notify is late is looked up (the page is shown right after paying); failures wait for the notify.
      const unpaid = docs.filter((p) => p.status === 'waiting' && p.family_pay && !p.family_pay.transfer_id);
      for (const p of unpaid)
        await deps.ports.wallet.wechat.refresh((p.family_pay as { out_trade_no: string }).out_trade_no).catch(() => null);
      return { items: (unpaid.length ? await find() : docs).map(presentProxy) };
    },

    /** 我来付 again (the sheet was closed): the same WeChat Pay order, so never a second charge. */
    async payForFamily(actor: UserActor, proxy_order_id: string): Promise<ProxyOrderToPay> {
      const p = await models.ProxyOrder.findById(proxy_order_id).lean<ProxyOrderDoc>();
      if (!p || p.family_user_id !== actor.user_id) throw notFound('proxy_order_not_found', '没有这笔代下的订单');
      if (!p.family_pay) throw conflict('proxy_order_not_family_paid', '这笔订单由家人用市民卡付款');
      if (p.status !== 'waiting' && !p.family_pay.transfer_id) throw conflict('proxy_order_decided', '这笔订单已经处理过了');
      return familyPay.toPay(p);
    },

    /** WeChat Pay booked a family member's payment of a proxy order (modules.ts routes `pxo_…` payments here). */
    onWechatPaid: familyPay.onWechatPaid,

    /** The outcome of the WeChat Pay refund of a 我来付 payment (true), or not one of ours (false): refund-outcome.ts. */
    onRefundSettled: refunds.onRefundSettled,

    /** What waits for this card holder's approval (past its deadline it is no longer shown, whatever the job did). */
    async waitingAtKiosk(actor: CardActor): Promise<{ items: ProxyOrder[] }> {
      const docs = await models.ProxyOrder.find({ elder_user_id: actor.user_id, status: 'waiting' })
        .sort({ created_at: 1 })
        .lean<ProxyOrderDoc[]>();
      // 我来付 orders show once the family member paid: before, there is nothing for the elder to accept.
      const shown = docs.filter((p) => p.expires_at.getTime() > Date.now() && (!p.family_pay || p.family_pay.transfer_id));
      return { items: shown.map(presentProxy) };
    },

    approve(actor: CardActor, proxy_order_id: string, pin: string, idempotencyKey: string): Promise<ProxyOrder> {
      const input = {
        proxy_order_id,
        user_id: actor.user_id,
        card_id: actor.card_id,
        kiosk_id: actor.kiosk_id,
        session_id: actor.session_id,
      };
      return approve.execute({ key: `${actor.user_id}:${idempotencyKey}`, input, request: { proxy_order_id }, transient: { pin } });
    },

    decline: endings.decline,
    declineForLink: endings.declineForLink,
    expireDue: endings.expireDue,
  };
}
export type ProxyOrders = ReturnType<typeof createProxyOrders>;
export { proxyBooksFactsOn, type ProxyBooksFacts } from './books-facts';
