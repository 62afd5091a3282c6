import { newId } from '../platform/ids';
import type { MerchantDoc, ProductDoc } from './models';
import { searchText } from './product-core';
import type { CatalogRow, ProductDeps, RowField, RowOutcome } from './products';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Creates or updates a merchant's products by SKU from validated rows, a batch at a time. A column the file does
 * not have keeps the stored value; a row equal to the stored product writes nothing ("unchanged"), so importing
 * the same file again changes nothing. Stock is set, not added: the file says how much there is.
 */
export async function upsertRows(deps: ProductDeps, m: MerchantDoc, rows: CatalogRow[]): Promise<RowOutcome[]> {
  const existing = await deps.models.Product.find({ merchant_id: m._id, sku: { $in: rows.map((r) => r.sku) } }).lean<ProductDoc[]>();
  const bySku = new Map(existing.map((p) => [p.sku, p]));
  const outcomes: RowOutcome[] = [];
  for (const r of rows) {
    if (r.status === 'on_sale' && m.verification.status !== 'verified') {
      outcomes.push({ error: '店铺尚未通过实名认证，只能导入为草稿或下架', column: 'status' });
      continue;
    }
    const current = bySku.get(r.sku);
    const now = new Date();
    const outcome = current ? await updateFromRow(deps, current, r, now) : await createFromRow(deps, m, r, now);
    if (outcome.doc) bySku.set(r.sku, outcome.doc);
    outcomes.push(outcome.outcome);
  }
  return outcomes;
}

type RowResult = { outcome: RowOutcome; doc?: ProductDoc };

async function createFromRow(deps: ProductDeps, m: MerchantDoc, r: CatalogRow, now: Date): Promise<RowResult> {
  const wants = (f: RowField) => r.present.has(f);
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
  doc.search_text = await searchText(deps, doc);
  try {
    await deps.models.Product.create(doc);
    return { outcome: 'created', doc };
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return { outcome: { error: '同一 SKU 正在被另一次导入写入，请稍后重新导入', column: null } };
  }
}

/** The columns the file has that differ from the stored product; nothing written when none do. */
async function updateFromRow(deps: ProductDeps, current: ProductDoc, r: CatalogRow, now: Date): Promise<RowResult> {
  const wants = (f: RowField) => r.present.has(f);
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
    if (current.status === 'hidden_by_operator')
      return { outcome: { error: '该商品已被运营人员隐藏，不能通过导入改变上下架状态', column: 'status' } };
    next.status = r.status;
  }
  if (Object.keys(next).length === 0) return { outcome: 'unchanged' };
  const merged = { ...current, ...next };
  const search_text = await searchText(deps, merged);
  // Guarded on the status read, so an operator hiding it meanwhile is never undone by the file.
  const res = await deps.models.Product.updateOne(
    { _id: current._id, status: current.status },
    { $set: { ...next, search_text, updated_at: now } },
  );
  if (res.matchedCount === 0) return { outcome: { error: '商品状态刚刚发生变化，请稍后重新导入这一行', column: null } };
  return { outcome: 'updated', doc: { ...merged, search_text, updated_at: now } };
}
