import { Schema, type Connection } from 'mongoose';
import type { PriceRegionLevel, PriceSource } from '@cc/shared';
import { modelOn } from '../../platform/db';
import type { DayStats, PricePoint } from './stats';

/** One observation as it came, kept for audit and for idempotency: `_id` is `<source>:<source_id>`. */
export interface PriceObservationDoc {
  _id: string;
  source: PriceSource;
  source_id: string;
  variety_key: string;
  variety_name: string;
  unit: string;
  quantity: number;
  price_fen_per_unit: number;
  base_unit: string;
  base_quantity: number;
  base_price_fen: number;
  region: { village: string; township: string; county: string };
  day: string;
  at: Date;
  user_id: string | null;
  created_at: Date;
}

/**
 * A day's bucket of one variety, base unit and region: `_id` is `<variety>|<unit>|<level>|<region path>|<day>`, so
 * every read and write finds it by `_id` alone (a trend is `_id: {$in: [≤ 90 ids]}`), never by a scan. The points
 * are the day's observations there; `stats` are computed from them for `stats_version` (== `version` when fresh).
 */
export interface PriceDayDoc {
  _id: string;
  variety_key: string;
  base_unit: string;
  level: PriceRegionLevel;
  path: string;
  day: string;
  points: PricePoint[];
  version: number;
  stats: DayStats | null;
  stats_version: number;
}

/** What has data: one document per variety (a short list, read whole). */
export interface PriceVarietyDoc {
  _id: string;
  name: string;
  units: string[];
  last_day: string;
  regions: { level: PriceRegionLevel; path: string }[];
}

/** A farmer's latest asking price per variety (their supply posts): `_id` is `<user_id>|<variety_key>`. */
export interface PriceAskDoc {
  _id: string;
  user_id: string;
  variety_key: string;
  base_unit: string;
  base_price_fen: number;
  region: { village: string; township: string; county: string };
  day: string;
  at: Date;
  source_id: string;
}

const observationSchema = new Schema<PriceObservationDoc>(
  {
    _id: String,
    source: { type: String, required: true },
    source_id: { type: String, required: true },
    variety_key: { type: String, required: true },
    variety_name: { type: String, required: true },
    unit: { type: String, required: true },
    quantity: { type: Number, required: true },
    price_fen_per_unit: { type: Number, required: true },
    base_unit: { type: String, required: true },
    base_quantity: { type: Number, required: true },
    base_price_fen: { type: Number, required: true },
    region: { village: String, township: String, county: String },
    day: { type: String, required: true },
    at: { type: Date, required: true },
    user_id: { type: String, default: null },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);

const daySchema = new Schema<PriceDayDoc>(
  {
    _id: String,
    variety_key: String,
    base_unit: String,
    level: String,
    path: String,
    day: String,
    points: [{ _id: false, o: String, p: Number, q: Number }],
    version: { type: Number, default: 0 },
    stats: { type: Schema.Types.Mixed, default: null },
    stats_version: { type: Number, default: 0 },
  },
  { versionKey: false },
);
// Always true (the _id is unique): it exists so the embedded server, which uses an index only when a filter has
// exactly its fields, serves the optimistic stats write `{_id, version}` without scanning the buckets.
daySchema.index({ _id: 1, version: 1 }, { unique: true });

const varietySchema = new Schema<PriceVarietyDoc>(
  {
    _id: String,
    name: String,
    units: [String],
    last_day: String,
    regions: [{ _id: false, level: String, path: String }],
  },
  { versionKey: false },
);

const askSchema = new Schema<PriceAskDoc>(
  {
    _id: String,
    user_id: String,
    variety_key: String,
    base_unit: String,
    base_price_fen: Number,
    region: { village: String, township: String, county: String },
    day: String,
    at: Date,
    source_id: String,
  },
  { versionKey: false },
);

export function priceModels(conn: Connection) {
  return {
    Observation: modelOn(conn, 'AgriPriceObservation', observationSchema, 'agri_price_observations'),
    Day: modelOn(conn, 'AgriPriceDay', daySchema, 'agri_price_days'),
    Variety: modelOn(conn, 'AgriPriceVariety', varietySchema, 'agri_price_varieties'),
    Ask: modelOn(conn, 'AgriPriceAsk', askSchema, 'agri_price_asks'),
    // The same collections for the update operators mongoose would recast ($addToSet of a point, $setOnInsert).
    raw: {
      observations: conn.collection<PriceObservationDoc>('agri_price_observations'),
      days: conn.collection<PriceDayDoc>('agri_price_days'),
      varieties: conn.collection<PriceVarietyDoc>('agri_price_varieties'),
      asks: conn.collection<PriceAskDoc>('agri_price_asks'),
    },
  };
}
export type PriceModels = ReturnType<typeof priceModels>;
