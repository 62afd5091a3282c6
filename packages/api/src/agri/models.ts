import type { AgriCategory, AgriCertKind, AgriFrequency, AgriHoldCode, AgriPostKind, AgriPostStatus, AgriUnit } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';

export interface LatLngDoc {
  lat: number;
  lng: number;
}

export interface CertificationDoc {
  kind: AgriCertKind;
  evidence_upload_id: string;
  status: 'pending' | 'confirmed' | 'rejected';
  checked_by: string | null;
  checked_at: Date | null;
  note: string | null;
}

/**
 * One supply (sup_) or purchase (dem_) post. Both kinds share one collection so that a match query for either side
 * is one indexed read on `{kind, status, variety_key}`; the fields of the other kind stay null. `window_*`,
 * `location` and `price_*` are the kind-neutral copies matching and search use (supply: available window, origin,
 * its price; purchase: needed-by window, delivery place, its target range).
 */
export interface AgriPostDoc {
  _id: string;
  kind: AgriPostKind;
  owner_user_id: string;
  /** The community whose operators moderate it: the poster's merchant's, else the place's, else their home. */
  community_id: string | null;
  poster_name: string;
  poster_kind: 'farmer' | 'coop' | 'store' | 'buyer';
  category: AgriCategory;
  variety: string;
  variety_key: string;
  variety_confirmed: boolean;
  quantity: number;
  unit: AgriUnit;
  base_quantity: number;
  base_unit: AgriUnit;
  // supply
  unit_price_fen: number | null;
  min_order_quantity: number | null;
  origin: { village: string; township: string | null; county: string | null; community_id: string | null; location: LatLngDoc } | null;
  photo_upload_ids: string[];
  /** sha256 of each photo (uploads module): the same photo posted by another person holds the post. */
  photo_hashes: string[];
  certifications: CertificationDoc[];
  description: string | null;
  // purchase
  unit_price_min_fen: number | null;
  unit_price_max_fen: number | null;
  delivery: { place: string; community_id: string | null; location: LatLngDoc } | null;
  frequency: AgriFrequency | null;
  notes: string | null;
  // kind-neutral copies
  window_from: string;
  window_to: string;
  location: LatLngDoc;
  /** Price per base unit in fen: supply both its price, purchase its range; null when 面议. */
  base_price_low_fen: number | null;
  base_price_high_fen: number | null;
  /** Sort key of the price sort: base_price_low_fen, or PRICE_SORT_NEGOTIABLE (面议 last). Never null. */
  price_sort_fen: number;
  /** Normalised village, township and county names (region filter). */
  region_keys: string[];
  /** Search tokens (no $text on the embedded server, DESIGN §3): words and CJK bigrams of what a person may type. */
  tokens: string[];
  certified: boolean;
  status: AgriPostStatus;
  /** What `restore` brings a hidden post back to. */
  status_before_hide: AgriPostStatus | null;
  hold_reasons: { code: AgriHoldCode; words: string }[];
  moderation_note: string | null;
  reports_open: number;
  expires_at: Date;
  /** Increases on every change: listeners and jobs compare it to ignore stale work. */
  revision: number;
  /** Set on a community's standing weekly purchase post made from its residents' orders (agri/demand). */
  community_demand?: { community_id: string; week: string; orders: number } | null;
  created_at: Date;
  updated_at: Date;
}

/** A poster's credit record and posting rights (one per person). */
export interface AgriPosterDoc {
  _id: string;
  verified: boolean;
  completed_deals: number;
  reports_upheld: number;
  warnings: number;
  ratings_count: number;
  rating_sum: number;
  banned_until: Date | null;
  ban_reason: string | null;
  /** Keys of the deals and ratings already counted (the latest few hundred): a replayed count changes nothing. */
  counted_keys?: string[];
  updated_at: Date;
}

export interface AgriReportDoc {
  _id: string;
  post_id: string;
  reporter_user_id: string;
  reason: string;
  note: string | null;
  status: 'open' | 'upheld' | 'dismissed';
  created_at: Date;
  decided_at: Date | null;
}

/** A variety not on the known list: pending until an operator accepts or refuses it. `_id` = category:variety_key. */
export interface AgriVarietyDoc {
  _id: string;
  category: AgriCategory;
  variety: string;
  variety_key: string;
  status: 'pending' | 'accepted' | 'refused';
  posts: number;
  first_seen_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
}

const LatLng = { lat: Number, lng: Number };

const postSchema = new Schema<AgriPostDoc>(
  {
    _id: String,
    kind: { type: String, required: true },
    owner_user_id: { type: String, required: true },
    community_id: { type: String, default: null },
    poster_name: String,
    poster_kind: String,
    category: { type: String, required: true },
    variety: String,
    variety_key: { type: String, required: true },
    variety_confirmed: Boolean,
    quantity: Number,
    unit: String,
    base_quantity: Number,
    base_unit: String,
    unit_price_fen: { type: Number, default: null },
    min_order_quantity: { type: Number, default: null },
    origin: {
      type: new Schema(
        {
          village: String,
          township: { type: String, default: null },
          county: { type: String, default: null },
          community_id: { type: String, default: null },
          location: LatLng,
        },
        { _id: false },
      ),
      default: null,
    },
    photo_upload_ids: { type: [String], default: [] },
    photo_hashes: { type: [String], default: [] },
    certifications: [
      { _id: false, kind: String, evidence_upload_id: String, status: String, checked_by: String, checked_at: Date, note: String },
    ],
    description: { type: String, default: null },
    unit_price_min_fen: { type: Number, default: null },
    unit_price_max_fen: { type: Number, default: null },
    delivery: {
      type: new Schema({ place: String, community_id: { type: String, default: null }, location: LatLng }, { _id: false }),
      default: null,
    },
    frequency: { type: String, default: null },
    notes: { type: String, default: null },
    window_from: String,
    window_to: String,
    location: LatLng,
    base_price_low_fen: { type: Number, default: null },
    base_price_high_fen: { type: Number, default: null },
    price_sort_fen: Number,
    region_keys: { type: [String], default: [] },
    tokens: { type: [String], default: [] },
    certified: { type: Boolean, default: false },
    status: { type: String, required: true },
    status_before_hide: { type: String, default: null },
    hold_reasons: [{ _id: false, code: String, words: String }],
    moderation_note: { type: String, default: null },
    reports_open: { type: Number, default: 0 },
    expires_at: { type: Date, required: true },
    revision: { type: Number, default: 1 },
    community_demand: { type: new Schema({ community_id: String, week: String, orders: Number }, { _id: false }), default: null },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
// Matching (agri/match): the open counterparts of one variety, exactly these fields (the embedded server's rule).
postSchema.index({ kind: 1, status: 1, variety_key: 1 });
// Search candidates by category, by token and by map cell; the newest list; one's own posts.
postSchema.index({ kind: 1, status: 1, category: 1 });
postSchema.index({ kind: 1, status: 1, tokens: 1 });
postSchema.index({ kind: 1, status: 1, 'location.lat': 1, 'location.lng': 1 });
postSchema.index({ kind: 1, status: 1 });
postSchema.index({ owner_user_id: 1 });
// Plausibility: the same photo under another poster.
postSchema.index({ photo_hashes: 1 });
// Operators' queues per community.
postSchema.index({ community_id: 1, status: 1 });
postSchema.index({ community_id: 1, reports_open: 1 });

const posterSchema = new Schema<AgriPosterDoc>(
  {
    _id: String,
    verified: { type: Boolean, default: false },
    completed_deals: { type: Number, default: 0 },
    reports_upheld: { type: Number, default: 0 },
    warnings: { type: Number, default: 0 },
    ratings_count: { type: Number, default: 0 },
    rating_sum: { type: Number, default: 0 },
    banned_until: { type: Date, default: null },
    ban_reason: { type: String, default: null },
    counted_keys: { type: [String], default: undefined },
    updated_at: Date,
  },
  { versionKey: false, minimize: false },
);

const reportSchema = new Schema<AgriReportDoc>(
  {
    _id: String,
    post_id: { type: String, required: true },
    reporter_user_id: { type: String, required: true },
    reason: String,
    note: { type: String, default: null },
    status: { type: String, required: true },
    created_at: Date,
    decided_at: { type: Date, default: null },
  },
  { versionKey: false },
);
// One report per person and post (a double tap answers 409, not a second report).
reportSchema.index({ post_id: 1, reporter_user_id: 1 }, { unique: true });
reportSchema.index({ post_id: 1 });

const varietySchema = new Schema<AgriVarietyDoc>(
  {
    _id: String,
    category: String,
    variety: String,
    variety_key: String,
    status: { type: String, required: true },
    posts: { type: Number, default: 0 },
    first_seen_at: Date,
    decided_by: { type: String, default: null },
    decided_at: { type: Date, default: null },
  },
  { versionKey: false },
);
varietySchema.index({ status: 1 });

export function agriModels(conn: Connection) {
  return {
    Post: modelOn<AgriPostDoc>(conn, 'AgriPost', postSchema, 'agri_posts'),
    Poster: modelOn<AgriPosterDoc>(conn, 'AgriPoster', posterSchema, 'agri_posters'),
    Report: modelOn<AgriReportDoc>(conn, 'AgriReport', reportSchema, 'agri_reports'),
    Variety: modelOn<AgriVarietyDoc>(conn, 'AgriVariety', varietySchema, 'agri_varieties'),
  };
}
export type AgriModels = ReturnType<typeof agriModels>;
