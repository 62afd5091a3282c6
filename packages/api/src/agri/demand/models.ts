import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../../platform/db';

/**
 * One line of a completed shop order whose product came from a supply post (一键上架), in the post's base unit:
 * what the weekly community demand adds up. `_id` = order_id:product_id, so a replayed completion writes nothing.
 */
export interface DemandLineDoc {
  _id: string;
  order_id: string;
  community_id: string;
  category: string;
  variety: string;
  variety_key: string;
  base_unit: string;
  base_quantity: number;
  /** What the resident paid per base unit, fen (rounded half up). */
  base_price_fen: number;
  completed_at: Date;
  /** Shanghai ISO week of completed_at, e.g. 2026-W49. */
  week: string;
}

/**
 * The one standing purchase post of a community for a variety (and base unit): its post id is fixed when the
 * standing record is first inserted (unique `_id`), so two runs at once still make one post. `week` is the last
 * week it was published for.
 */
export interface StandingDoc {
  _id: string;
  post_id: string;
  community_id: string;
  variety_key: string;
  week: string;
  /** While its post is published; false once expired for a week the community did not buy the variety. */
  open: boolean;
  published_at: Date;
}

const lineSchema = new Schema<DemandLineDoc>(
  {
    _id: String,
    order_id: String,
    community_id: String,
    category: String,
    variety: String,
    variety_key: String,
    base_unit: String,
    base_quantity: Number,
    base_price_fen: Number,
    completed_at: Date,
    week: String,
  },
  { versionKey: false },
);
lineSchema.index({ week: 1, community_id: 1 });

const standingSchema = new Schema<StandingDoc>(
  { _id: String, post_id: String, community_id: String, variety_key: String, week: String, open: Boolean, published_at: Date },
  { versionKey: false },
);
standingSchema.index({ open: 1, week: 1 });

export function demandModels(conn: Connection) {
  return {
    Line: modelOn<DemandLineDoc>(conn, 'AgriDemandLine', lineSchema, 'agri_demand_lines'),
    Standing: modelOn<StandingDoc>(conn, 'AgriDemandStanding', standingSchema, 'agri_demand_standing'),
  };
}
export type DemandModels = ReturnType<typeof demandModels>;
