/**
 * A poster's credit (issue 14 item 7): real-name verified, completed deals, reports upheld, operator warnings and
 * counterparts' ratings, summed into a level 1–5 shown on every post. One document per person, changed by `$inc`
 * only (racing deals or reports add up exactly).
 */
import type { AgriCredit } from '@cc/shared';
import type { AgriModels, AgriPosterDoc } from './models';

const COUNTED_KEYS_KEPT = 300;
/** Reads of a record leave the counted keys out: posts show the counts, not the keys. */
const NOT_KEYS = { counted_keys: 0 } as const;

const LEVEL_WORDS = ['', '信用待提升', '信用一般', '信用良好', '信用优秀', '信用极好'] as const;

/**
 * The level: an unverified poster starts at 1, a verified one at 3; every 5 completed deals add one (at most two),
 * a good average rating (≥ 4.5 over at least 3) adds one; each upheld report takes one, every two warnings one.
 */
export function creditLevel(
  p: Pick<AgriPosterDoc, 'verified' | 'completed_deals' | 'reports_upheld' | 'warnings' | 'ratings_count' | 'rating_sum'>,
): number {
  let level = p.verified ? 3 : 1;
  level += Math.min(2, Math.floor(p.completed_deals / 5));
  if (p.ratings_count >= 3 && p.rating_sum / p.ratings_count >= 4.5) level += 1;
  level -= p.reports_upheld + Math.floor(p.warnings / 2);
  return Math.max(1, Math.min(5, level));
}

export function emptyPoster(user_id: string): AgriPosterDoc {
  return {
    _id: user_id,
    verified: false,
    completed_deals: 0,
    reports_upheld: 0,
    warnings: 0,
    ratings_count: 0,
    rating_sum: 0,
    banned_until: null,
    ban_reason: null,
    updated_at: new Date(0),
  };
}

export function toCredit(p: AgriPosterDoc): AgriCredit {
  const level = creditLevel(p);
  return {
    verified: p.verified,
    completed_deals: p.completed_deals,
    reports_upheld: p.reports_upheld,
    warnings: p.warnings,
    ratings_count: p.ratings_count,
    rating_avg: p.ratings_count > 0 ? Math.round((p.rating_sum / p.ratings_count) * 10) / 10 : null,
    level,
    level_words: LEVEL_WORDS[level] ?? '',
  };
}

export function createCredit(models: AgriModels) {
  const { Poster } = models;
  const bump = async (user_id: string, inc: Partial<Record<keyof AgriPosterDoc, number>>) => {
    await Poster.updateOne({ _id: user_id }, { $inc: inc, $set: { updated_at: new Date() } }, { upsert: true });
  };
  /**
   * `$inc` once per key: the filter skips a record that has counted the key; for a record that has, the upsert's
   * insert collides on `_id` (11000) and that means "already counted". Keys older than the last COUNTED_KEYS_KEPT
   * are forgotten: a replay comes within minutes of the first count, not hundreds of deals later.
   */
  const bumpOnce = async (user_id: string, key: string, inc: Partial<Record<keyof AgriPosterDoc, number>>) => {
    try {
      await Poster.updateOne(
        { _id: user_id, counted_keys: { $ne: key } },
        { $inc: inc, $push: { counted_keys: { $each: [key], $slice: -COUNTED_KEYS_KEPT } }, $set: { updated_at: new Date() } },
        { upsert: true },
      );
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  };
  return {
    async of(user_id: string): Promise<AgriPosterDoc> {
      return (await Poster.findById(user_id, NOT_KEYS).lean<AgriPosterDoc>()) ?? emptyPoster(user_id);
    },
    /** Records of several posters (one read for a page of posts). */
    async many(user_ids: string[]): Promise<Map<string, AgriPosterDoc>> {
      const ids = [...new Set(user_ids)];
      const found = ids.length ? await Poster.find({ _id: { $in: ids } }, NOT_KEYS).lean<AgriPosterDoc[]>() : [];
      const out = new Map(found.map((p) => [p._id, p]));
      for (const id of ids) if (!out.has(id)) out.set(id, emptyPoster(id));
      return out;
    },
    /** What the catalog's merchant verification says now, kept for showing on posts without asking it per post. */
    async setVerified(user_id: string, verified: boolean): Promise<void> {
      await Poster.updateOne({ _id: user_id }, { $set: { verified, updated_at: new Date() } }, { upsert: true });
    },
    /** A deal that came out of a post was completed; `key` names it, so counting it again changes nothing. */
    recordDeal: (user_id: string, key: string) => bumpOnce(user_id, key, { completed_deals: 1 }),
    /** A counterpart's rating, 1–5 stars, once per `key`. */
    recordRating: (user_id: string, stars: number, key: string) =>
      bumpOnce(user_id, key, { ratings_count: 1, rating_sum: Math.max(1, Math.min(5, Math.round(stars))) }),
    reportUpheld: (user_id: string, count: number) => bump(user_id, { reports_upheld: count }),
    warned: (user_id: string) => bump(user_id, { warnings: 1 }),
    async ban(user_id: string, until: Date, reason: string): Promise<void> {
      await Poster.updateOne(
        { _id: user_id },
        { $set: { banned_until: until, ban_reason: reason, updated_at: new Date() } },
        { upsert: true },
      );
    },
  };
}
export type Credit = ReturnType<typeof createCredit>;
