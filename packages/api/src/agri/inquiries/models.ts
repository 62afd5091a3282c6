import type { AgriCategory, AgriUnit } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../../platform/db';

export interface InquiryMessageDoc {
  from: 'buyer' | 'farmer';
  text: string;
  at: Date;
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
