import { formatFen, type BodyOf, type CheckoutResult, type ProxyOrder, type routes } from '@cc/shared';
import type { CommandSpec } from '../platform/commands';
import { newId } from '../platform/ids';
import type { DelayedJobs } from '../platform/jobs';
import type { ProxyOrderDoc, ProxyOrderModels } from './models';
import type { ProxyPorts } from './ports';
import { deliveryWords, itemsOf, presentProxy } from './present';

export interface PlaceProxyInput {
  family_user_id: string;
  link_id: string;
  body: BodyOf<typeof routes.placeProxyOrder>;
}

export interface PlaceProxyDeps {
  models: ProxyOrderModels;
  ports: ProxyPorts;
  expiry: DelayedJobs<{ proxy_order_id: string }>;
  approveWithinMs: number;
}

function recordOf(proxy_id: string, link: Awaited<ReturnType<ProxyPorts['links']['requireApproved']>>, r: CheckoutResult): ProxyOrderDoc {
  return {
    _id: proxy_id,
    link_id: link.link_id,
    elder_user_id: link.elder.user_id,
    family_user_id: link.family.user_id,
    family_name: link.family.name,
    relation: link.relation,
    elder_name: link.elder.name,
    checkout_id: r.checkout_id,
    status: 'waiting',
    total_fen: r.total_fen,
    items: itemsOf(r),
    order_numbers: r.orders.map((o) => o.number),
    delivery_words: deliveryWords(r),
    expires_at: new Date(r.pay_by),
    approval_holder: null,
    decided_at: null,
    decided_at_kiosk: null,
    created_at: new Date(),
  };
}

/**
 * Placing a proxy order (on the command kernel, keyed by the family member's Idempotency-Key): only over an approved
 * link; the family member's cart is checked out for the elder (the orders module's own checkout saga: stock held,
 * the elder's address or station, payable until the approval deadline); then this record, its expiry job and the
 * elder's inbox item.
 */
export function placeProxyCommand(deps: PlaceProxyDeps): CommandSpec<PlaceProxyInput, ProxyOrder> {
  const { ProxyOrder } = deps.models;
  const load = async (id: string) => presentProxy((await ProxyOrder.findById(id).lean<ProxyOrderDoc>()) as ProxyOrderDoc);
  return {
    name: 'proxy.place',
    inProgress: { code: 'checkout_in_progress', title: '正在提交订单，请稍候' },
    replay: (result) => load(result.id),
    async run(input, saga) {
      const link = await deps.ports.links.requireApproved(input.link_id, { family_user_id: input.family_user_id });
      const { proxy_id } = await saga.step('proxy.id', {}, async () => ({ proxy_id: newId('pxo') }));
      const { lines, ...checkout } = input.body;
      const buyer = { user_id: link.elder.user_id, community_id: link.elder.community_id };
      const placed = await saga.step('orders.checkout_for', { proxy_id }, (a) =>
        deps.ports.checkout.checkoutFor({ buyer, lines, pay_within_ms: deps.approveWithinMs }, checkout, `proxy:${a.proxy_id}`),
      );
      const doc = await saga.step('proxy.record', { proxy_id }, async (a) => {
        const record = recordOf(a.proxy_id, link, placed);
        await ProxyOrder.create(record).catch((err: { code?: number }) => (err.code === 11000 ? null : Promise.reject(err)));
        return { expires_at: record.expires_at.toISOString(), total_fen: record.total_fen };
      });
      await saga.step('proxy.expiry', { proxy_id }, (a) =>
        deps.expiry.schedule(a.proxy_id, { proxy_order_id: a.proxy_id }, new Date(Date.parse(doc.expires_at) + 1000)),
      );
      await saga.step('inbox.waiting', { proxy_id }, (a) =>
        deps.ports.publish({
          event_id: `proxy_order_waiting:${a.proxy_id}`,
          user_id: link.elder.user_id,
          kind: 'proxy_order_waiting',
          title: '家人为您下单，等您确认',
          body: `${link.relation}${link.family.name}为您下了一单，共 ${formatFen(doc.total_fen)}，请到社区终端刷卡确认。`,
          amount_fen: doc.total_fen,
        }),
      );
      return load(proxy_id);
    },
  };
}
