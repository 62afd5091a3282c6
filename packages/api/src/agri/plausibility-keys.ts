/**
 * What the plausibility checks read, kept by `_id` so that a check costs the same at 100 posts or 100,000 (the
 * embedded server serves only `_id` and unique indexes; every other filter scans the posts, DESIGN §3):
 * - agri_poster_activity, one per poster: their newest post creations (the rate rule) and, per category × base unit,
 *   their largest posts (the history-scale rule) — kept by this module's post listener, never by a scan;
 * - agri_photo_claims, one per photo sha256: who posted it (the same-photo rule);
 * - agri_price_samples, one per variety × county and one per variety: the newest open supply asking prices per base
 *   unit (the median rule, when the price information is not wired). A post that leaves `open` leaves its samples.
 * They are derived data: a listener that failed leaves a check a little less strict, never a post wrong.
 */
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';
import type { AgriPostChange } from './context';
import type { AgriPostDoc } from './models';
import { regionKey } from './text';

/** Newest creations kept per poster (the rate rule reads POSTS_PER_WINDOW + a margin). */
export const RECENT_KEPT = 8;
/** Largest posts kept per category × base unit (two: one may be the post being edited itself). */
export const LARGEST_KEPT = 3;
/** Newest asking prices kept per variety × county (and per variety): the sample of the median rule. */
export const PRICE_SAMPLE_KEPT = 101;

export interface PosterActivityDoc {
  _id: string;
  recent: { id: string; at: Date }[];
  /** `${category}:${base_unit}` → the largest posts, largest first. */
  largest: Record<string, { id: string; q: number }[]>;
}
export interface PhotoClaimDoc {
  _id: string;
  owners: string[];
}
export interface PriceSampleDoc {
  _id: string;
  entries: { id: string; fen: number }[];
}

const activitySchema = new Schema<PosterActivityDoc>(
  { _id: String, recent: { type: Schema.Types.Mixed, default: [] }, largest: { type: Schema.Types.Mixed, default: {} } },
  { versionKey: false, minimize: false },
);
const claimSchema = new Schema<PhotoClaimDoc>({ _id: String, owners: { type: [String], default: [] } }, { versionKey: false });
const sampleSchema = new Schema<PriceSampleDoc>({ _id: String, entries: { type: Schema.Types.Mixed, default: [] } }, { versionKey: false });

export function plausibilityModels(conn: Connection) {
  return {
    Activity: modelOn<PosterActivityDoc>(conn, 'AgriPosterActivity', activitySchema, 'agri_poster_activity'),
    PhotoClaim: modelOn<PhotoClaimDoc>(conn, 'AgriPhotoClaim', claimSchema, 'agri_photo_claims'),
    PriceSample: modelOn<PriceSampleDoc>(conn, 'AgriPriceSample', sampleSchema, 'agri_price_samples'),
  };
}
export type PlausibilityModels = ReturnType<typeof plausibilityModels>;

export const largestKey = (p: Pick<AgriPostDoc, 'category' | 'base_unit'>) => `${p.category}:${p.base_unit}`;

/** The sample documents of a variety: in the county (when the origin names one), and everywhere. */
export function priceSampleKeys(variety_key: string, county_key: string | null): string[] {
  return county_key ? [`${variety_key}|${county_key}`, `${variety_key}|*`] : [`${variety_key}|*`];
}
const countyKeyOf = (p: AgriPostDoc) => (p.origin?.county ? regionKey(p.origin.county) : null);

async function recordActivity(P: PlausibilityModels, change: AgriPostChange): Promise<void> {
  const p = change.post;
  const field = `largest.${largestKey(p)}`;
  // Out first (an edit may have lowered the quantity), then in, largest first: two single-document updates.
  await P.Activity.updateOne({ _id: p.owner_user_id }, { $pull: { [field]: { id: p._id } } }, { upsert: true });
  const push: Record<string, unknown> = { [field]: { $each: [{ id: p._id, q: p.base_quantity }], $sort: { q: -1 }, $slice: LARGEST_KEPT } };
  if (change.what === 'created' || (change.what === 'held' && change.previous_status === null))
    push.recent = { $each: [{ id: p._id, at: p.created_at }], $slice: -RECENT_KEPT };
  await P.Activity.updateOne({ _id: p.owner_user_id }, { $push: push });
}

async function recordPhotos(P: PlausibilityModels, p: AgriPostDoc): Promise<void> {
  if (p.photo_hashes.length === 0) return;
  await P.PhotoClaim.bulkWrite(
    p.photo_hashes.map((h) => ({
      updateOne: { filter: { _id: h }, update: { $addToSet: { owners: p.owner_user_id } }, upsert: true },
    })),
    { ordered: false },
  );
}

async function recordPrice(P: PlausibilityModels, p: AgriPostDoc): Promise<void> {
  if (p.kind !== 'supply') return;
  const keys = priceSampleKeys(p.variety_key, countyKeyOf(p));
  await P.PriceSample.updateMany({ _id: { $in: keys } }, { $pull: { entries: { id: p._id } } });
  const fen = p.base_price_low_fen;
  if (p.status !== 'open' || fen === null) return;
  await P.PriceSample.bulkWrite(
    keys.map((k) => ({
      updateOne: {
        filter: { _id: k },
        update: { $push: { entries: { $each: [{ id: p._id, fen }], $slice: -PRICE_SAMPLE_KEPT } } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
}

/** The agri posts' listener that keeps these documents (registered first, so a next post's checks see this one). */
export function plausibilityListener(P: PlausibilityModels) {
  return async (change: AgriPostChange): Promise<void> => {
    await recordActivity(P, change);
    await recordPhotos(P, change.post);
    await recordPrice(P, change.post);
  };
}
