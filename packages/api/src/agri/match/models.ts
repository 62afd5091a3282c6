import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../../platform/db';
import type { MatchEntry } from './score';

/**
 * A candidate bucket: the open posts of one kind under one key (variety × map cell, variety anywhere, category ×
 * map cell), newest last, at most a bucket's cap. Matching reads the buckets around a post by `_id: {$in}` — the only
 * lookup mongo-java-server serves from an index (its non-unique indexes are never used), so the cost of a match
 * depends on the caps, not on how many posts there are.
 */
export interface MatchBucketDoc {
  _id: string;
  entries: MatchEntry[];
}

/** One pair as kept on each side's list: the counterpart's score, reasons and distance. */
export interface MatchItemDoc {
  score: number;
  reasons: string[];
  distance_km: number;
  owner: string;
  computed_at: Date;
}

/**
 * The ranked counterparts of one post, keyed by the counterpart's id (so either side sets or unsets one pair with
 * a plain `{_id}` update: no duplicates, no guard). `bucket_keys` are the buckets the post was put in (to take it
 * out again after an edit moved it); `post_revision` is the revision the list was computed for.
 */
export interface MatchListDoc {
  _id: string;
  items: Record<string, MatchItemDoc>;
  bucket_keys: string[];
  post_revision: number;
  computed_at: Date;
}

const bucketSchema = new Schema<MatchBucketDoc>({ _id: String, entries: { type: Schema.Types.Mixed, default: [] } }, { versionKey: false });
const listSchema = new Schema<MatchListDoc>(
  {
    _id: String,
    items: { type: Schema.Types.Mixed, default: {} },
    bucket_keys: { type: [String], default: [] },
    post_revision: Number,
    computed_at: Date,
  },
  { versionKey: false, minimize: false },
);

export function matchModels(conn: Connection) {
  return {
    Bucket: modelOn<MatchBucketDoc>(conn, 'AgriMatchBucket', bucketSchema, 'agri_match_buckets'),
    List: modelOn<MatchListDoc>(conn, 'AgriMatchList', listSchema, 'agri_match_lists'),
  };
}
export type MatchModels = ReturnType<typeof matchModels>;
