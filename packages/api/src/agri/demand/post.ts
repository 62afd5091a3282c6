/** Writing a community's standing purchase post: created once under its fixed id, then updated in place each week. */
import { isKnownVariety } from '@cc/shared';
import { conflict } from '../../platform/problem';
import { derived, type PostFields } from '../build';
import type { AgriPostChange } from '../context';
import type { AgriPostDoc } from '../models';
import type { DemandCtx, DemandStation } from './context';
import type { DemandGroup } from './publish';

const DAY_MS = 86_400_000;

/** What every weekly publication sets, from the fields and the station. */
function contentOf(f: PostFields, g: DemandGroup, station: DemandStation, week: string, expires_at: Date, now: Date) {
  return {
    ...f,
    ...derived(f, 'purchase', null),
    owner_user_id: station.poster_user_id,
    community_id: g.community_id,
    poster_name: station.poster_name,
    poster_kind: 'buyer' as const,
    variety_confirmed: isKnownVariety(g.category, g.variety),
    hold_reasons: [],
    community_demand: { community_id: g.community_id, week, orders: g.orders },
    expires_at,
    updated_at: now,
  };
}

/**
 * Creates or updates the post `post_id` and tells the listeners (matching recomputes). Open unless an operator hid
 * it (their decision stands); an expired one opens again. A lost race on the revision is a 409 (the job retries).
 */
export async function writeStandingPost(
  D: DemandCtx,
  post_id: string,
  input: { fields: PostFields; group: DemandGroup; station: DemandStation; week: string; week_end: Date },
  now: Date,
): Promise<AgriPostDoc> {
  const Post = D.deps.agri.models.Post;
  // Valid through the Tuesday after the coming week: the next Monday's run updates or expires it first.
  const expires_at = new Date(input.week_end.getTime() + 8 * DAY_MS);
  const content = contentOf(input.fields, input.group, input.station, input.week, expires_at, now);
  const existing = await Post.findById(post_id).lean<AgriPostDoc>();
  let saved: AgriPostDoc | null;
  if (!existing) {
    const doc: AgriPostDoc = {
      _id: post_id,
      kind: 'purchase',
      ...content,
      photo_hashes: [],
      certifications: [],
      certified: false,
      status: 'open',
      status_before_hide: null,
      moderation_note: null,
      reports_open: 0,
      revision: 1,
      created_at: now,
    };
    await Post.create(doc);
    saved = doc;
  } else {
    const status = existing.status === 'hidden' ? 'hidden' : 'open';
    saved = await Post.findOneAndUpdate(
      { _id: post_id, revision: existing.revision },
      { $set: { ...content, status }, $inc: { revision: 1 } },
      { new: true },
    ).lean<AgriPostDoc>();
    if (!saved) throw conflict('illegal_transition', '社区需求信息刚被修改，稍后重试');
  }
  const what: AgriPostChange['what'] = !existing ? 'created' : existing.status === 'open' ? 'updated' : 'renewed';
  await D.deps.agri.emitChange({ post_id, kind: 'purchase', what, previous_status: existing?.status ?? null, post: saved });
  await D.deps.agri.armExpiry(post_id);
  return saved;
}

/** Expires a standing post (its community did not buy the variety in the week published): only from open. */
export async function expireStandingPost(D: DemandCtx, post_id: string, now: Date): Promise<boolean> {
  const saved = await D.deps.agri.models.Post.findOneAndUpdate(
    { _id: post_id, status: 'open' },
    { $set: { status: 'expired', updated_at: now }, $inc: { revision: 1 } },
    { new: true },
  ).lean<AgriPostDoc>();
  if (!saved) return false;
  await D.deps.agri.emitChange({ post_id, kind: 'purchase', what: 'expired', previous_status: 'open', post: saved });
  return true;
}
