import { agriMatchRoutes } from '@cc/shared';
import type { Handlers } from '../../platform/http';
import type { Inquiries } from '../inquiries/index';
import type { Matching } from './index';

/** Thin: parse (mountRoutes), one service call, return. */
export function agriMatchHandlers(matching: Matching, inquiries: Inquiries): Handlers<typeof agriMatchRoutes> {
  return {
    listAgriMatches: ({ actor, params }) => matching.list(actor, params.post_id),
    sendAgriInquiry: ({ actor, params, body }) => inquiries.send(actor, params.post_id, body.text),
    replyAgriInquiry: ({ actor, params, body }) => inquiries.reply(actor, params.inquiry_id, body.text),
    getAgriInquiry: ({ actor, params }) => inquiries.get(actor, params.inquiry_id),
    listMyAgriInquiries: ({ actor, query }) => inquiries.list(actor, query),
  };
}
