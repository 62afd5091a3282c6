/**
 * What every write of a post shares: who the poster is (the catalog's merchant verification, a ban), where the post
 * belongs (its operators' community), the photos and evidence (the poster's own uploads), the variety queue, the
 * expiry job, and the status a post opens with (pending_verification → held → open).
 */
import { AGRI_CATEGORY_TREE, isKnownVariety, type AgriCategory, type AgriHoldCode, type AgriPostStatus } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { AppError, notFound } from '../platform/problem';
import type { AgriCtx, PosterProfile } from './context';
import type { AgriPostDoc, AgriPosterDoc } from './models';
import { holdReasons } from './plausibility';

export const DAY_MS = 86_400_000;

/** The poster's verification (refreshed into their credit record) and posting rights; 403 while banned. */
export async function posterOf(C: AgriCtx, actor: UserActor, now: Date): Promise<{ profile: PosterProfile; record: AgriPosterDoc }> {
  const [profile, record] = await Promise.all([C.deps.posterProfile(actor.user_id), C.credit.of(actor.user_id)]);
  if (record.verified !== profile.verified) {
    await C.credit.setVerified(actor.user_id, profile.verified);
    record.verified = profile.verified;
  }
  if (record.banned_until && record.banned_until > now) {
    throw new AppError(403, 'agri_posting_banned', `您已被暂停发布供求信息至 ${record.banned_until.toISOString().slice(0, 10)}`, {
      detail: record.ban_reason ?? undefined,
    });
  }
  return { profile, record };
}

/** The county of a registered place, or 404 community_not_found (nothing written). */
export async function countyOf(C: AgriCtx, community_id: string | null | undefined): Promise<string | null> {
  if (!community_id) return null;
  const district = await C.deps.communityDistrict(community_id);
  if (district === null) throw notFound('community_not_found', '社区或村不存在');
  return district;
}

/** Photos and evidence must be the poster's own uploads (400 upload_unknown naming the field); their sha256. */
export async function photosOf(C: AgriCtx, actor: UserActor, photo_ids: string[], evidence_ids: string[]): Promise<string[]> {
  await C.deps.uploads.requireOwned(photo_ids, actor.user_id, 'body.photo_upload_ids');
  await C.deps.uploads.requireOwned(evidence_ids, actor.user_id, 'body.certifications');
  const hashes = await C.deps.uploads.sha256Of(photo_ids);
  return [...new Set(photo_ids.map((id) => hashes.get(id)).filter((h): h is string => !!h))];
}

/** Known (the tree, or accepted by an operator) → confirmed; otherwise the variety waits in the operators' queue. */
export async function varietyConfirmed(C: AgriCtx, category: AgriCategory, variety_key: string): Promise<boolean> {
  if (isKnownVariety(category, variety_key)) return true;
  const v = await C.models.Variety.findById(`${category}:${variety_key}`).lean();
  return v?.status === 'accepted';
}

/** Puts an unknown variety in the queue (or counts one more post of it). */
export async function queueVariety(C: AgriCtx, category: AgriCategory, variety: string, variety_key: string, now: Date): Promise<void> {
  await C.models.Variety.updateOne(
    { _id: `${category}:${variety_key}` },
    {
      $inc: { posts: 1 },
      $setOnInsert: { category, variety, variety_key, status: 'pending', first_seen_at: now, decided_by: null, decided_at: null },
    },
    { upsert: true },
  );
}

/** The status a post takes when it (re)opens: not verified → pending_verification; a hold → held; else open. */
export function openingStatus(verified: boolean, holds: { code: AgriHoldCode }[]): AgriPostStatus {
  if (!verified) return 'pending_verification';
  return holds.length > 0 ? 'held' : 'open';
}

/** The holds of a post about to open; `keep` carries a rate hold of a new post into an edit. */
export async function holdsFor(
  C: AgriCtx,
  post: AgriPostDoc,
  opts: { counting: boolean; now: Date; keep?: AgriPostDoc['hold_reasons'] },
): Promise<AgriPostDoc['hold_reasons']> {
  const found = await holdReasons(C, post, opts);
  const kept = (opts.keep ?? []).filter((h) => h.code === 'too_many_posts' && !found.some((f) => f.code === h.code));
  return [...found, ...kept];
}

/** Arms the expiry job (before the write: a post never exists without one; a job for nothing does nothing). */
export async function armExpiry(C: AgriCtx, post_id: string, expires_at: Date): Promise<void> {
  const at_ms = expires_at.getTime();
  await C.expiry().schedule(`agri-expire-${post_id}-${at_ms}`, { post_id, expires_at_ms: at_ms }, expires_at);
}

/** Tells the poster their post was held, with the reasons. */
export async function tellHeld(C: AgriCtx, post: AgriPostDoc): Promise<void> {
  if (post.status !== 'held') return;
  await C.deps
    .publish({
      event_id: `agri_post_held:${post._id}:${post.revision}`,
      user_id: post.owner_user_id,
      kind: 'agri_post_held',
      title: '信息待审核',
      body: `您发布的「${post.variety}」${AGRI_CATEGORY_TREE[post.category].name}信息需要运营人员审核：${post.hold_reasons.map((h) => h.words).join('；')}。`,
      link: `/agri/post/index?id=${post._id}`,
    })
    .catch((err: Error) => C.deps.logger.error({ err: err.message, post_id: post._id }, 'agri held notice failed'));
}

/** The community whose operators moderate a post. */
export function moderatingCommunity(actor: UserActor, profile: PosterProfile, place_community_id: string | null): string | null {
  return profile.community_id ?? place_community_id ?? actor.community_id;
}
