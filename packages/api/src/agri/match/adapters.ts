/**
 * Wiring of matching and inquiries onto the agri posts: posts are read by `_id` (the agri module's own collection),
 * shown through the posts' own view, and every change of a post recomputes its matches through the posts'
 * `onPostChanged` listener — the one hook into the posts' create, edit, close, renew, expiry and moderation paths.
 */
import type { ListSupplyInShopBody, PublishInboxEvent } from '@cc/shared';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Catalog } from '../../catalog/index';
import type { Identity } from '../../identity/index';
import type { UserActor } from '../../platform/actor';
import { agriFrom } from '../adapters';
import type { Agri, AgriPostDoc } from '../index';
import { createInquiries } from '../inquiries/index';
import { dealEffectsVia, observeAskingPrice, type ObservePrice } from './price-feed';
import { toPostView } from '../present';
import { createMatching, type MatchPosts } from './index';
import { listSupplyInShop } from './listing';

export function matchPostsOf(agri: Agri): MatchPosts {
  return {
    byIds: async (ids) => (ids.length === 0 ? [] : agri.models.Post.find({ _id: { $in: ids } }).lean<AgriPostDoc[]>()),
    viewsOf: async (posts, viewer_user_id) => {
      const credits = await agri.credit.many(posts.map((p) => p.owner_user_id));
      return posts.map((p) => toPostView(p as AgriPostDoc, { user_id: viewer_user_id, moderates: false }, credits.get(p.owner_user_id)));
    },
  };
}

/** A buyer as the farmer sees them: their verified (else first) merchant's name, else their nickname. */
function displayNameVia(catalog: Catalog, identity: Identity) {
  return async (user_id: string): Promise<string> => {
    const owned = await catalog.merchants.ownedBy(user_id);
    const shown = owned.find((m) => m.verification.status === 'verified') ?? owned[0];
    if (shown) return shown.name;
    const user = await identity.users.requireUser(user_id).catch(() => null);
    return user?.nickname ?? '买家';
  };
}

export function agriDealsFrom(deps: {
  conn: Connection;
  logger: Logger;
  publish: PublishInboxEvent;
  agri: Agri;
  catalog: Catalog;
  identity: Identity;
  /** 行情's `observe` (agri/price): supply posts' asking prices and confirmed deals feed it. */
  observePrice?: ObservePrice;
}) {
  const matching = createMatching({ conn: deps.conn, logger: deps.logger, publish: deps.publish, posts: matchPostsOf(deps.agri) });
  // Every change of a post (created, edited, held, opened, closed, renewed, expired, hidden, restored) recomputes.
  deps.agri.onPostChanged((change) => matching.onPostChanged(change.post).then(() => undefined));
  const inquiries = createInquiries({
    conn: deps.conn,
    logger: deps.logger,
    publish: deps.publish,
    post: (post_id) => deps.agri.getPost(post_id),
    displayName: displayNameVia(deps.catalog, deps.identity),
    dealEffects: dealEffectsVia(deps.agri, deps.logger, deps.observePrice),
  });
  if (deps.observePrice) deps.agri.onPostChanged(observeAskingPrice(deps.observePrice, deps.logger));
  const listing = {
    // 一键上架 through the catalog's own product creation (verification, photos, SKU), with the post's origin price.
    listSupplyInShop: (actor: UserActor, post_id: string, body: ListSupplyInShopBody) =>
      listSupplyInShop(
        {
          post: (id) => deps.agri.getPost(id),
          createProduct: (a, merchant_id, b, origin) => deps.catalog.products.create(a, merchant_id, b as never, origin),
        },
        actor,
        post_id,
        body,
      ),
  };
  return { matching, inquiries, listing };
}
export type AgriDeals = ReturnType<typeof agriDealsFrom>;

/** The agri posts and, on them, matching and inquiries: what modules.ts wires as `agri` and `agriDeals`. */
export function agriModulesFrom(deps: Parameters<typeof agriFrom>[0] & { observePrice?: ObservePrice }) {
  const agri = agriFrom(deps);
  const agriDeals = agriDealsFrom({ ...deps, agri });
  return { agri, agriDeals };
}
