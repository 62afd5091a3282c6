import { CART_LINES_MAX, type Cart } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { badRequest, conflict } from '../platform/problem';
import type { CartDoc, OrderModels } from './models';
import type { OfferDoc, OfferService } from './offers';
import type { OrderPorts } from './ports';

/** The cart (购物车): product ids and quantities only; names, prices and stock are always read fresh. */
/** The offer price applies while the offer runs and has units left; otherwise the line is at the normal price. */
export function offerPrice(o: OfferDoc | undefined, now = new Date()): number | null {
  return o && o.starts_at <= now && now < o.ends_at && o.quantity_left > 0 ? o.price_fen : null;
}

type CartDeps = { models: OrderModels; ports: OrderPorts; offers: OfferService };

export function createCartService(deps: CartDeps) {
  const { Cart: CartModel } = deps.models;
  return {
    view: (actor: UserActor) => view(deps, actor),
    linesOf: (user_id: string) => linesOf(deps, user_id),
    setLine: (actor: UserActor, product_id: string, quantity: number, offer_id?: string) =>
      setLine(deps, actor, product_id, quantity, offer_id),

    async clear(actor: UserActor): Promise<void> {
      await CartModel.updateOne({ _id: actor.user_id }, { $set: { lines: [], updated_at: new Date() } });
    },

    /** After checkout: the bought products leave the cart (others stay). */
    async removeBought(user_id: string, product_ids: string[]): Promise<void> {
      await CartModel.updateOne(
        { _id: user_id },
        { $pull: { lines: { product_id: { $in: product_ids } } }, $set: { updated_at: new Date() } },
      );
    },
  };
}
export type CartService = ReturnType<typeof createCartService>;

async function linesOf(deps: CartDeps, user_id: string): Promise<CartDoc['lines']> {
  return (await deps.models.Cart.findById(user_id).lean<CartDoc>())?.lines ?? [];
}

/** The cart as the buyer sees it now, for their home community. */
async function view(deps: CartDeps, actor: UserActor): Promise<Cart> {
  const lines = await linesOf(deps, actor.user_id);
  const facts = await deps.ports.catalog.snapshots(lines.map((l) => l.product_id));
  const images = await deps.ports.uploads.urlsOf([...facts.values()].flatMap((f) => (f.image_id ? [f.image_id] : [])));
  const offers = new Map(
    await Promise.all(
      lines.flatMap((l) =>
        l.offer_id
          ? [
              deps.offers.load(l.offer_id).then(
                (o) => [o._id, o] as const,
                () => [l.offer_id as string, undefined] as const,
              ),
            ]
          : [],
      ),
    ),
  );
  const out = lines.flatMap((l) => {
    const f = facts.get(l.product_id);
    if (!f) return [];
    const unavailable = !f.sellable
      ? ('off_sale' as const)
      : !actor.community_id || !f.serves_community_ids.includes(actor.community_id)
        ? ('not_served' as const)
        : f.stock < l.quantity
          ? ('insufficient_stock' as const)
          : null;
    const offer = offerPrice(l.offer_id ? offers.get(l.offer_id) : undefined);
    const price_fen = offer ?? f.price_fen;
    return [
      {
        product_id: f.product_id,
        quantity: l.quantity,
        name: f.name,
        spec: f.spec,
        unit: f.unit,
        price_fen,
        subtotal_fen: price_fen * l.quantity,
        offer_id: offer === null ? null : (l.offer_id ?? null),
        merchant_id: f.merchant_id,
        merchant_name: f.merchant_name,
        origin_village: f.origin_village,
        image_url: f.image_id ? (images.get(f.image_id) ?? null) : null,
        unavailable,
        stock: f.stock,
      },
    ];
  });
  return {
    community_id: actor.community_id,
    lines: out,
    total_fen: out.filter((l) => l.unavailable === null).reduce((sum, l) => sum + l.subtotal_fen, 0),
  };
}

async function setLine(deps: CartDeps, actor: UserActor, product_id: string, quantity: number, offer_id?: string): Promise<Cart> {
  const { Cart: CartModel } = deps.models;
  if (quantity === 0) {
    await CartModel.updateOne({ _id: actor.user_id }, { $pull: { lines: { product_id } }, $set: { updated_at: new Date() } });
    return view(deps, actor);
  }
  const f = (await deps.ports.catalog.snapshots([product_id])).get(product_id);
  if (!f)
    throw badRequest('product_unknown', '商品不存在', [{ path: 'params.product_id', message: '商品不存在', code: 'product_unknown' }]);
  if (!f.sellable) throw conflict('product_unavailable', `「${f.name}」已下架`);
  if (!actor.community_id || !f.serves_community_ids.includes(actor.community_id))
    throw conflict('product_not_served', `「${f.merchant_name}」不配送到您的社区`);
  if (quantity > f.stock) throw conflict('insufficient_stock', `「${f.name}」只剩 ${f.stock}${f.unit}`);
  if (offer_id) {
    const o = await deps.offers.usable(offer_id, product_id);
    if (quantity > o.per_user_limit) throw conflict('offer_limit_reached', `「${o.title}」每人限购 ${o.per_user_limit} 件`);
  }
  const now = new Date();
  // Change the quantity if the line is there; otherwise add it, guarded on the cart's size.
  const changed = await CartModel.updateOne(
    { _id: actor.user_id, 'lines.product_id': product_id },
    { $set: { 'lines.$.quantity': quantity, 'lines.$.offer_id': offer_id ?? null, updated_at: now } },
  );
  if (changed.matchedCount === 0) {
    await CartModel.updateOne({ _id: actor.user_id }, { $setOnInsert: { lines: [], updated_at: now } }, { upsert: true }).catch(
      (err: { code?: number }) => {
        if (err.code !== 11000) throw err;
      },
    );
    const added = await CartModel.updateOne(
      { _id: actor.user_id, 'lines.product_id': { $ne: product_id }, [`lines.${CART_LINES_MAX - 1}`]: { $exists: false } },
      { $push: { lines: { product_id, quantity, offer_id: offer_id ?? null, added_at: now } }, $set: { updated_at: now } },
    );
    if (added.modifiedCount === 0) {
      // Either a concurrent request added the same product (set its quantity), or the cart is full.
      const again = await CartModel.updateOne(
        { _id: actor.user_id, 'lines.product_id': product_id },
        { $set: { 'lines.$.quantity': quantity, 'lines.$.offer_id': offer_id ?? null, updated_at: now } },
      );
      if (again.matchedCount === 0) throw conflict('cart_full', `购物车最多放 ${CART_LINES_MAX} 种商品`);
    }
  }
  return view(deps, actor);
}
