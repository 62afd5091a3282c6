import type { BodyOf, CheckoutResult, ProxyOrderToPay, ProxyPayment, routes } from '@cc/shared';
import type { CommandSpec } from '../platform/commands';
import { newId } from '../platform/ids';
import type { DelayedJobs } from '../platform/jobs';
import type { ProxyOrderDoc, ProxyOrderModels } from './models';
import type { ProxyPorts } from './ports';
import { tellElder, type FamilyPay } from './family-pay';
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
  familyPay: FamilyPay;
}

type Link = Awaited<ReturnType<ProxyPorts['links']['requireApproved']>>;

function recordOf(proxy_id: string, link: Link, r: CheckoutResult, payment: ProxyPayment): ProxyOrderDoc {
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
    payment,
    // One WeChat Pay order per proxy order: the family member pays it, or it is closed when the order ends.
    family_pay: payment === 'family_wechat' ? { out_trade_no: `${proxy_id}-1`, transfer_id: null, refunding: false } : null,
    link_revoked: false,
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
 * elder's inbox item — for 我来付 only once the family member paid (family-pay.ts), whose WeChat Pay parameters the
 * answer carries (a replay answers the same WeChat Pay order).
 */
export function placeProxyCommand(deps: PlaceProxyDeps): CommandSpec<PlaceProxyInput, ProxyOrderToPay> {
  const { ProxyOrder } = deps.models;
  const load = async (id: string) => {
    const p = (await ProxyOrder.findById(id).lean<ProxyOrderDoc>()) as ProxyOrderDoc;
    // The order stands even when WeChat Pay does not answer now: the family member asks again (payProxyOrder).
    return deps.familyPay.toPay(p).catch(() => ({ ...presentProxy(p), wechat_pay: null }));
  };
  return {
    name: 'proxy.place',
    inProgress: { code: 'checkout_in_progress', title: '正在提交订单，请稍候' },
    replay: (result) => load(result.id),
    async run(input, saga) {
      const link = await deps.ports.links.requireApproved(input.link_id, { family_user_id: input.family_user_id });
      const { proxy_id } = await saga.step('proxy.id', {}, async () => ({ proxy_id: newId('pxo') }));
      const { lines, payment, ...checkout } = input.body;
      const buyer = { user_id: link.elder.user_id, community_id: link.elder.community_id };
      const placed = await saga.step('orders.checkout_for', { proxy_id }, (a) =>
        deps.ports.checkout.checkoutFor({ buyer, lines, pay_within_ms: deps.approveWithinMs }, checkout, `proxy:${a.proxy_id}`),
      );
      const doc = await saga.step('proxy.record', { proxy_id }, async (a) => {
        const record = recordOf(a.proxy_id, link, placed, payment);
        await ProxyOrder.create(record).catch((err: { code?: number }) => (err.code === 11000 ? null : Promise.reject(err)));
        return { expires_at: record.expires_at.toISOString() };
      });
      await saga.step('proxy.expiry', { proxy_id }, (a) =>
        deps.expiry.schedule(a.proxy_id, { proxy_order_id: a.proxy_id }, new Date(Date.parse(doc.expires_at) + 1000)),
      );
      if (payment === 'elder_card')
        await saga.step('inbox.waiting', { proxy_id }, async (a) =>
          tellElder(deps.ports, (await ProxyOrder.findById(a.proxy_id).lean<ProxyOrderDoc>()) as ProxyOrderDoc),
        );
      return load(proxy_id);
    },
  };
}
