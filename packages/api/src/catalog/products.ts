import { STOCK_MAX, type BodyOf, type Product, type ProductSort, type ProductStatus, type ProductUnit, type routes } from '@cc/shared';
import { hasCommunityRole, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { AppError, conflict, forbidden, notFound } from '../platform/problem';
import type { CatalogModels, CategoryDoc, MerchantDoc, ProductDoc } from './models';
import type { CategoryService } from './categories';
import type { MerchantService } from './merchants';
import { afterCursor, loadProduct, notVerified, ownedProduct, pageOf, present, presentOne, searchText } from './product-core';
import { upsertRows } from './product-import';
import { stockForOrders } from './product-stock';
import { textFilter } from './text';

type CreateProduct = BodyOf<typeof routes.createProduct>;
type UpdateProduct = BodyOf<typeof routes.updateProduct>;
export type Page = { limit: number; cursor?: string | undefined };

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
  /** Set when listed from a supply post (一键上架). */
  agri_origin: ProductDoc['agri_origin'];
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

function guardedStatusError(p: ProductDoc, to: string): AppError {
  if (p.status === 'hidden_by_operator') return conflict('product_hidden', '商品已被运营人员隐藏，不能上下架');
  return new AppError(409, 'illegal_transition', `商品当前状态为「${p.status}」，不能改为「${to}」`, { detail: `${p.status} → ${to}` });
}

/** Which seller status changes are allowed, from where. Hidden products only move by an operator. */
const SELLER_STATUS: Record<'on_sale' | 'off_sale', ProductStatus[]> = {
  on_sale: ['draft', 'off_sale'],
  off_sale: ['draft', 'on_sale'],
};

/** The seller's own product in any state (draft, off sale, hidden); to anyone else it does not exist. */
async function getOwn(deps: ProductDeps, actor: UserActor, product_id: string): Promise<Product> {
  const p = await loadProduct(deps, product_id);
  const m = await deps.merchants.load(p.merchant_id);
  if (m.owner_user_id !== actor.user_id) throw notFound('product_not_found', '商品不存在');
  return presentOne(deps, p, m);
}

export function createProductService(deps: ProductDeps) {
  return {
    present: (docs: ProductDoc[], known: MerchantDoc[] = []) => present(deps, docs, known),
    load: (product_id: string) => loadProduct(deps, product_id),
    getOwn: (actor: UserActor, product_id: string) => getOwn(deps, actor, product_id),
    ...sellerEdits(deps),
    ...moderationAndPages(deps),
    search: (query: SearchInput) => search(deps, query),
    ...stockForOrders(deps),
    upsertRows: (m: MerchantDoc, rows: CatalogRow[]) => upsertRows(deps, m, rows),
  };
}
export type ProductService = ReturnType<typeof createProductService>;

/**
 * The resident's search: products on sale from verified merchants serving `community_id`, filtered and sorted,
 * one keyset page at a time. Text is a regex over the normalised search_text (no $text on the embedded server).
 */
export async function search(deps: ProductDeps, query: SearchInput) {
  const ms = await deps.merchants.servingIds(query.community_id, { merchant_id: query.merchant_id, kind: query.merchant_kind });
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
  const page = await pageOf(deps, and.length === 1 ? (and[0] as Record<string, unknown>) : { $and: and }, query.sort, query);
  return { items: await present(deps, page.items, ms), next_cursor: page.next_cursor };
}

async function createProduct(
  deps: ProductDeps,
  actor: UserActor,
  merchant_id: string,
  body: CreateProduct,
  agri_origin: ProductDoc['agri_origin'] = null,
): Promise<Product> {
  const m = await deps.merchants.owned(actor, merchant_id);
  const status = body.status ?? 'draft';
  if (status === 'on_sale' && m.verification.status !== 'verified') throw notVerified();
  const category = await deps.categories.require(body.category_id);
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
    agri_origin,
    holds: [],
    search_text: '',
    created_at: now,
    updated_at: now,
  };
  doc.search_text = await searchText(deps, doc);
  try {
    await deps.models.Product.create(doc);
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw conflict('sku_taken', `本店已有 SKU 为 ${doc.sku} 的商品`);
    throw err;
  }
  return presentOne(deps, doc, m);
}

/** The seller's own products: create, edit, stock, on and off sale. */
function sellerEdits(deps: ProductDeps) {
  return {
    create: (actor: UserActor, merchant_id: string, body: CreateProduct, agri_origin?: ProductDoc['agri_origin']) =>
      createProduct(deps, actor, merchant_id, body, agri_origin),

    async update(actor: UserActor, product_id: string, patch: UpdateProduct): Promise<Product> {
      const { p, m } = await ownedProduct(deps, actor, product_id);
      const set: Record<string, unknown> = { updated_at: new Date() };
      for (const [k, v] of Object.entries(patch)) if (k !== 'category_id' && v !== undefined) set[k] = v;
      let category_path = p.category_path;
      if (patch.category_id) {
        const category = await deps.categories.require(patch.category_id);
        set.category_id = category._id;
        set.category_path = category_path = category.path;
      }
      if (patch.images) await deps.requireImages(patch.images, actor.user_id, 'body.images');
      set.search_text = await searchText(deps, {
        name: patch.name ?? p.name,
        spec: patch.spec ?? p.spec,
        keywords: patch.keywords ?? p.keywords,
        category_path,
        origin_village: patch.origin_village === undefined ? p.origin_village : patch.origin_village,
      });
      try {
        const updated = await deps.models.Product.findOneAndUpdate({ _id: product_id }, { $set: set }, { new: true }).lean<ProductDoc>();
        if (!updated) throw notFound('product_not_found', '商品不存在');
        return presentOne(deps, updated, m);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw conflict('sku_taken', `本店已有 SKU 为 ${String(patch.sku)} 的商品`);
        throw err;
      }
    },

    /** Relative and guarded, so it composes with reservations running at the same time; never below 0 or above the bound. */
    async adjustStock(actor: UserActor, product_id: string, delta: number): Promise<Product> {
      const { m } = await ownedProduct(deps, actor, product_id);
      const guard = delta < 0 ? { stock: { $gte: -delta } } : { stock: { $lte: STOCK_MAX - delta } };
      const updated = await deps.models.Product.findOneAndUpdate(
        { _id: product_id, ...guard },
        { $inc: { stock: delta }, $set: { updated_at: new Date() } },
        { new: true },
      ).lean<ProductDoc>();
      if (!updated) {
        if (delta < 0) throw conflict('insufficient_stock', '库存不足，不能减少这么多');
        throw conflict('stock_limit', `库存不能超过 ${STOCK_MAX}`);
      }
      return presentOne(deps, updated, m);
    },

    async setStatus(actor: UserActor, product_id: string, to: 'on_sale' | 'off_sale'): Promise<Product> {
      const { p, m } = await ownedProduct(deps, actor, product_id);
      if (p.status === to) return presentOne(deps, p, m);
      if (!SELLER_STATUS[to].includes(p.status)) throw guardedStatusError(p, to);
      if (to === 'on_sale' && m.verification.status !== 'verified') throw notVerified();
      const updated = await deps.models.Product.findOneAndUpdate(
        { _id: product_id, status: p.status },
        { $set: { status: to, updated_at: new Date() } },
        { new: true },
      ).lean<ProductDoc>();
      if (!updated) throw guardedStatusError(await loadProduct(deps, product_id), to);
      return presentOne(deps, updated, m);
    },
  };
}

/** Operators hiding products; the public pages and lists. */
function moderationAndPages(deps: ProductDeps) {
  return {
    async hide(actor: UserActor, product_id: string, reason: string): Promise<Product> {
      const p = await loadProduct(deps, product_id);
      const m = await deps.merchants.load(p.merchant_id);
      if (!deps.merchants.moderates(actor, m)) throw forbidden('forbidden_scope', '只有商户所在或服务社区的运营人员可以隐藏商品');
      const alreadyHidden = () => conflict('already_hidden', '商品已被隐藏');
      if (p.status === 'hidden_by_operator') throw alreadyHidden();
      const now = new Date();
      const updated = await deps.models.Product.findOneAndUpdate(
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
        throw (await loadProduct(deps, product_id)).status === 'hidden_by_operator'
          ? alreadyHidden()
          : conflict('status_changed', '商品状态刚刚变化，请刷新后再试');
      return presentOne(deps, updated, m);
    },

    /** Back to the status it had before (a product that was on sale is on sale again). */
    async unhide(actor: UserActor, product_id: string): Promise<Product> {
      const p = await loadProduct(deps, product_id);
      const m = await deps.merchants.load(p.merchant_id);
      if (!deps.merchants.moderates(actor, m)) throw forbidden('forbidden_scope', '只有商户所在或服务社区的运营人员可以取消隐藏');
      const updated = await deps.models.Product.findOneAndUpdate(
        { _id: product_id, status: 'hidden_by_operator' },
        { $set: { status: p.status_before_hide ?? 'off_sale', status_before_hide: null, hidden: null, updated_at: new Date() } },
        { new: true },
      ).lean<ProductDoc>();
      if (!updated) throw conflict('not_hidden', '商品没有被隐藏');
      return presentOne(deps, updated, m);
    },

    /** A product page: on sale or taken off sale by its verified seller; drafts and hidden products are not public. */
    async getPublic(product_id: string): Promise<Product> {
      const p = await loadProduct(deps, product_id);
      const m = await deps.merchants.load(p.merchant_id);
      if (!['on_sale', 'off_sale'].includes(p.status) || m.verification.status !== 'verified')
        throw notFound('product_not_found', '商品不存在');
      return presentOne(deps, p, m);
    },

    /** Every product of a merchant: its owner, and the operators who verify or moderate it. */
    async listMerchant(actor: UserActor, merchant_id: string, query: Page & { status?: ProductStatus | undefined }) {
      const m = await deps.merchants.load(merchant_id);
      if (m.owner_user_id !== actor.user_id && !deps.merchants.moderates(actor, m)) throw forbidden('not_merchant_owner', '这不是您的店铺');
      const filter: Record<string, unknown> = { merchant_id };
      if (query.status) filter.status = query.status;
      const page = await pageOf(deps, filter, 'newest', query);
      return { items: await present(deps, page.items, [m]), next_cursor: page.next_cursor };
    },

    async listHidden(actor: UserActor, community_id: string, query: Page) {
      if (!hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const ms = await deps.models.Merchant.find({ $or: [{ community_id }, { serves_community_ids: community_id }] }).lean<MerchantDoc[]>();
      const page = await pageOf(deps, { status: 'hidden_by_operator', merchant_id: { $in: ms.map((m) => m._id) } }, 'newest', query);
      return { items: await present(deps, page.items, ms), next_cursor: page.next_cursor };
    },

    search,

    /** The seller page: profile, and its products on sale when it delivers to the community being shopped for. */
    async storefront(merchant_id: string, query: Page & { community_id: string; sort: ProductSort }) {
      const merchant = await deps.merchants.getPublic(merchant_id);
      const serves_community = merchant.serves_community_ids.includes(query.community_id);
      const products = serves_community ? await search(deps, { ...query, merchant_id }) : { items: [], next_cursor: null as string | null };
      return { merchant, serves_community, products };
    },
  };
}
