import { agriMatchRoutes } from '@cc/shared';
import type { Handlers } from '../../platform/http';
import type { Inquiries } from '../inquiries/index';
import type { AgriDeals } from './adapters';
import type { Matching } from './index';

/** Thin: parse (mountRoutes), one service call, return. */
export function agriMatchHandlers(
  matching: Matching,
  inquiries: Inquiries,
  listing: AgriDeals['listing'],
): Handlers<typeof agriMatchRoutes> {
  return {
    listSupplyInShop: ({ actor, params, body }) => listing.listSupplyInShop(actor, params.post_id, body),
    listAgriMatches: ({ actor, params }) => matching.list(actor, params.post_id),
    sendAgriInquiry: ({ actor, params, body }) => inquiries.send(actor, params.post_id, body.text),
    replyAgriInquiry: ({ actor, params, body }) => inquiries.reply(actor, params.inquiry_id, body.text),
    getAgriInquiry: ({ actor, params }) => inquiries.get(actor, params.inquiry_id),
    listMyAgriInquiries: ({ actor, query }) => inquiries.list(actor, query),
    proposeAgriDeal: ({ actor, params, body }) => inquiries.deals.propose(actor, params.inquiry_id, body),
    decideAgriDeal: ({ actor, params, body }) => inquiries.deals.decide(actor, params.inquiry_id, body.accept),
    rateAgriDeal: ({ actor, params, body }) => inquiries.deals.rate(actor, params.inquiry_id, body.stars),
  };
}
