/** Closing, renewing, reading and expiring posts; pending posts open once their poster is verified. */
import { AGRI_CATEGORY_TREE, type AgriPost, type AgriPostKind, type AgriPostStatus } from '@cc/shared';
import { communitiesWithRole, hasCommunityRole, type UserActor } from '../platform/actor';
import { pageNewestFirst } from '../platform/pagination';
import { conflict, notFound } from '../platform/problem';
import { emitChange, type AgriCtx } from './context';
import type { AgriPostDoc } from './models';
import { ownPost } from './posts';
import { DAY_MS, armExpiry, holdsFor, openingStatus, posterOf, tellHeld } from './posting';
import { withPhotoUrls } from './photos';
import { toPostView, type Viewer } from './present';

const LIVE: AgriPostStatus[] = ['pending_verification', 'held', 'open'];

/** An operator of the post's community, or an admin. */
export function moderatesPost(actor: UserActor, post: Pick<AgriPostDoc, 'community_id'>): boolean {
  const all = communitiesWithRole(actor, ['operator']);
  return all === null || (post.community_id !== null && hasCommunityRole(actor, post.community_id, ['operator']));
}

export const viewerOf = (actor: UserActor, post: AgriPostDoc): Viewer => ({
  user_id: actor.user_id,
  moderates: moderatesPost(actor, post),
});

async function close(C: AgriCtx, actor: UserActor, post_id: string): Promise<AgriPost> {
  const post = await ownPost(C, actor, post_id);
  const now = new Date();
  const saved = await C.models.Post.findOneAndUpdate(
    { _id: post_id, status: { $in: LIVE } },
    { $set: { status: 'closed', updated_at: now }, $inc: { revision: 1 } },
    { new: true },
  ).lean<AgriPostDoc>();
  if (!saved) throw conflict('illegal_transition', `该信息${post.status === 'closed' ? '已关闭' : '已过期或被下架'}，不能关闭`);
  await emitChange(C, { post_id, kind: saved.kind, what: 'closed', previous_status: post.status, post: saved });
  return toPostView(saved, viewerOf(actor, saved), await C.credit.of(saved.owner_user_id));
}

/**
 * From now on for `valid_days` more days. A closed or expired post opens again through the same checks as a new one
 * (verification, holds); a hidden one stays the operators' (409).
 */
async function renew(C: AgriCtx, actor: UserActor, post_id: string, valid_days: number): Promise<AgriPost> {
  const post = await ownPost(C, actor, post_id);
  if (post.status === 'hidden') throw conflict('illegal_transition', '该信息已被运营人员下架，不能续期');
  const now = new Date();
  const { record } = await posterOf(C, actor, now);
  const expires_at = new Date(now.getTime() + valid_days * DAY_MS);
  const reopening = post.status === 'closed' || post.status === 'expired';
  const hold_reasons = reopening ? await holdsFor(C, post, { counting: false, now }) : post.hold_reasons;
  const status = reopening ? openingStatus(record.verified, hold_reasons) : post.status;
  await armExpiry(C, post_id, expires_at);
  const saved = await C.models.Post.findOneAndUpdate(
    { _id: post_id, revision: post.revision },
    { $set: { expires_at, status, hold_reasons, updated_at: now }, $inc: { revision: 1 } },
    { new: true },
  ).lean<AgriPostDoc>();
  if (!saved) throw conflict('illegal_transition', '信息刚被修改或状态已变化，请刷新后重试');
  if (reopening) await tellHeld(C, saved);
  await emitChange(C, { post_id, kind: saved.kind, what: 'renewed', previous_status: post.status, post: saved });
  return toPostView(saved, viewerOf(actor, saved), record);
}

/** One post: open ones to anyone signed in; others only to the poster and the post's operators (else 404). */
async function get(C: AgriCtx, actor: UserActor, post_id: string): Promise<AgriPost> {
  const post = await C.models.Post.findById(post_id).lean<AgriPostDoc>();
  if (!post) throw notFound('agri_post_not_found', '供求信息不存在');
  const viewer = viewerOf(actor, post);
  if (post.status !== 'open' && viewer.user_id !== post.owner_user_id && !viewer.moderates)
    throw notFound('agri_post_not_found', '供求信息不存在');
  return withPhotoUrls(C, toPostView(post, viewer, await C.credit.of(post.owner_user_id)));
}

/**
 * Pending posts of a poster who has been verified since: they go through the holds and open (or are held). Run when
 * the poster lists their posts or posts again — the catalog's verification tells no one, so the poster's next visit
 * is when their posts catch up.
 */
export async function promotePending(C: AgriCtx, user_id: string, verified: boolean, now = new Date()): Promise<number> {
  if (!verified) return 0;
  const pending = await C.models.Post.find({ owner_user_id: user_id }).lean<AgriPostDoc[]>();
  let opened = 0;
  for (const post of pending.filter((p) => p.status === 'pending_verification')) {
    const hold_reasons = await holdsFor(C, post, { counting: false, now, keep: post.hold_reasons });
    const status = openingStatus(true, hold_reasons);
    const saved = await C.models.Post.findOneAndUpdate(
      { _id: post._id, revision: post.revision, status: 'pending_verification' },
      { $set: { status, hold_reasons, updated_at: now }, $inc: { revision: 1 } },
      { new: true },
    ).lean<AgriPostDoc>();
    if (!saved) continue;
    opened += 1;
    await tellHeld(C, saved);
    await emitChange(C, {
      post_id: saved._id,
      kind: saved.kind,
      what: status === 'held' ? 'held' : 'opened',
      previous_status: post.status,
      post: saved,
    });
  }
  return opened;
}

async function listMine(C: AgriCtx, actor: UserActor, q: { kind?: AgriPostKind; status?: AgriPostStatus; limit: number; cursor?: string }) {
  const { profile } = await posterOf(C, actor, new Date()).catch(async (err: unknown) => {
    // A banned poster still sees their posts.
    if ((err as { code?: string }).code !== 'agri_posting_banned') throw err;
    return { profile: await C.deps.posterProfile(actor.user_id) };
  });
  await promotePending(C, actor.user_id, profile.verified);
  const filter: Record<string, unknown> = { owner_user_id: actor.user_id };
  if (q.kind) filter.kind = q.kind;
  if (q.status) filter.status = q.status;
  const page = await pageNewestFirst(C.models.Post, filter, q);
  const record = await C.credit.of(actor.user_id);
  return {
    items: page.items.map((p) => toPostView(p, { user_id: actor.user_id, moderates: false }, record)),
    next_cursor: page.next_cursor,
  };
}

/**
 * The expiry job: the post expires if this job's time is still its expiry (a renewal armed a later job, which this
 * one leaves to) and it is not closed; then the poster is told. Idempotent: a retried job finds it expired and only
 * repeats the inbox event, which the inbox shows once (same event_id).
 */
export async function expireDue(C: AgriCtx, data: { post_id: string; expires_at_ms: number }, now = new Date()): Promise<string> {
  const expires_at = new Date(data.expires_at_ms);
  const before = await C.models.Post.findById(data.post_id).lean<AgriPostDoc>();
  if (!before || before.expires_at.getTime() !== data.expires_at_ms) return 'stale';
  if (expires_at > now) return 'early';
  let post: AgriPostDoc | null = before;
  if (before.status !== 'expired') {
    post = await C.models.Post.findOneAndUpdate(
      { _id: data.post_id, expires_at, status: { $in: [...LIVE, 'hidden'] } },
      { $set: { status: 'expired', updated_at: now }, $inc: { revision: 1 } },
      { new: true },
    ).lean<AgriPostDoc>();
    if (!post) return 'not_live';
    await emitChange(C, { post_id: post._id, kind: post.kind, what: 'expired', previous_status: before.status, post });
  }
  await C.deps.publish({
    event_id: `agri_post_expired:${post._id}:${data.expires_at_ms}`,
    user_id: post.owner_user_id,
    kind: 'agri_post_expired',
    title: post.kind === 'supply' ? '供应信息已到期' : '求购信息已到期',
    body: `您发布的「${post.variety}」${AGRI_CATEGORY_TREE[post.category].name}信息已到期下线，如需继续展示请续期。`,
    link: `/agri/post/index?id=${post._id}`,
  });
  return 'expired';
}

export function createLifecycle(C: AgriCtx) {
  return {
    close: (actor: UserActor, post_id: string) => close(C, actor, post_id),
    renew: (actor: UserActor, post_id: string, valid_days: number) => renew(C, actor, post_id, valid_days),
    get: (actor: UserActor, post_id: string) => get(C, actor, post_id),
    listMine: (actor: UserActor, q: Parameters<typeof listMine>[2]) => listMine(C, actor, q),
  };
}
