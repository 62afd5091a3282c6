import { type Product, type ProductSort } from '@cc/shared';
import { type UserActor } from '../platform/actor';
import { badRequest, forbidden, notFound } from '../platform/problem';
import type { MerchantDoc, ProductDoc } from './models';
import type { Page, ProductDeps } from './products';
import { searchTextOf } from './text';

export const SORTS: Record<ProductSort, { field: 'price_fen' | 'sold_count' | null; dir: 1 | -1 }> = {
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

export function afterCursor(sort: ProductSort, cursor: string): Record<string, unknown> {
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

/** Products as the API shows them: with their merchant, category name and image URLs, in one query each. */
export async function present(deps: ProductDeps, docs: ProductDoc[], known: MerchantDoc[] = []): Promise<Product[]> {
  if (docs.length === 0) return [];
  const byMerchant = new Map(known.map((m) => [m._id, m]));
  for (const id of new Set(docs.map((d) => d.merchant_id))) if (!byMerchant.has(id)) byMerchant.set(id, await deps.merchants.load(id));
  const categoryIds = [...new Set(docs.map((d) => d.category_id))];
  const names = new Map((await deps.categories.all()).filter((c) => categoryIds.includes(c._id)).map((c) => [c._id, c.name]));
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
      agri_origin: d.agri_origin
        ? { ...d.agri_origin, producer_share_pct: Math.round((d.agri_origin.origin_price_fen / d.price_fen) * 1000) / 10 }
        : null,
      created_at: d.created_at.toISOString(),
      updated_at: d.updated_at.toISOString(),
    };
  });
}

export const presentOne = async (deps: ProductDeps, d: ProductDoc, m?: MerchantDoc) =>
  (await present(deps, [d], m ? [m] : []))[0] as Product;

export async function loadProduct(deps: ProductDeps, product_id: string): Promise<ProductDoc> {
  const p = await deps.models.Product.findById(product_id).lean<ProductDoc>();
  if (!p) throw notFound('product_not_found', '商品不存在');
  return p;
}

/** The product and its merchant, for the merchant's owner only. */
export async function ownedProduct(deps: ProductDeps, actor: UserActor, product_id: string): Promise<{ p: ProductDoc; m: MerchantDoc }> {
  const p = await loadProduct(deps, product_id);
  const m = await deps.merchants.owned(actor, p.merchant_id);
  return { p, m };
}

export const notVerified = () => forbidden('merchant_not_verified', '店铺尚未通过实名认证，商品只能保存为草稿');

export async function searchText(
  deps: ProductDeps,
  fields: {
    name: string;
    spec: string;
    keywords: string[];
    category_path: string[];
    origin_village: string | null;
  },
): Promise<string> {
  return searchTextOf([
    fields.name,
    fields.spec,
    ...fields.keywords,
    ...(await deps.categories.namesOf(fields.category_path)),
    fields.origin_village,
  ]);
}

/** One page of `filter` in the order of `sort`, by keyset. */
export async function pageOf(deps: ProductDeps, filter: Record<string, unknown>, sort: ProductSort, page: Page) {
  const { field, dir } = SORTS[sort];
  const where = page.cursor ? { $and: [filter, afterCursor(sort, page.cursor)] } : filter;
  const rows = await deps.models.Product.find(where)
    .sort(field ? { [field]: dir, _id: dir } : { _id: dir })
    .limit(page.limit + 1)
    .lean<ProductDoc[]>();
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > page.limit && last ? encodeCursor(sort, last) : null };
}
