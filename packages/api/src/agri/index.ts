import type { AgriPostKind } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { emitChange, type AgriCtx, type AgriDeps, type AgriPostChange, type AgriPostListener } from './context';
import { createCredit, toCredit } from './credit';
import { createLifecycle, expireDue, promotePending } from './lifecycle';
import { agriModels, type AgriPostDoc } from './models';
import { createModeration } from './moderation';
import { createPostUseCases } from './posts';
import { armExpiry } from './posting';
import { plausibilityListener, plausibilityModels } from './plausibility-keys';
import { searchPosts } from './search';
import { searchListener, searchModels } from './search-keys';
import { createVarieties } from './varieties';

export type { AgriDeps, AgriPostChange, AgriPostListener, PosterProfile } from './context';
export type { AgriPostDoc } from './models';

/**
 * The agri module (issue 14): supply and purchase posts, their expiry, plausibility holds, moderation, credit and
 * search. It owns the agri_* collections; catalog (verification), uploads and identity are reached through `deps`.
 * Matching (agri/match) and price information (agri/price) build on `getPost`, `openByVariety` and `onPostChanged`.
 */
export function createAgri(deps: AgriDeps) {
  const models = agriModels(deps.conn);
  // The plausibility checks' and search's own documents are kept first, before matching and prices (*-keys.ts).
  const listeners: AgriPostListener[] = [plausibilityListener(plausibilityModels(deps.conn)), searchListener(searchModels(deps.conn))];
  // Expires each post at the end of its validity (armed on create and renew; a renewal's later job supersedes).
  const expiry = deps.jobs.delayed<{ post_id: string; expires_at_ms: number }>('agri-post-expiry', (data) => expireDue(C, data), {
    concurrency: 4,
  });
  const C: AgriCtx = { models, deps, credit: createCredit(models), listeners, expiry: () => expiry };
  const posts = { ...createPostUseCases(C), ...createLifecycle(C) };
  return {
    models,
    posts,
    moderation: createModeration(C),
    varieties: createVarieties(C),
    credit: C.credit,
    search: (q: Parameters<typeof searchPosts>[1]) => searchPosts(C, q),
    /** The poster's credit, verification and ban. */
    async standing(actor: UserActor) {
      const profile = await deps.posterProfile(actor.user_id);
      if ((await C.credit.of(actor.user_id)).verified !== profile.verified) await C.credit.setVerified(actor.user_id, profile.verified);
      await promotePending(C, actor.user_id, profile.verified);
      const record = await C.credit.of(actor.user_id);
      return {
        credit: toCredit(record),
        verified: record.verified,
        banned_until: record.banned_until && record.banned_until > new Date() ? record.banned_until.toISOString() : null,
        ban_reason: record.banned_until && record.banned_until > new Date() ? record.ban_reason : null,
      };
    },
    /** One post as stored (any status), or null: for matching, inquiries and price observations. */
    getPost: (post_id: string) => models.Post.findById(post_id).lean<AgriPostDoc>(),
    /** Open posts of one kind and variety: exactly the `{kind, status, variety_key}` index (the match candidates). */
    openByVariety: (kind: AgriPostKind, variety_key: string, limit = 500) =>
      models.Post.find({ kind, status: 'open', variety_key }).limit(limit).lean<AgriPostDoc[]>(),
    /** Called after every change of a post (created, edited, held, opened, closed, renewed, expired, hidden, restored). */
    onPostChanged(listener: AgriPostListener): void {
      listeners.push(listener);
    },
    /** Tells the listeners of a change written inside the module (agri/demand's standing community posts). */
    emitChange: (change: AgriPostChange) => emitChange(C, change),
    /** Arms a post's expiry job again at its stored end of validity (recovery, e.g. after Redis lost its jobs). */
    async armExpiry(post_id: string): Promise<void> {
      const post = await models.Post.findById(post_id, { expires_at: 1 }).lean<Pick<AgriPostDoc, '_id' | 'expires_at'>>();
      if (post) await armExpiry(C, post._id, post.expires_at);
    },
    /** Runs the expiry of one post now if it is due (the job's handler; tests and recovery use it too). */
    expireDue: (data: { post_id: string; expires_at_ms: number }) => expireDue(C, data),
  };
}
export type Agri = ReturnType<typeof createAgri>;
