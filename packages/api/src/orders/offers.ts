import type { BodyOf, Offer, routes } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import type { UserActor } from '../platform/actor';
import { modelOn } from '../platform/db';
import { newId } from '../platform/ids';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/problem';
import type { OrderPorts } from './ports';

export interface OfferDoc {
  _id: string;
  product_id: string;
  merchant_id: string;
  kind: 'flash_sale' | 'group_buy';
  title: string;
  price_fen: number;
  regular_price_fen: number;
  quantity_total: number;
  /** Decremented by a guarded update per claim: never below 0. */
  quantity_left: number;
  per_user_limit: number;
  starts_at: Date;
  ends_at: Date;
  /** Communities the merchant delivers to, copied when the offer is made (for listing). */
  community_ids: string[];
  created_by: string;
  created_at: Date;
}
/** How many units one person holds under one offer (guarded against the per-person limit). */
interface OfferClaimDoc {
  _id: string;
  quantity: number;
}
/** One order's units under an offer, so that giving them back happens exactly once. */
interface OfferHoldDoc {
  _id: string;
  offer_id: string;
  user_id: string;
  quantity: number;
  status: 'pending' | 'held' | 'released';
}

const offerSchema = new Schema<OfferDoc>(
  {
    _id: String,
    product_id: { type: String, required: true, index: true },
    merchant_id: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    price_fen: { type: Number, required: true },
    regular_price_fen: { type: Number, required: true },
    quantity_total: { type: Number, required: true },
    quantity_left: { type: Number, required: true },
    per_user_limit: { type: Number, required: true },
    starts_at: { type: Date, required: true },
    ends_at: { type: Date, required: true },
    community_ids: { type: [String], default: [] },
    created_by: { type: String, required: true },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);
offerSchema.index({ community_ids: 1, ends_at: 1 });
const claimSchema = new Schema<OfferClaimDoc>({ _id: String, quantity: { type: Number, required: true } }, { versionKey: false });
const holdSchema = new Schema<OfferHoldDoc>(
  { _id: String, offer_id: String, user_id: String, quantity: Number, status: String },
  { versionKey: false },
);

export function offerModels(conn: Connection) {
  return {
    Offer: modelOn(conn, 'Offer', offerSchema, 'offers'),
    OfferClaim: modelOn(conn, 'OfferClaim', claimSchema, 'offer_claims'),
    OfferHold: modelOn(conn, 'OfferHold', holdSchema, 'offer_holds'),
  };
}

export function toOffer(o: OfferDoc, now = new Date()): Offer {
  const state = now < o.starts_at ? 'upcoming' : now >= o.ends_at ? 'ended' : o.quantity_left <= 0 ? 'sold_out' : 'running';
  return {
    id: o._id,
    product_id: o.product_id,
    merchant_id: o.merchant_id,
    kind: o.kind,
    title: o.title,
    price_fen: o.price_fen,
    regular_price_fen: o.regular_price_fen,
    quantity_total: o.quantity_total,
    quantity_left: Math.max(0, o.quantity_left),
    per_user_limit: o.per_user_limit,
    starts_at: o.starts_at.toISOString(),
    ends_at: o.ends_at.toISOString(),
    state,
  };
}

/**
 * Limited offers (限时限量). A claim at checkout is three guarded single-document steps — the order's hold record
 * (unique), the person's total against the per-person limit, the offer's units left — each undone if a later one
 * fails. So under any rush no offer sells more than its quantity and nobody more than their limit.
 */
export function createOfferService(deps: { conn: Connection; ports: OrderPorts }) {
  const { Offer: OfferModel, OfferClaim, OfferHold } = offerModels(deps.conn);

  async function load(offer_id: string): Promise<OfferDoc> {
    const o = await OfferModel.findById(offer_id).lean<OfferDoc>();
    if (!o) throw notFound('offer_not_found', '活动不存在');
    return o;
  }

  /** Takes `quantity` more of the person's allowance; false when it would pass the limit. */
  async function takeAllowance(claim_id: string, quantity: number, limit: number): Promise<boolean> {
    await OfferClaim.updateOne({ _id: claim_id }, { $setOnInsert: { quantity: 0 } }, { upsert: true }).catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    });
    const res = await OfferClaim.updateOne({ _id: claim_id, quantity: { $lte: limit - quantity } }, { $inc: { quantity } });
    return res.modifiedCount === 1;
  }

  return {
    load,
    create: (actor: UserActor, product_id: string, body: BodyOf<typeof routes.createOffer>) =>
      createOffer(OfferModel, deps.ports, actor, product_id, body),

    async list(community_id: string): Promise<{ items: Offer[] }> {
      const rows = await OfferModel.find({ community_ids: community_id, ends_at: { $gt: new Date() } })
        .sort({ starts_at: 1, _id: 1 })
        .limit(100)
        .lean<OfferDoc[]>();
      const now = new Date();
      return { items: rows.map((o) => toOffer(o, now)) };
    },

    get: async (offer_id: string) => toOffer(await load(offer_id)),

    /** The offer a cart line may use: running, for this product. */
    async usable(offer_id: string, product_id: string): Promise<OfferDoc> {
      const o = await load(offer_id);
      const now = new Date();
      if (o.product_id !== product_id) throw badRequest('offer_not_for_product', '活动不适用于该商品');
      if (now < o.starts_at) throw conflict('offer_not_started', `「${o.title}」还没开始`);
      if (now >= o.ends_at) throw conflict('offer_ended', `「${o.title}」已结束`);
      return o;
    },

    /** At checkout: `quantity` units of the offer for this order and person. 409 on the limit, sold out or out of time. */
    async claim(order_id: string, offer_id: string, user_id: string, quantity: number): Promise<void> {
      const o = await load(offer_id);
      const hold_id = `${order_id}:${offer_id}`;
      try {
        await OfferHold.create({ _id: hold_id, offer_id, user_id, quantity, status: 'pending' });
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return; // this order already holds it (a replayed step)
        throw err;
      }
      const drop = () => OfferHold.updateOne({ _id: hold_id, status: 'pending' }, { $set: { status: 'released' } });
      const claim_id = `${offer_id}:${user_id}`;
      if (!(await takeAllowance(claim_id, quantity, o.per_user_limit))) {
        await drop();
        throw conflict('offer_limit_reached', `「${o.title}」每人限购 ${o.per_user_limit} 件`);
      }
      const now = new Date();
      const taken = await OfferModel.updateOne(
        { _id: offer_id, quantity_left: { $gte: quantity }, starts_at: { $lte: now }, ends_at: { $gt: now } },
        { $inc: { quantity_left: -quantity } },
      );
      if (taken.modifiedCount === 0) {
        await OfferClaim.updateOne({ _id: claim_id }, { $inc: { quantity: -quantity } });
        await drop();
        const fresh = await load(offer_id);
        if (now >= fresh.ends_at || now < fresh.starts_at) throw conflict('offer_ended', `「${o.title}」不在活动时间内`);
        throw new AppError(409, 'offer_sold_out', `「${o.title}」已抢完`);
      }
      await OfferHold.updateOne({ _id: hold_id }, { $set: { status: 'held' } });
    },

    /** Gives an order's offer units back (cancelled, expired, failed checkout). Exactly once per hold. */
    async release(order_id: string, offer_id: string): Promise<void> {
      const hold = await OfferHold.findOneAndUpdate(
        { _id: `${order_id}:${offer_id}`, status: 'held' },
        { $set: { status: 'released' } },
        { new: true },
      ).lean<OfferHoldDoc>();
      if (!hold) return;
      await OfferModel.updateOne({ _id: offer_id }, { $inc: { quantity_left: hold.quantity } });
      await OfferClaim.updateOne({ _id: `${offer_id}:${hold.user_id}` }, { $inc: { quantity: -hold.quantity } });
    },
  };
}
export type OfferService = ReturnType<typeof createOfferService>;

async function createOffer(
  OfferModel: ReturnType<typeof offerModels>['Offer'],
  ports: OrderPorts,
  actor: UserActor,
  product_id: string,
  body: BodyOf<typeof routes.createOffer>,
): Promise<Offer> {
  const f = (await ports.catalog.snapshots([product_id])).get(product_id);
  if (!f) throw notFound('product_not_found', '商品不存在');
  if (!(await ports.catalog.ownsMerchant(actor.user_id, f.merchant_id))) throw forbidden('not_merchant_owner', '这不是您的店铺');
  if (!f.sellable) throw conflict('product_unavailable', '商品未上架，不能做活动');
  if (body.price_fen >= f.price_fen)
    throw badRequest('offer_price_not_lower', '活动价须低于原价', [
      { path: 'body.price_fen', message: '活动价须低于原价', code: 'offer_price_not_lower' },
    ]);
  if (body.per_user_limit > body.quantity_total)
    throw badRequest('validation_failed', '每人限购不能多于活动总量', [
      { path: 'body.per_user_limit', message: '每人限购不能多于活动总量', code: 'too_big' },
    ]);
  if (Date.parse(body.ends_at) <= Date.now())
    throw badRequest('validation_failed', '结束时间已过', [{ path: 'body.ends_at', message: '结束时间已过', code: 'too_small' }]);
  const doc: OfferDoc = {
    _id: newId('ofr'),
    product_id,
    merchant_id: f.merchant_id,
    kind: body.kind,
    title: body.title,
    price_fen: body.price_fen,
    regular_price_fen: f.price_fen,
    quantity_total: body.quantity_total,
    quantity_left: body.quantity_total,
    per_user_limit: body.per_user_limit,
    starts_at: new Date(body.starts_at),
    ends_at: new Date(body.ends_at),
    community_ids: f.serves_community_ids,
    created_by: actor.user_id,
    created_at: new Date(),
  };
  await OfferModel.create(doc);
  return toOffer(doc);
}
