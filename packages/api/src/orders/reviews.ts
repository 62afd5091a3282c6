import type { BodyOf, OrderReview, Review, routes } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import type { UserActor } from '../platform/actor';
import { modelOn } from '../platform/db';
import { newId } from '../platform/ids';
import { pageNewestFirst } from '../platform/pagination';
import { conflict, notFound } from '../platform/problem';
import type { OrderDoc, OrderModels } from './models';
import type { OrderPorts } from './ports';

interface ReviewDoc {
  _id: string;
  /** Unique: one review per order. */
  order_id: string;
  merchant_id: string;
  buyer_id: string;
  buyer_nickname: string;
  rating: number;
  text: string;
  photos: { id: string; url: string }[];
  created_at: Date;
}
/** A seller's running totals, moved with $inc by each review (so the average never needs a scan). */
interface MerchantRatingDoc {
  _id: string;
  sum: number;
  count: number;
}

const reviewSchema = new Schema<ReviewDoc>(
  {
    _id: String,
    order_id: { type: String, required: true, unique: true },
    merchant_id: { type: String, required: true },
    buyer_id: { type: String, required: true },
    buyer_nickname: { type: String, required: true },
    rating: { type: Number, required: true },
    text: { type: String, default: '' },
    photos: { type: [{ _id: false, id: String, url: String }], default: [] },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);
reviewSchema.index({ merchant_id: 1, _id: -1 });
const ratingSchema = new Schema<MerchantRatingDoc>({ _id: String, sum: Number, count: Number }, { versionKey: false });

/** Masks each blocked word with as many ＊ as it has characters (case-insensitive for Latin letters). */
export function maskBlocked(text: string, words: readonly string[]): string {
  let out = text;
  for (const w of words) {
    if (!w) continue;
    const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(escaped, 'giu'), (m) => '＊'.repeat([...m].length));
  }
  return out;
}

const toReview = (r: ReviewDoc): Review => ({
  id: r._id,
  order_id: r.order_id,
  merchant_id: r.merchant_id,
  buyer_nickname: r.buyer_nickname,
  rating: r.rating,
  text: r.text,
  photos: r.photos,
  created_at: r.created_at.toISOString(),
});

/** Reviews (评价) of completed orders and the sellers' aggregated ratings. */
export function createReviewService(deps: { conn: Connection; models: OrderModels; ports: OrderPorts; blockedWords: string[] }) {
  const ReviewModel = modelOn(deps.conn, 'Review', reviewSchema, 'order_reviews');
  const Rating = modelOn(deps.conn, 'MerchantRating', ratingSchema, 'merchant_ratings');

  return {
    async create(actor: UserActor, order_id: string, body: BodyOf<typeof routes.reviewOrder>): Promise<Review> {
      const o = await deps.models.Order.findById(order_id).lean<OrderDoc>();
      if (!o || o.buyer_id !== actor.user_id) throw notFound('order_not_found', '订单不存在');
      if (o.status !== 'completed') throw conflict('order_not_completed', '确认收货后才能评价');
      const photos = await deps.ports.uploads.requireOwned(body.photo_ids ?? [], actor.user_id, 'body.photo_ids');
      const doc: ReviewDoc = {
        _id: newId('rev'),
        order_id,
        merchant_id: o.merchant_id,
        buyer_id: actor.user_id,
        buyer_nickname: await deps.ports.identity.nickname(actor.user_id),
        rating: body.rating,
        text: maskBlocked(body.text, deps.blockedWords),
        photos: photos.map((p) => ({ id: p.id, url: p.url })),
        created_at: new Date(),
      };
      try {
        await ReviewModel.create(doc);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw conflict('already_reviewed', '这个订单已经评价过了');
        throw err;
      }
      // Counted after the review exists (unique per order), so a rating is counted exactly once.
      await Rating.updateOne({ _id: o.merchant_id }, { $inc: { sum: body.rating, count: 1 } }, { upsert: true });
      return toReview(doc);
    },

    /** The reviews of these orders, by order id (at most one each: order_id is unique). */
    async ofOrders(order_ids: string[]): Promise<Map<string, OrderReview>> {
      const rows = await ReviewModel.find({ order_id: { $in: order_ids } }).lean<ReviewDoc[]>();
      return new Map(
        rows.map((r) => [
          r.order_id,
          { id: r._id, rating: r.rating, text: r.text, photos: r.photos, created_at: r.created_at.toISOString() },
        ]),
      );
    },

    async ofMerchant(merchant_id: string, q: { limit: number; cursor?: string | undefined }) {
      const page = await pageNewestFirst<ReviewDoc>(ReviewModel, { merchant_id }, q);
      const r = await Rating.findById(merchant_id).lean<MerchantRatingDoc>();
      return {
        items: page.items.map(toReview),
        next_cursor: page.next_cursor,
        // One decimal, as shops show it (4.7 分); not money, so a plain number is right here.
        rating_average: r && r.count > 0 ? Math.round((r.sum / r.count) * 10) / 10 : null,
        rating_count: r?.count ?? 0,
      };
    },
  };
}
