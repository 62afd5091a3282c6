/**
 * Plausibility checks (issue 14 item 7): a post that looks wrong is held for an operator instead of published.
 * - quantity_out_of_scale: more than a household's scale for the category (in base units; a co-op gets 10×), or more
 *   than 20× the poster's largest earlier post of the category when that is also above a tenth of the scale.
 * - price_far_from_median: a supply price below a third or above three times the regional median of the variety
 *   (county, else everywhere); skipped while fewer than PRICE_SAMPLE_MIN prices exist (no price data yet).
 * - too_many_posts: more than POSTS_PER_WINDOW posts by the same person within POST_WINDOW_MS.
 * - photo_reused: a photo (same bytes, by sha256) that another person posted.
 * Each check reads one or two documents by `_id` (plausibility-keys.ts), never the posts: its cost does not grow
 * with the number of posts.
 */
import type { AgriCategory, AgriHoldCode } from '@cc/shared';
import type { AgriCtx } from './context';
import type { AgriPostDoc } from './models';
import { largestKey, plausibilityModels, priceSampleKeys } from './plausibility-keys';
import { regionKey } from './text';

/** A household's plausible scale of one post, in the base unit (斤 for weights; per head, box, plant … otherwise). */
const WEIGHT_SCALE_JIN: Record<AgriCategory, number> = {
  fruit: 200_000,
  vegetable: 200_000,
  livestock_aquatic: 100_000,
  grain_oil: 400_000,
  processed: 50_000,
  nursery: 200_000,
  seeds: 20_000,
  agri_inputs: 400_000,
  herbs: 50_000,
};
const COUNT_SCALE = 50_000;
const COOP_FACTOR = 10;
export const POSTS_PER_WINDOW = 5;
export const POST_WINDOW_MS = 10 * 60_000;
export const PRICE_SAMPLE_MIN = 5;
const PRICE_FACTOR = 3;

const WORDS: Record<AgriHoldCode, string> = {
  quantity_out_of_scale: '数量超出一户农户的常见规模',
  price_far_from_median: '价格与本地区行情相差太大',
  too_many_posts: '短时间内发布太多信息',
  photo_reused: '图片与其他人发布的相同',
};
export const holdWords = (code: AgriHoldCode) => WORDS[code];

type Candidate = Pick<
  AgriPostDoc,
  | '_id'
  | 'kind'
  | 'owner_user_id'
  | 'category'
  | 'variety_key'
  | 'base_quantity'
  | 'base_unit'
  | 'base_price_low_fen'
  | 'photo_hashes'
  | 'origin'
> & { poster_kind: AgriPostDoc['poster_kind'] };

async function quantityOutOfScale(C: AgriCtx, p: Candidate): Promise<boolean> {
  const scale = (p.base_unit === '斤' ? WEIGHT_SCALE_JIN[p.category] : COUNT_SCALE) * (p.poster_kind === 'coop' ? COOP_FACTOR : 1);
  if (p.base_quantity > scale) return true;
  const activity = await plausibilityModels(C.deps.conn)
    .Activity.findById(p.owner_user_id, { [`largest.${largestKey(p)}`]: 1 })
    .lean();
  // The largest earlier post of the category and unit, not this one (an edit of the poster's only post has none).
  const largest = (activity?.largest?.[largestKey(p)] ?? []).find((e) => e.id !== p._id);
  if (!largest) return false;
  return p.base_quantity > 20 * largest.q && p.base_quantity > scale / 10;
}

/**
 * Median base-unit asking price of the newest open supply posts of the variety (PRICE_SAMPLE_KEPT of them), in the
 * county when it has enough, else everywhere: two documents read by `_id`.
 */
export async function postsMedianPrice(C: AgriCtx, variety_key: string, county_key: string | null): Promise<number | null> {
  const keys = priceSampleKeys(variety_key, county_key);
  const docs = await plausibilityModels(C.deps.conn)
    .PriceSample.find({ _id: { $in: keys } })
    .lean();
  const byKey = new Map(docs.map((d) => [d._id, d.entries.map((e) => e.fen)]));
  const local = county_key ? (byKey.get(keys[0]!) ?? []) : [];
  const sample = (local.length >= PRICE_SAMPLE_MIN ? local : (byKey.get(keys[keys.length - 1]!) ?? [])).sort((a, b) => a - b);
  if (sample.length < PRICE_SAMPLE_MIN) return null;
  const mid = Math.floor(sample.length / 2);
  return sample.length % 2 ? sample[mid]! : (sample[mid - 1]! + sample[mid]!) / 2;
}

async function priceFar(C: AgriCtx, p: Candidate): Promise<boolean> {
  if (p.kind !== 'supply' || p.base_price_low_fen === null) return false;
  const county = p.origin?.county ? regionKey(p.origin.county) : null;
  const median = await (C.deps.medianPrice ?? ((v, c) => postsMedianPrice(C, v, c)))(p.variety_key, county);
  if (median === null || median <= 0) return false;
  return p.base_price_low_fen < median / PRICE_FACTOR || p.base_price_low_fen > median * PRICE_FACTOR;
}

async function tooMany(C: AgriCtx, p: Candidate, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - POST_WINDOW_MS);
  const activity = await plausibilityModels(C.deps.conn).Activity.findById(p.owner_user_id, { recent: 1 }).lean();
  return (activity?.recent ?? []).filter((r) => r.id !== p._id && new Date(r.at) >= since).length >= POSTS_PER_WINDOW;
}

async function photoReused(C: AgriCtx, p: Candidate): Promise<boolean> {
  if (p.photo_hashes.length === 0) return false;
  const claims = await plausibilityModels(C.deps.conn)
    .PhotoClaim.find({ _id: { $in: p.photo_hashes } })
    .lean();
  return claims.some((c) => c.owners.some((o) => o !== p.owner_user_id));
}

/** The reasons to hold this post (empty: publish). `counting` is false on an edit (the post rate is about new posts). */
export async function holdReasons(
  C: AgriCtx,
  p: Candidate,
  opts: { counting: boolean; now: Date },
): Promise<{ code: AgriHoldCode; words: string }[]> {
  const checks: [AgriHoldCode, Promise<boolean>][] = [
    ['quantity_out_of_scale', quantityOutOfScale(C, p)],
    ['price_far_from_median', priceFar(C, p)],
    ['too_many_posts', opts.counting ? tooMany(C, p, opts.now) : Promise.resolve(false)],
    ['photo_reused', photoReused(C, p)],
  ];
  const held = await Promise.all(checks.map(([, check]) => check));
  return checks.filter((_, i) => held[i]).map(([code]) => ({ code, words: WORDS[code] }));
}
