import { STOCK_MAX } from '@cc/shared';
import { AppError, badRequest, conflict } from '../platform/problem';
import type { MerchantDoc, ProductDoc } from './models';
import { loadProduct } from './product-core';
import type { ProductDeps, ProductSnapshot } from './products';

/** Current facts of products, keyed by id (unknown ids are absent): what checkout copies into order lines. */
export async function snapshots(deps: ProductDeps, product_ids: readonly string[]): Promise<Map<string, ProductSnapshot>> {
  const docs = await deps.models.Product.find({ _id: { $in: [...new Set(product_ids)] } }, { holds: 0, search_text: 0 }).lean<
    ProductDoc[]
  >();
  const ms = new Map<string, MerchantDoc>();
  for (const id of new Set(docs.map((d) => d.merchant_id))) ms.set(id, await deps.merchants.load(id));
  return new Map(
    docs.map((d) => {
      const m = ms.get(d.merchant_id) as MerchantDoc;
      return [
        d._id,
        {
          product_id: d._id,
          merchant_id: d.merchant_id,
          merchant_name: m.name,
          sku: d.sku,
          name: d.name,
          spec: d.spec,
          unit: d.unit,
          price_fen: d.price_fen,
          image_id: d.images[0] ?? null,
          origin_village: d.origin_village ?? null,
          category_id: d.category_id,
          status: d.status,
          stock: d.stock,
          sellable: d.status === 'on_sale' && m.verification.status === 'verified',
          serves_community_ids: m.serves_community_ids,
          agri_origin: d.agri_origin ?? null,
        },
      ];
    }),
  );
}

/** What the order slices use: current facts, and stock reserved, released and committed per reservation key. */
export function stockForOrders(deps: ProductDeps) {
  return {
    snapshots: (product_ids: readonly string[]) => snapshots(deps, product_ids),

    /**
     * Takes `quantity` units out of stock for `key` (e.g. `${order_id}:${product_id}`), in one guarded update:
     * `stock ≥ quantity`, on sale, and `key` not held yet. So stock never goes below 0 whatever the concurrency, and a
     * retried reserve with the same key takes nothing more. 409 insufficient_stock / product_unavailable otherwise.
     */
    async reserve(req: { product_id: string; quantity: number; key: string }): Promise<{ stock: number }> {
      if (!Number.isSafeInteger(req.quantity) || req.quantity < 1 || req.quantity > STOCK_MAX)
        throw badRequest('invalid_quantity', '数量须为正整数');
      if (!req.key || req.key.length > 200) throw badRequest('invalid_reservation_key', '预留编号无效');
      const updated = await deps.models.Product.findOneAndUpdate(
        { _id: req.product_id, status: 'on_sale', stock: { $gte: req.quantity }, 'holds.key': { $ne: req.key } },
        { $inc: { stock: -req.quantity }, $push: { holds: { key: req.key, qty: req.quantity, at: new Date() } } },
        { new: true, projection: { stock: 1 } },
      ).lean<Pick<ProductDoc, 'stock'>>();
      if (updated) return { stock: updated.stock };
      const p = await loadProduct(deps, req.product_id);
      const held = p.holds.find((h) => h.key === req.key);
      if (held) {
        if (held.qty !== req.quantity) throw conflict('reservation_conflict', '同一预留编号对应了不同的数量');
        return { stock: p.stock };
      }
      if (p.status !== 'on_sale') throw conflict('product_unavailable', `「${p.name}」已下架`);
      throw new AppError(409, 'insufficient_stock', `「${p.name}」库存不足`, { detail: `stock ${p.stock}` });
    },

    /** Gives a reservation's units back (order cancelled or timed out). True the one time it returns them. */
    async release(product_id: string, key: string): Promise<boolean> {
      const p = await deps.models.Product.findOne({ _id: product_id, 'holds.key': key }, { holds: 1 }).lean<ProductDoc>();
      const held = p?.holds.find((h) => h.key === key);
      if (!held) return false;
      // Guarded on the hold itself: of two concurrent releases only one finds it and adds the units back.
      const res = await deps.models.Product.updateOne(
        { _id: product_id, holds: { $elemMatch: { key, qty: held.qty } } },
        { $inc: { stock: held.qty }, $pull: { holds: { key } }, $set: { updated_at: new Date() } },
      );
      return res.modifiedCount === 1;
    },

    /** A reservation became a sale (order paid): the hold is dropped and the units count as sold. True once. */
    async commit(product_id: string, key: string): Promise<boolean> {
      const p = await deps.models.Product.findOne({ _id: product_id, 'holds.key': key }, { holds: 1 }).lean<ProductDoc>();
      const held = p?.holds.find((h) => h.key === key);
      if (!held) return false;
      const res = await deps.models.Product.updateOne(
        { _id: product_id, holds: { $elemMatch: { key, qty: held.qty } } },
        { $inc: { sold_count: held.qty }, $pull: { holds: { key } } },
      );
      return res.modifiedCount === 1;
    },
  };
}
