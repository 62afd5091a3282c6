import type { AgriCategory, AgriDealStatus, AgriUnit } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../../platform/db';

export interface InquiryMessageDoc {
  from: 'buyer' | 'farmer';
  text: string;
  at: Date;
}

/** The deal recorded on a thread (成交, contract/agri-deal.ts). */
export interface InquiryDealDoc {
  status: AgriDealStatus;
  quantity: number;
  unit: AgriUnit;
  unit_price_fen: number;
  total_fen: number;
  proposed_at: Date;
  decided_at: Date | null;
  rating_by_buyer: number | null;
  rating_by_farmer: number | null;
}

/** One inquiry thread (询价): one buyer and one supply post; unique on the pair. */
export interface InquiryDoc {
  _id: string;
  post_id: string;
  buyer_user_id: string;
  farmer_user_id: string;
  post_summary: { category: AgriCategory; variety: string; unit: AgriUnit; unit_price_fen: number | null };
  buyer_name: string;
  farmer_name: string;
  messages: InquiryMessageDoc[];
  deal?: InquiryDealDoc | null;
  /**
   * What a confirmed deal or a rating changes elsewhere (credit, 行情) is wanted once per change and done after it:
   * a thread read with `effects_wanted > effects_done` (a crash in between) runs the effects again; they are keyed.
   */
  effects_wanted?: number;
  effects_done?: number;
  created_at: Date;
  updated_at: Date;
}

const schema = new Schema<InquiryDoc>(
  {
    _id: String,
    post_id: { type: String, required: true },
    buyer_user_id: { type: String, required: true },
    farmer_user_id: { type: String, required: true },
    post_summary: { category: String, variety: String, unit: String, unit_price_fen: { type: Number, default: null } },
    buyer_name: String,
    farmer_name: String,
    messages: [{ _id: false, from: String, text: String, at: Date }],
    deal: {
      type: {
        _id: false,
        status: String,
        quantity: Number,
        unit: String,
        unit_price_fen: Number,
        total_fen: Number,
        proposed_at: Date,
        decided_at: Date,
        rating_by_buyer: Number,
        rating_by_farmer: Number,
      },
      default: null,
    },
    effects_wanted: { type: Number, default: 0 },
    effects_done: { type: Number, default: 0 },
    created_at: Date,
    updated_at: Date,
  },
  { versionKey: false },
);
// One thread per buyer and post: two racing first inquiries make one thread (the loser appends to it). A filter of
// exactly these two fields is also served by this unique index on the embedded server.
schema.index({ post_id: 1, buyer_user_id: 1 }, { unique: true });
schema.index({ buyer_user_id: 1 });
schema.index({ farmer_user_id: 1 });

export function inquiryModels(conn: Connection) {
  return { Inquiry: modelOn<InquiryDoc>(conn, 'AgriInquiry', schema, 'agri_inquiries') };
}
export type InquiryModels = ReturnType<typeof inquiryModels>;
