/**
 * Recomputing the matches of one post after it changed (issue 14 item 3): its own ranked list is replaced, and each
 * counterpart's list gets this pair set (or unset when it fell out). A post that is not open (closed, expired,
 * hidden, held, pending) leaves its buckets and every list it was on: "matches expire with the post".
 */
import type { PublishInboxEvent } from '@cc/shared';
import type { AnyBulkWriteOperation } from 'mongoose';
import type { Logger } from 'pino';
import { candidatesOf, putInBuckets, removeFromBuckets } from './buckets';
import type { MatchItemDoc, MatchListDoc, MatchModels } from './models';
import { entryOf, scoreMatch, type MatchEntry, type MatchScore, type MatchablePost } from './score';

/** Pairs kept on a post's own list, the lowest score kept, and how many new pairs are announced per change. */
export const MATCH_TOP = 20;
export const MATCH_MIN_SCORE = 40;
export const MATCH_NOTIFY_TOP = 3;
export const MATCH_NOTIFY_MIN_SCORE = 60;

export interface MatchCtx {
  M: MatchModels;
  logger: Logger;
  publish: PublishInboxEvent;
  /** The variety's shown name of a post, for the words of a notification. */
  describe(post_id: string): Promise<{ variety: string; owner: string } | null>;
}

export const isLive = (p: Pick<MatchablePost, 'status' | 'expires_at'>, now: Date) => p.status === 'open' && p.expires_at > now;

/** The best counterparts of an entry among its candidates, best first (ties: the newer post first). */
export function rank(e: MatchEntry, candidates: MatchEntry[]): { c: MatchEntry; m: MatchScore }[] {
  const scored: { c: MatchEntry; m: MatchScore }[] = [];
  for (const c of candidates) {
    const m = scoreMatch(e, c);
    if (m && m.score >= MATCH_MIN_SCORE) scored.push({ c, m });
  }
  scored.sort((a, b) => b.m.score - a.m.score || b.c.id.localeCompare(a.c.id));
  return scored.slice(0, MATCH_TOP);
}

const itemOf = (m: MatchScore, owner: string, now: Date): MatchItemDoc => ({
  score: m.score,
  reasons: m.reasons,
  distance_km: m.distance_km,
  owner,
  computed_at: now,
});

/** Sets or unsets this post on its counterparts' lists, in one round trip. */
async function touchCounterparts(
  C: MatchCtx,
  post_id: string,
  owner: string,
  set: { c: MatchEntry; m: MatchScore }[],
  unset: string[],
  now: Date,
) {
  const ops: AnyBulkWriteOperation<MatchListDoc>[] = [
    ...set.map(({ c, m }) => ({
      updateOne: {
        filter: { _id: c.id },
        update: { $set: { [`items.${post_id}`]: itemOf(m, owner, now) } },
        upsert: true,
      },
    })),
    ...unset.map((id) => ({ updateOne: { filter: { _id: id }, update: { $unset: { [`items.${post_id}`]: 1 as const } } } })),
  ];
  if (ops.length > 0) await C.M.List.bulkWrite(ops, { ordered: false });
}

/** The post left the open posts: out of its buckets, off every list, its own list emptied. */
async function leave(C: MatchCtx, post: MatchablePost, list: MatchListDoc | null, now: Date): Promise<void> {
  const keys = list?.bucket_keys ?? [];
  await removeFromBuckets(C.M, post._id, keys);
  await touchCounterparts(C, post._id, post.owner_user_id, [], Object.keys(list?.items ?? {}), now);
  await C.M.List.updateOne(
    { _id: post._id },
    { $set: { items: {}, bucket_keys: [], post_revision: post.revision, computed_at: now } },
    { upsert: true },
  );
}

/** Recomputes and stores the matches of this post as it is now; tells both sides of the best new pairs. */
export async function recompute(C: MatchCtx, post: MatchablePost, now = new Date()): Promise<{ c: MatchEntry; m: MatchScore }[]> {
  const list = await C.M.List.findById(post._id).lean<MatchListDoc>();
  if (!isLive(post, now)) {
    await leave(C, post, list, now);
    return [];
  }
  const e = entryOf(post);
  const bucket_keys = await putInBuckets(C.M, e, list?.bucket_keys ?? []);
  const top = rank(e, await candidatesOf(C.M, e, now.getTime()));
  const items = Object.fromEntries(top.map(({ c, m }) => [c.id, itemOf(m, c.owner, now)]));
  await C.M.List.updateOne(
    { _id: post._id },
    { $set: { items, bucket_keys, post_revision: post.revision, computed_at: now } },
    { upsert: true },
  );
  const before = Object.keys(list?.items ?? {});
  const dropped = before.filter((id) => !(id in items));
  await touchCounterparts(C, post._id, post.owner_user_id, top, dropped, now);
  const fresh = top.filter(({ c, m }) => !before.includes(c.id) && m.score >= MATCH_NOTIFY_MIN_SCORE).slice(0, MATCH_NOTIFY_TOP);
  for (const pair of fresh) await announce(C, e, pair.c, pair.m);
  return top;
}

/** Tells both posters about a new pair; the inbox shows one event id once per person (a recompute repeats nothing). */
async function announce(C: MatchCtx, a: MatchEntry, b: MatchEntry, m: MatchScore): Promise<void> {
  const [s, p] = a.kind === 'supply' ? [a, b] : [b, a];
  const [sp, pp] = await Promise.all([C.describe(s.id), C.describe(p.id)]);
  if (!sp || !pp) return;
  const why = m.reasons.join(' · ');
  const events = [
    { user_id: s.owner, own: s.id, title: '有新的求购与您的供应匹配', body: `「${sp.variety}」有买家求购，匹配度 ${m.score}：${why}。` },
    { user_id: p.owner, own: p.id, title: '有新的供应与您的求购匹配', body: `「${pp.variety}」有农户供应，匹配度 ${m.score}：${why}。` },
  ];
  for (const ev of events) {
    try {
      await C.publish({
        event_id: `agri_match:${s.id}:${p.id}`,
        user_id: ev.user_id,
        kind: 'agri_match',
        title: ev.title,
        body: ev.body,
        link: `/agri/matches/index?post_id=${ev.own}`,
      });
    } catch (err) {
      C.logger.error({ err: (err as Error).message, supply: s.id, purchase: p.id }, 'agri match publish failed');
    }
  }
}
