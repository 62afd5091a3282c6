import { agriPostRoutes } from '@cc/shared';
import type { Handlers } from '../platform/http';
import type { Agri } from './index';

/** Thin: parse (mountRoutes), one service call, return. */
export function agriPostHandlers(agri: Agri): Handlers<typeof agriPostRoutes> {
  const { posts, moderation, varieties } = agri;
  return {
    createSupplyPost: ({ actor, body }) => posts.createSupply(actor, body),
    updateSupplyPost: ({ actor, params, body }) => posts.updateSupply(actor, params.post_id, body),
    createPurchasePost: ({ actor, body }) => posts.createPurchase(actor, body),
    updatePurchasePost: ({ actor, params, body }) => posts.updatePurchase(actor, params.post_id, body),
    closeAgriPost: ({ actor, params }) => posts.close(actor, params.post_id),
    renewAgriPost: ({ actor, params, body }) => posts.renew(actor, params.post_id, body.valid_days),
    getAgriPost: ({ actor, params }) => posts.get(actor, params.post_id),
    listMyAgriPosts: ({ actor, query }) => posts.listMine(actor, query),
    getMyAgriStanding: ({ actor }) => agri.standing(actor),
    searchAgriPosts: ({ query }) => agri.search(query),
    reportAgriPost: ({ actor, params, body }) => moderation.report(actor, params.post_id, body),
    listAgriModerationQueue: ({ actor, params, query }) => moderation.queue(actor, params.community_id, query),
    moderateAgriPost: ({ actor, params, body }) => moderation.moderate(actor, params.post_id, body),
    checkAgriCertification: ({ actor, params, body }) => moderation.checkCertification(actor, params.post_id, body),
    banAgriPoster: ({ actor, params, body }) => moderation.ban(actor, params.community_id, params.user_id, body),
    listPendingVarieties: () => varieties.pending(),
    confirmAgriVariety: ({ actor, body }) => varieties.confirm(actor, body),
  };
}
