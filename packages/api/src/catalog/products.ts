import { STOCK_MAX, type BodyOf, type Product, type ProductSort, type ProductStatus, type ProductUnit, type routes } from '@cc/shared';
import { hasCommunityRole, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/problem';
import type { CategoryService } from './categories';
import type { MerchantService } from './merchants';
import type { CatalogModels, CategoryDoc, MerchantDoc, ProductDoc } from './models';
import { searchTextOf, textFilter } from './text';

type CreateProduct = BodyOf<typeof routes.createProduct>;
type UpdateProduct = BodyOf<typeof routes.updateProduct>;
type Page = { limit: number; cursor?: string | undefined };

export interface SearchInput extends Page {
  community_id: string;
  q?: string | undefined;
  category_id?: string | undefined;
  merchant_id?: string | undefined;
  merchant_kind?: string | undefined;
  origin_village?: string | undefined;
  price_min_fen?: number | undefined;
  price_max_fen?: number | undefined;
  in_stock?: 'true' | 'false' | undefined;
  sort: ProductSort;
}

/** What an order line copies at checkout (the client's prices are never used). */
export interface ProductSnapshot {
  product_id: string;
  merchant_id: string;
  merchant_name: string;
  sku: string;
  name: string;
  spec: string;
  unit: ProductUnit;
  price_fen: number;
  image_id: string | null;
  origin_village: string | null;
  category_id: string;
  status: ProductStatus;
  stock: number;
  /** On sale by a verified merchant: may be put in a cart and checked out. */
  sellable: boolean;
  serves_community_ids: string[];
}

/** A valid row of a catalog import (or of the demo seed): `present` says which columns the file has. */
export interface CatalogRow {
  row: number;
  sku: string;
  present: ReadonlySet<RowField>;
  name: string;
  description: string;
  spec: string;
  category: CategoryDoc;
  unit: ProductUnit;
  price_fen: number;
  stock: number;
  images: string[];
  origin_village: string | null;
  harvest_date: string | null;
  keywords: string[];
  status: 'draft' | 'on_sale' | 'off_sale' | null;
}
export type RowField =
  | 'name'
  | 'description'
  | 'spec'
  | 'category'
  | 'unit'
  | 'price_fen'
  | 'stock'
  | 'images'
  | 'origin_village'
  | 'harvest_date'
  | 'keywords'
  | 'status';
export type RowOutcome = 'created' | 'updated' | 'unchanged' | { error: string; column: RowField | null };

export interface ProductDeps {
  models: CatalogModels;
  categories: CategoryService;
  merchants: MerchantService;
  /** Uploads, through its service: 400 naming `field` unless every id is a photo of this person. */
  requireImages(ids: readonly string[], owner_id: string, field: string): Promise<void>;
  /** Uploads, through its service: file URLs of photos. */
  imageUrls(ids: readonly string[]): Promise<Map<string, string>>;
}

const SORTS: Record<ProductSort, { field: 'price_fen' | 'sold_count' | null; dir: 1 | -1 }> = {
  newest: { field: null, dir: -1 },
  price_asc: { field: 'price_fen', dir: 1 },
  price_desc: { field: 'price_fen', dir: -1 },
  sales: { field: 'sold_count', dir: -1 },
};

/**
 * Keyset cursor for one sort: the sort's name, the last row's sort value and its id. The id (a time-ordered ULID)
 * breaks ties, so rows with equal prices are neither repeated nor skipped; a cursor of another sort is refused.
 */
function encodeCursor(sort: ProductSort, p: ProductDoc): string {
  const field = SORTS[sort].field;
  return Buffer.from(JSON.stringify([sort, field ? p[field] : null, p._id])).toString('base64url');
}

function afterCursor(sort: ProductSort, cursor: string): Record<string, unknown> {
  const invalid = () => badRequest('invalid_cursor', '分页游标无效');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(raw) || raw.length !== 3 || raw[0] !== sort) throw invalid();
  const [, value, id] = raw as [unknown, unknown, unknown];
  if (typeof id !== 'string' || !/^prd_[0-9A-Z]{26}$/.test(id)) throw invalid();
  const { field, dir } = SORTS[sort];
  const cmp = dir === 1 ? '$gt' : '$lt';
  if (!field) return { _id: { [cmp]: id } };
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid();
  return { $or: [{ [field]: { [cmp]: value } }, { [field]: value, _id: { [cmp]: id } }] };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Which seller status changes are allowed, from where. Hidden products only move by an operator. */
const SELLER_STATUS: Record<'on_sale' | 'off_sale', ProductStatus[]> = {
  on_sale: ['draft', 'off_sale'],
  off_sale: ['draft', 'on_sale'],
};

export function createProductService(deps: ProductDeps) {
  const { Product: ProductModel } = deps.models;
  const { merchants, categories } = deps;

  /** Products as the API shows them: with their merchant, category name and image URLs, in one query each. */
  async function present(docs: ProductDoc[], known: MerchantDoc[] = []): Promise<Product[]> {
    if (docs.length === 0) return [];
    const byMerchant = new Map(known.map((m) => [m._id, m]));
    for (const id of new Set(docs.map((d) => d.merchant_id))) if (!byMerchant.has(id)) byMerchant.set(id, await merchants.load(id));
    const categoryIds = [...new Set(docs.map((d) => d.category_id))];
    const names = new Map((await categories.all()).filter((c) => categoryIds.includes(c._id)).map((c) => [c._id, c.name]));
    const urls = await deps.imageUrls([...new Set(docs.flatMap((d) => d.images))]);
    return docs.map((d) => {
      const m = byMerchant.get(d.merchant_id) as MerchantDoc;
      return {
        id: d._id,
        merchant_id: d.merchant_id,
        merchant: { id: m._id, name: m.name, kind: m.kind, origin_village: m.origin_village ?? null },
        sku: d.sku,
        name: d.name,
        description: d.description,
        spec: d.spec,
        category_id: d.category_id,
        category_path: d.category_path,
        category_name: names.get(d.category_id) ?? '',
        unit: d.unit,
        price_fen: d.price_fen,
        stock: d.stock,
        in_stock: d.stock > 0,
        images: d.images,
        image_urls: d.images.map((id) => urls.get(id) ?? ''),
        origin_village: d.origin_village ?? null,
        harvest_date: d.harvest_date ?? null,
        keywords: d.keywords,
        status: d.status,
        hidden: d.hidden ? { reason: d.hidden.reason, by: d.hidden.by, at: d.hidden.at.toISOString() } : null,
        sold_count: d.sold_count,
        created_at: d.created_at.toISOString(),
        updated_at: d.updated_at.toISOString(),
      };
    });
  }

  const presentOne = async (d: ProductDoc, m?: MerchantDoc) => (await present([d], m ? [m] : []))[0] as Product;

  async function load(product_id: string): Promise<ProductDoc> {
    const p = await ProductModel.findById(product_id).lean<ProductDoc>();
    if (!p) throw notFound('product_not_found', '商品不存在');
    return p;
  }

  /** The product and its merchant, for the merchant's owner only. */
  async function ownedProduct(actor: UserActor, product_id: string): Promise<{ p: ProductDoc; m: MerchantDoc }> {
    const p = await load(product_id);
    const m = await merchants.owned(actor, p.merchant_id);
    return { p, m };
  }

  const notVerified = () => forbidden('merchant_not_verified', '店铺尚未通过实名认证，商品只能保存为草稿');

  async function searchText(fields: {
    name: string;
    spec: string;
    keywords: string[];
    category_path: string[];
    origin_village: string | null;
  }): Promise<string> {
    return searchTextOf([
      fields.name,
      fields.spec,
      ...fields.keywords,
      ...(await categories.namesOf(fields.category_path)),
      fields.origin_village,
    ]);
  }

  /** One page of `filter` in the order of `sort`, by keyset. */
  async function pageOf(filter: Record<string, unknown>, sort: ProductSort, page: Page) {
    const { field, dir } = SORTS[sort];
    const where = page.cursor ? { $and: [filter, afterCursor(sort, page.cursor)] } : filter;
    const rows = await ProductModel.find(where)
      .sort(field ? { [field]: dir, _id: dir } : { _id: dir })
      .limit(page.limit + 1)
      .lean<ProductDoc[]>();
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return { items, next_cursor: rows.length > page.limit && last ? encodeCursor(sort, last) : null };
  }

  function guardedStatusError(p: ProductDoc, to: string): AppError {
    if (p.status === 'hidden_by_operator') return conflict('product_hidden', '商品已被运营人员隐藏，不能上下架');
    return new AppError(409, 'illegal_transition', `商品当前状态为「${p.status}」，不能改为「${to}」`, { detail: `${p.status} → ${to}` });
  }

  /**
   * The resident's search: products on sale from verified merchants serving `community_id`, filtered and sorted,
   * one keyset page at a time. Text is a regex over the normalised search_text (no $text on the embedded server).
   */
  async function search(query: SearchInput) {
    const ms = await merchants.servingIds(query.community_id, { merchant_id: query.merchant_id, kind: query.merchant_kind });
    if (ms.length === 0) {
      // Still refuse a bad cursor: the same request must not be 200 or 400 depending on the data.
      if (query.cursor) afterCursor(query.sort, query.cursor);
      return { items: [], next_cursor: null };
    }
    const and: Record<string, unknown>[] = [{ status: 'on_sale', merchant_id: { $in: ms.map((m) => m._id) } }];
    if (query.category_id) and.push({ category_path: query.category_id });
    if (query.origin_village) and.push({ origin_village: query.origin_village.trim() });
    const price: Record<string, number> = {};
    if (query.price_min_fen !== undefined) price.$gte = query.price_min_fen;
    if (query.price_max_fen !== undefined) price.$lte = query.price_max_fen;
    if (Object.keys(price).length) and.push({ price_fen: price });
    if (query.in_stock === 'true') and.push({ stock: { $gt: 0 } });
    if (query.in_stock === 'false') and.push({ stock: 0 });
    const text = query.q ? textFilter(query.q) : null;
    if (text) and.push(text);
    const page = await pageOf(and.length === 1 ? (and[0] as Record<string, unknown>) : { $and: and }, query.sort, query);
    return { items: await present(page.items, ms), next_cursor: page.next_cursor };
  }

  return {
    present,
    load,

    async create(actor: UserActor, merchant_id: string, body: CreateProduct): Promise<Product> {
      const m = await merchants.owned(actor, merchant_id);
      const status = body.status ?? 'draft';
      if (status === 'on_sale' && m.verification.status !== 'verified') throw notVerified();
      const category = await categories.require(body.category_id);
      const images = body.images ?? [];
      await deps.requireImages(images, actor.user_id, 'body.images');
      const now = new Date();
      const _id = newId('prd');
      const doc: ProductDoc = {
        _id,
        merchant_id,
        sku: body.sku ?? `P${_id.slice(4)}`,
        name: body.name,
        description: body.description ?? '',
        spec: body.spec ?? '',
        category_id: category._id,
        category_path: category.path,
        unit: body.unit,
        price_fen: body.price_fen,
        stock: body.stock,
        images,
        origin_village: body.origin_village ?? m.origin_village ?? null,
        harvest_date: body.harvest_date ?? null,
        keywords: body.keywords ?? [],
        status,
        status_before_hide: null,
        hidden: null,
        sold_count: 0,
        holds: [],
        search_text: '',
        created_at: now,
        updated_at: now,
      };
      doc.search_text = await searchText(doc);
      try {
        await ProductModel.create(doc);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw conflict('sku_taken', `本店已有 SKU 为 ${doc.sku} 的商品`);
        throw err;
      }
      return presentOne(doc, m);
    },

    async update(actor: UserActor, product_id: string, patch: UpdateProduct): Promise<Product> {
      const { p, m } = await ownedProduct(actor, product_id);
      const set: Record<string, unknown> = { updated_at: new Date() };
      for (const [k, v] of Object.entries(patch)) if (k !== 'category_id' && v !== undefined) set[k] = v;
      let category_path = p.category_path;
      if (patch.category_id) {
        const category = await categories.require(patch.category_id);
        set.category_id = category._id;
        set.category_path = category_path = category.path;
      }
      if (patch.images) await deps.requireImages(patch.images, actor.user_id, 'body.images');
      set.search_text = await searchText({
        name: patch.name ?? p.name,
        spec: patch.spec ?? p.spec,
        keywords: patch.keywords ?? p.keywords,
        category_path,
        origin_village: patch.origin_village === undefined ? p.origin_village : patch.origin_village,
      });
      try {
        const updated = await ProductModel.findOneAndUpdate({ _id: product_id }, { $set: set }, { new: true }).lean<ProductDoc>();
        if (!updated) throw notFound('product_not_found', '商品不存在');
        return presentOne(updated, m);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw conflict('sku_taken', `本店已有 SKU 为 ${String(patch.sku)} 的商品`);
        throw err;
      }
    },

    /** Relative and guarded, so it composes with reservations running at the same time; never below 0 or above the bound. */
    async adjustStock(actor: UserActor, product_id: string, delta: number): Promise<Product> {
      const { m } = await ownedProduct(actor, product_id);
      const guard = delta < 0 ? { stock: { $gte: -delta } } : { stock: { $lte: STOCK_MAX - delta } };
      const updated = await ProductModel.findOneAndUpdate(
        { _id: product_id, ...guard },
        { $inc: { stock: delta }, $set: { updated_at: new Date() } },
        { new: true },
      ).lean<ProductDoc>();
      if (!updated) {
        if (delta < 0) throw conflict('insufficient_stock', '库存不足，不能减少这么多');
        throw conflict('stock_limit', `库存不能超过 ${STOCK_MAX}`);
      }
      return presentOne(updated, m);
    },

    async setStatus(actor: UserActor, product_id: string, to: 'on_sale' | 'off_sale'): Promise<Product> {
      const { p, m } = await ownedProduct(actor, product_id);
      if (p.status === to) return presentOne(p, m);
      if (!SELLER_STATUS[to].includes(p.status)) throw guardedStatusError(p, to);
      if (to === 'on_sale' && m.verification.status !== 'verified') throw notVerified();
      const updated = await ProductModel.findOneAndUpdate(
        { _id: product_id, status: p.status },
        { $set: { status: to, updated_at: new Date() } },
        { new: true },
      ).lean<ProductDoc>();
      if (!updated) throw guardedStatusError(await load(product_id), to);
      return presentOne(updated, m);
    },

    async hide(actor: UserActor, product_id: string, reason: string): Promise<Product> {
      const p = await load(product_id);
      const m = await merchants.load(p.merchant_id);
      if (!merchants.moderates(actor, m)) throw forbidden('forbidden_scope', '只有商户所在或服务社区的运营人员可以隐藏商品');
      const alreadyHidden = () => conflict('already_hidden', '商品已被隐藏');
      if (p.status === 'hidden_by_operator') throw alreadyHidden();
      const now = new Date();
      const updated = await ProductModel.findOneAndUpdate(
        { _id: product_id, status: p.status },
        {
          $set: {
            status: 'hidden_by_operator',
            status_before_hide: p.status,
            hidden: { reason, by: actor.user_id, at: now },
            updated_at: now,
          },
        },
        { new: true },
      ).lean<ProductDoc>();
      // The status changed since it was read (the seller took it off sale, or another operator hid it): read again.
      if (!updated)
        throw (await load(product_id)).status === 'hidden_by_operator'
          ? alreadyHidden()
          : conflict('status_changed', '商品状态刚刚变化，请刷新后再试');
      return presentOne(updated, m);
    },

    /** Back to the status it had before (a product that was on sale is on sale again). */
    async unhide(actor: UserActor, product_id: string): Promise<Product> {
      const p = await load(product_id);
      const m = await merchants.load(p.merchant_id);
      if (!merchants.moderates(actor, m)) throw forbidden('forbidden_scope', '只有商户所在或服务社区的运营人员可以取消隐藏');
      const updated = await ProductModel.findOneAndUpdate(
        { _id: product_id, status: 'hidden_by_operator' },
        { $set: { status: p.status_before_hide ?? 'off_sale', status_before_hide: null, hidden: null, updated_at: new Date() } },
        { new: true },
      ).lean<ProductDoc>();
      if (!updated) throw conflict('not_hidden', '商品没有被隐藏');
      return presentOne(updated, m);
    },

    /** A product page: on sale or taken off sale by its verified seller; drafts and hidden products are not public. */
    async getPublic(product_id: string): Promise<Product> {
      const p = await load(product_id);
      const m = await merchants.load(p.merchant_id);
      if (!['on_sale', 'off_sale'].includes(p.status) || m.verification.status !== 'verified')
        throw notFound('product_not_found', '商品不存在');
      return presentOne(p, m);
    },

    /** Every product of a merchant: its owner, and the operators who verify or moderate it. */
    async listMerchant(actor: UserActor, merchant_id: string, query: Page & { status?: ProductStatus | undefined }) {
      const m = await merchants.load(merchant_id);
      if (m.owner_user_id !== actor.user_id && !merchants.moderates(actor, m)) throw forbidden('not_merchant_owner', '这不是您的店铺');
      const filter: Record<string, unknown> = { merchant_id };
      if (query.status) filter.status = query.status;
      const page = await pageOf(filter, 'newest', query);
      return { items: await present(page.items, [m]), next_cursor: page.next_cursor };
    },

    async listHidden(actor: UserActor, community_id: string, query: Page) {
      if (!hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const ms = await deps.models.Merchant.find({ $or: [{ community_id }, { serves_community_ids: community_id }] }).lean<MerchantDoc[]>();
      const page = await pageOf({ status: 'hidden_by_operator', merchant_id: { $in: ms.map((m) => m._id) } }, 'newest', query);
      return { items: await present(page.items, ms), next_cursor: page.next_cursor };
    },

    search,

    /** The seller page: profile, and its products on sale when it delivers to the community being shopped for. */
    async storefront(merchant_id: string, query: Page & { community_id: string; sort: ProductSort }) {
      const merchant = await merchants.getPublic(merchant_id);
      const serves_community = merchant.serves_community_ids.includes(query.community_id);
      const products = serves_community ? await search({ ...query, merchant_id }) : { items: [], next_cursor: null as string | null };
      return { merchant, serves_community, products };
    },

    // ---------- for the order slices (cart, checkout, offers) ----------

    /** Current facts of products, keyed by id (unknown ids are absent): what checkout copies into order lines. */
    async snapshots(product_ids: readonly string[]): Promise<Map<string, ProductSnapshot>> {
      const docs = await ProductModel.find({ _id: { $in: [...new Set(product_ids)] } }, { holds: 0, search_text: 0 }).lean<ProductDoc[]>();
      const ms = new Map<string, MerchantDoc>();
      for (const id of new Set(docs.map((d) => d.merchant_id))) ms.set(id, await merchants.load(id));
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
            },
          ];
        }),
      );
    },

    /**
     * Takes `quantity` units out of stock for `key` (e.g. `${order_id}:${product_id}`), in one guarded update:
     * `stock ≥ quantity`, on sale, and `key` not held yet. So stock never goes below 0 whatever the concurrency, and a
     * retried reserve with the same key takes nothing more. 409 insufficient_stock / product_unavailable otherwise.
     */
    async reserve(req: { product_id: string; quantity: number; key: string }): Promise<{ stock: number }> {
      if (!Number.isSafeInteger(req.quantity) || req.quantity < 1 || req.quantity > STOCK_MAX)
        throw badRequest('invalid_quantity', '数量须为正整数');
      if (!req.key || req.key.length > 200) throw badRequest('invalid_reservation_key', '预留编号无效');
      const updated = await ProductModel.findOneAndUpdate(
        { _id: req.product_id, status: 'on_sale', stock: { $gte: req.quantity }, 'holds.key': { $ne: req.key } },
        { $inc: { stock: -req.quantity }, $push: { holds: { key: req.key, qty: req.quantity, at: new Date() } } },
        { new: true, projection: { stock: 1 } },
      ).lean<Pick<ProductDoc, 'stock'>>();
      if (updated) return { stock: updated.stock };
      const p = await load(req.product_id);
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
      const p = await ProductModel.findOne({ _id: product_id, 'holds.key': key }, { holds: 1 }).lean<ProductDoc>();
      const held = p?.holds.find((h) => h.key === key);
      if (!held) return false;
      // Guarded on the hold itself: of two concurrent releases only one finds it and adds the units back.
      const res = await ProductModel.updateOne(
        { _id: product_id, holds: { $elemMatch: { key, qty: held.qty } } },
        { $inc: { stock: held.qty }, $pull: { holds: { key } }, $set: { updated_at: new Date() } },
      );
      return res.modifiedCount === 1;
    },

    /** A reservation became a sale (order paid): the hold is dropped and the units count as sold. True once. */
    async commit(product_id: string, key: string): Promise<boolean> {
      const p = await ProductModel.findOne({ _id: product_id, 'holds.key': key }, { holds: 1 }).lean<ProductDoc>();
      const held = p?.holds.find((h) => h.key === key);
      if (!held) return false;
      const res = await ProductModel.updateOne(
        { _id: product_id, holds: { $elemMatch: { key, qty: held.qty } } },
        { $inc: { sold_count: held.qty }, $pull: { holds: { key } } },
      );
      return res.modifiedCount === 1;
    },

    // ---------- catalog import and demo seed ----------

    /**
     * Creates or updates a merchant's products by SKU from validated rows, a batch at a time. A column the file does
     * not have keeps the stored value; a row equal to the stored product writes nothing ("unchanged"), so importing
     * the same file again changes nothing. Stock is set, not added: the file says how much there is.
     */
    async upsertRows(m: MerchantDoc, rows: CatalogRow[]): Promise<RowOutcome[]> {
      const existing = await ProductModel.find({ merchant_id: m._id, sku: { $in: rows.map((r) => r.sku) } }).lean<ProductDoc[]>();
      const bySku = new Map(existing.map((p) => [p.sku, p]));
      const outcomes: RowOutcome[] = [];
      for (const r of rows) {
        const wants = (f: RowField) => r.present.has(f);
        if (r.status === 'on_sale' && m.verification.status !== 'verified') {
          outcomes.push({ error: '店铺尚未通过实名认证，只能导入为草稿或下架', column: 'status' });
          continue;
        }
        const current = bySku.get(r.sku);
        const now = new Date();
        if (!current) {
          const _id = newId('prd');
          const doc: ProductDoc = {
            _id,
            merchant_id: m._id,
            sku: r.sku,
            name: r.name,
            description: r.description,
            spec: r.spec,
            category_id: r.category._id,
            category_path: r.category.path,
            unit: r.unit,
            price_fen: r.price_fen,
            stock: r.stock,
            images: r.images,
            origin_village: wants('origin_village') ? r.origin_village : (m.origin_village ?? null),
            harvest_date: r.harvest_date,
            keywords: r.keywords,
            status: r.status ?? 'draft',
            status_before_hide: null,
            hidden: null,
            sold_count: 0,
            holds: [],
            search_text: '',
            created_at: now,
            updated_at: now,
          };
          doc.search_text = await searchText(doc);
          try {
            await ProductModel.create(doc);
            bySku.set(r.sku, doc);
            outcomes.push('created');
          } catch (err) {
            if ((err as { code?: number }).code !== 11000) throw err;
            outcomes.push({ error: '同一 SKU 正在被另一次导入写入，请稍后重新导入', column: null });
          }
          continue;
        }
        const next: Partial<ProductDoc> = {};
        const take = <K extends keyof ProductDoc>(field: RowField, key: K, value: ProductDoc[K]) => {
          if (wants(field) && !sameJson(current[key], value)) next[key] = value;
        };
        take('name', 'name', r.name);
        take('description', 'description', r.description);
        take('spec', 'spec', r.spec);
        take('category', 'category_id', r.category._id);
        take('category', 'category_path', r.category.path);
        take('unit', 'unit', r.unit);
        take('price_fen', 'price_fen', r.price_fen);
        take('stock', 'stock', r.stock);
        take('images', 'images', r.images);
        take('origin_village', 'origin_village', r.origin_village);
        take('harvest_date', 'harvest_date', r.harvest_date);
        take('keywords', 'keywords', r.keywords);
        if (r.status && r.status !== current.status) {
          if (current.status === 'hidden_by_operator') {
            outcomes.push({ error: '该商品已被运营人员隐藏，不能通过导入改变上下架状态', column: 'status' });
            continue;
          }
          next.status = r.status;
        }
        if (Object.keys(next).length === 0) {
          outcomes.push('unchanged');
          continue;
        }
        const merged = { ...current, ...next };
        const search_text = await searchText(merged);
        // Guarded on the status read, so an operator hiding it meanwhile is never undone by the file.
        const res = await ProductModel.updateOne(
          { _id: current._id, status: current.status },
          { $set: { ...next, search_text, updated_at: now } },
        );
        if (res.matchedCount === 0) {
          outcomes.push({ error: '商品状态刚刚发生变化，请稍后重新导入这一行', column: null });
          continue;
        }
        bySku.set(r.sku, { ...merged, search_text, updated_at: now });
        outcomes.push('updated');
      }
      return outcomes;
    },
  };
}
export type ProductService = ReturnType<typeof createProductService>;
