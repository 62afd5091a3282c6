/**
 * Matching of supply and purchase posts (issue 14 item 3). The posts are the agri posts' (reached through `posts`);
 * this part owns the candidate buckets and the ranked lists (agri_match_*). Every change of a post recomputes its
 * list (`onPostChanged`); reading a list checks each counterpart is still open and unexpired, and recomputes a
 * list that is missing or older than its post (a listener that failed heals on the next read).
 */
import type { AgriMatch, AgriPost, PublishInboxEvent } from '@cc/shared';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { communitiesWithRole, type UserActor } from '../../platform/actor';
import { forbidden, notFound } from '../../platform/problem';
import { matchModels, type MatchListDoc } from './models';
import { MATCH_TOP, isLive, recompute, type MatchCtx } from './recompute';
import type { MatchablePost } from './score';

export interface MatchPosts {
  /** Posts by id, in any status (missing ones left out). */
  byIds(ids: string[]): Promise<(MatchablePost & { variety: string; community_id: string | null })[]>;
  /** The public views of these posts, for this viewer. */
  viewsOf(posts: MatchablePost[], viewer_user_id: string): Promise<AgriPost[]>;
}

export interface MatchDeps {
  conn: Connection;
  logger: Logger;
  publish: PublishInboxEvent;
  posts: MatchPosts;
}

const LIST_LIMIT = MATCH_TOP;

export function createMatching(deps: MatchDeps) {
  const M = matchModels(deps.conn);
  const C: MatchCtx = {
    M,
    logger: deps.logger,
    publish: deps.publish,
    describe: async (id) => {
      const [p] = await deps.posts.byIds([id]);
      return p ? { variety: p.variety, owner: p.owner_user_id } : null;
    },
  };

  /** The matches of the caller's post (its poster, or an operator of its community / an admin), best first. */
  async function list(actor: UserActor, post_id: string): Promise<{ post_id: string; items: AgriMatch[] }> {
    const [post] = await deps.posts.byIds([post_id]);
    if (!post) throw notFound('agri_post_not_found', '供求信息不存在');
    const ops = communitiesWithRole(actor, ['operator']);
    const operates = ops === null || (post.community_id !== null && ops.includes(post.community_id));
    if (post.owner_user_id !== actor.user_id && !operates) throw forbidden('not_post_owner', '这不是您发布的信息');
    const now = new Date();
    let stored = await M.List.findById(post_id).lean<MatchListDoc>();
    if (isLive(post, now) && (!stored || stored.post_revision !== post.revision)) {
      await recompute(C, post, now);
      stored = await M.List.findById(post_id).lean<MatchListDoc>();
    }
    if (!isLive(post, now) || !stored) return { post_id, items: [] };
    const ranked = Object.entries(stored.items ?? {})
      .sort(([ai, a], [bi, b]) => b.score - a.score || bi.localeCompare(ai))
      .slice(0, LIST_LIMIT * 2);
    const counterparts = (await deps.posts.byIds(ranked.map(([id]) => id))).filter((p) => isLive(p, now));
    const views = new Map((await deps.posts.viewsOf(counterparts, actor.user_id)).map((v) => [v.id, v]));
    const items: AgriMatch[] = [];
    for (const [id, item] of ranked) {
      const view = views.get(id);
      if (!view || items.length >= LIST_LIMIT) continue;
      items.push({
        post: { ...view, distance_km: item.distance_km },
        score: item.score,
        reasons: item.reasons,
        distance_km: item.distance_km,
        computed_at: item.computed_at.toISOString(),
      });
    }
    return { post_id, items };
  }

  return {
    models: M,
    list,
    /** Recomputes after a change of a post (the agri posts' onPostChanged listener). */
    onPostChanged: (post: MatchablePost) => recompute(C, post),
    recompute: (post: MatchablePost, now?: Date) => recompute(C, post, now),
  };
}
export type Matching = ReturnType<typeof createMatching>;
