import type { BodyOf, ProxyOrder, routes } from '@cc/shared';
import type { Connection } from 'mongoose';
import type { CardActor, UserActor } from '../platform/actor';
import type { Commands } from '../platform/commands';
import type { JobRunner } from '../platform/jobs';
import { approveCommand, createEndings } from './decide';
import { proxyOrderModels, type ProxyOrderDoc } from './models';
import { placeProxyCommand } from './place';
import type { ProxyPorts } from './ports';
import { presentProxy } from './present';

/**
 * Proxy orders (亲情代付, issue 15 item 3): a linked family member orders for an elder; the order waits, stock held,
 * for the elder's approval at a kiosk (PIN, paid from the elder's card wallet) or decline; unapproved it expires by
 * a BullMQ job and the stock goes back. See docs/architecture.md, "Family links and proxy orders".
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
  const place = deps.commands.define(placeProxyCommand({ models, ports: deps.ports, expiry, approveWithinMs: deps.approveWithinMs }));
  const approve = deps.commands.define(approveCommand({ models, ports: deps.ports, expiry }));
  const endings = createEndings({ models, ports: deps.ports, expiry });

  return {
    models,
    place(actor: UserActor, link_id: string, body: BodyOf<typeof routes.placeProxyOrder>, idempotencyKey: string): Promise<ProxyOrder> {
      const input = { family_user_id: actor.user_id, link_id, body };
      return place.execute({ key: `${actor.user_id}:${idempotencyKey}`, input, request: { link_id, body } });
    },

    async mine(actor: UserActor): Promise<{ items: ProxyOrder[] }> {
      const docs = await models.ProxyOrder.find({ family_user_id: actor.user_id })
        .sort({ created_at: -1 })
        .limit(50)
        .lean<ProxyOrderDoc[]>();
      return { items: docs.map(presentProxy) };
    },

    /** What waits for this card holder's approval (past its deadline it is no longer shown, whatever the job did). */
    async waitingAtKiosk(actor: CardActor): Promise<{ items: ProxyOrder[] }> {
      const docs = await models.ProxyOrder.find({ elder_user_id: actor.user_id, status: 'waiting' })
        .sort({ created_at: 1 })
        .lean<ProxyOrderDoc[]>();
      return { items: docs.filter((p) => p.expires_at.getTime() > Date.now()).map(presentProxy) };
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
    expireDue: endings.expireDue,
  };
}
export type ProxyOrders = ReturnType<typeof createProxyOrders>;
