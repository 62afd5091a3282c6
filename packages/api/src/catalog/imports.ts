import { createHash } from 'node:crypto';
import {
  HarvestDate,
  IMPORT_ERRORS_MAX,
  PRODUCT_IMAGES_MAX,
  PRODUCT_KEYWORDS_MAX,
  PriceFen,
  ProductUnit,
  Sku,
  Stock,
  words,
  yuanStringToFen,
  type CatalogImport,
} from '@cc/shared';
import type { z } from 'zod';
import type { UserActor } from '../platform/actor';
import type { DelayedJobs } from '../platform/jobs';
import { newId } from '../platform/ids';
import { AppError, badRequest, forbidden, notFound } from '../platform/problem';
import type { CategoryService } from './categories';
import type { MerchantService } from './merchants';
import type { CatalogModels, CategoryDoc, ImportDoc, ImportRowErrorDoc, MerchantDoc } from './models';
import type { CatalogRow, ProductService, RowField } from './products';
import { readSheet, type Sheet } from './sheets';
import { normalise } from './text';

type Column = RowField | 'sku' | 'price_yuan';

/** Header names a column may have (compared after folding full-width forms, case and spaces). */
const COLUMN_NAMES: Record<Column, string[]> = {
  sku: ['sku', '商品编码', '编码', '货号', 'sku编码'],
  name: ['name', '商品名称', '名称', '品名'],
  category: ['category', '分类', '类目', '商品分类'],
  unit: ['unit', '单位'],
  price_yuan: ['价格(元)', '单价(元)', '售价(元)', '价格', '单价', '售价', 'price'],
  price_fen: ['price_fen', '价格(分)', '单价(分)'],
  stock: ['stock', '库存', '库存数量'],
  spec: ['spec', '规格'],
  description: ['description', '描述', '商品描述', '简介'],
  origin_village: ['origin_village', '产地', '产地村'],
  harvest_date: ['harvest_date', '采收日期', '采摘日期', '收获日期'],
  keywords: ['keywords', '关键词'],
  images: ['images', '图片'],
  status: ['status', '状态'],
};
const REQUIRED: { columns: Column[]; label: string }[] = [
  { columns: ['sku'], label: 'SKU' },
  { columns: ['name'], label: '商品名称' },
  { columns: ['category'], label: '分类' },
  { columns: ['unit'], label: '单位' },
  { columns: ['price_yuan', 'price_fen'], label: '价格（元）' },
  { columns: ['stock'], label: '库存' },
];
/** The template's header row, also the order of the README's table. */
export const TEMPLATE_HEADERS = [
  'SKU',
  '商品名称',
  '分类',
  '单位',
  '价格（元）',
  '库存',
  '规格',
  '产地',
  '采收日期',
  '关键词',
  '描述',
  '图片',
  '状态',
];

const headerKey = (h: string) => normalise(h).replace(/\s+/g, '');
const byHeader = new Map(Object.entries(COLUMN_NAMES).flatMap(([col, names]) => names.map((n) => [headerKey(n), col as Column])));

export interface ColumnMap {
  index: Partial<Record<Column, number>>;
  header: Partial<Record<Column, string>>;
  ignored: string[];
}

/** Which column holds what; 400 when a required one is missing or one is given twice. */
export function mapColumns(headers: string[]): ColumnMap {
  const map: ColumnMap = { index: {}, header: {}, ignored: [] };
  headers.forEach((h, i) => {
    if (!h) return;
    const col = byHeader.get(headerKey(h));
    if (!col) return void map.ignored.push(h);
    if (map.index[col] !== undefined)
      throw badRequest('import_columns_duplicated', `表头「${h}」与「${map.header[col]}」是同一列，请删去一个`);
    map.index[col] = i;
    map.header[col] = h;
  });
  if (map.index.price_yuan !== undefined && map.index.price_fen !== undefined)
    throw badRequest('import_columns_duplicated', '价格只能有一列：「价格（元）」或「价格（分）」');
  const missing = REQUIRED.filter((r) => r.columns.every((c) => map.index[c] === undefined)).map((r) => r.label);
  if (missing.length > 0)
    throw badRequest('import_columns_missing', `缺少必填的列：${missing.join('、')}（模板表头：${TEMPLATE_HEADERS.join(',')}）`);
  return map;
}

const UNIT_ALIASES: Record<string, ProductUnit> = { 千克: '公斤', kg: '公斤', g: '克', '500g': '斤' };
const STATUS_NAMES: Record<string, 'draft' | 'on_sale' | 'off_sale'> = {
  在售: 'on_sale',
  上架: 'on_sale',
  出售中: 'on_sale',
  on_sale: 'on_sale',
  草稿: 'draft',
  draft: 'draft',
  下架: 'off_sale',
  已下架: 'off_sale',
  停售: 'off_sale',
  off_sale: 'off_sale',
};

/** The file's header of a product field (the price may be in yuan or in fen). */
function headerOf(columns: ColumnMap, field: RowField): string | null {
  const col: Column = field === 'price_fen' && columns.index.price_fen === undefined ? 'price_yuan' : field;
  return columns.header[col] ?? null;
}

/** 2026-05-01, 2026/5/1, 2026.5.1, 2026年5月1日 → 2026-05-01 (not checked here). */
function dateText(s: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  return m ? `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}` : s;
}

/**
 * One row → a valid CatalogRow, or its problems (column header as in the file, Chinese message). The bounds are the
 * API's own zod schemas, so a row is accepted exactly when the same product would be accepted by POST …/products.
 */
export function validateRow(
  row: { row: number; cells: string[] },
  columns: ColumnMap,
  categoryOf: (text: string) => CategoryDoc | null,
): { ok: CatalogRow } | { errors: ImportRowErrorDoc[] } {
  const errors: ImportRowErrorDoc[] = [];
  const cell = (c: Column) => (columns.index[c] === undefined ? '' : (row.cells[columns.index[c] as number] ?? '').trim());
  const fail = (c: Column, message: string) => errors.push({ row: row.row, column: columns.header[c] ?? null, message });
  const check = <T>(c: Column, schema: z.ZodType<T>, value: unknown): T | undefined => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    fail(c, parsed.error.issues[0]?.message ?? '格式不对');
    return undefined;
  };
  const required = (c: Column, label: string) => {
    const v = cell(c);
    if (!v) fail(c, `请填写${label}`);
    return v;
  };

  const skuText = required('sku', 'SKU');
  const sku = skuText ? check('sku', Sku, skuText) : undefined;
  const nameText = required('name', '商品名称');
  const name = nameText ? check('name', words(2, 60, '商品名称'), nameText) : undefined;

  const categoryText = required('category', '分类');
  const category = categoryText ? categoryOf(categoryText) : null;
  if (categoryText && !category) fail('category', `没有这个分类：「${categoryText}」（可填分类编码、“蔬菜/叶菜类”或唯一的分类名）`);

  const unitText = required('unit', '单位');
  const unit = unitText ? check('unit', ProductUnit, UNIT_ALIASES[unitText.toLowerCase()] ?? unitText) : undefined;

  let price_fen: number | undefined;
  if (columns.index.price_fen !== undefined) {
    const t = required('price_fen', '价格');
    if (t && !/^\d+$/.test(t)) fail('price_fen', '价格（分）须为整数');
    else if (t) price_fen = check('price_fen', PriceFen, Number(t));
  } else {
    const t = required('price_yuan', '价格')
      .replace(/^[¥￥]/, '')
      .replace(/元$/, '')
      .replace(/,/g, '');
    if (t) {
      let fen: number | undefined;
      try {
        fen = yuanStringToFen(t);
      } catch {
        fail('price_yuan', '价格格式不对：应为最多两位小数的金额，如 12.50');
      }
      if (fen !== undefined) price_fen = check('price_yuan', PriceFen, fen);
    }
  }

  const stockText = required('stock', '库存');
  let stock: number | undefined;
  if (stockText && !/^-?\d+(\.\d+)?$/.test(stockText)) fail('stock', '库存须为整数');
  else if (stockText) stock = check('stock', Stock, Number(stockText));

  const spec = check('spec', words(0, 40, '规格'), cell('spec')) ?? '';
  const description = check('description', words(0, 1000, '商品描述'), cell('description')) ?? '';
  const villageText = cell('origin_village');
  const origin_village = villageText ? (check('origin_village', words(2, 40, '产地'), villageText) ?? null) : null;
  const dateCell = cell('harvest_date');
  const harvest_date = dateCell ? (check('harvest_date', HarvestDate, dateText(dateCell)) ?? null) : null;

  const keywordList = cell('keywords')
    .split(/[,，、;；\s]+/)
    .filter(Boolean);
  if (keywordList.length > PRODUCT_KEYWORDS_MAX) fail('keywords', `关键词最多 ${PRODUCT_KEYWORDS_MAX} 个`);
  const keywords = keywordList.map((k) => check('keywords', words(1, 20, '关键词'), k) ?? '');

  const images = cell('images')
    .split(/[\s,，;；]+/)
    .filter(Boolean);
  if (images.length > PRODUCT_IMAGES_MAX) fail('images', `图片最多 ${PRODUCT_IMAGES_MAX} 张`);
  const badImage = images.find((id) => !/^upl_[0-9A-HJKMNP-TV-Z]{26}$/.test(id));
  if (badImage) fail('images', `图片应填上传后得到的 upl_ 编号：「${badImage}」不是`);

  const statusText = cell('status');
  const status = statusText ? (STATUS_NAMES[statusText.toLowerCase()] ?? null) : null;
  if (statusText && !status) fail('status', '状态应为 在售、草稿 或 下架');

  if (errors.length > 0 || !sku || !name || !category || !unit || price_fen === undefined || stock === undefined) return { errors };
  const present = new Set<RowField>(
    (Object.keys(columns.index) as Column[]).map((c) => (c === 'price_yuan' ? 'price_fen' : c)).filter((c): c is RowField => c !== 'sku'),
  );
  return {
    ok: {
      row: row.row,
      sku,
      present,
      name,
      description,
      spec,
      category,
      unit,
      price_fen,
      stock,
      images,
      origin_village,
      harvest_date,
      keywords,
      status,
    },
  };
}

/** `attachment; filename*=UTF-8''%E8%94%AC.csv` or `filename="a.csv"` → the name, bounded. */
export function fileNameOf(disposition: string | string[] | undefined): string | null {
  const d = Array.isArray(disposition) ? disposition[0] : disposition;
  if (!d) return null;
  let name: string | undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(d);
  if (star) {
    try {
      name = decodeURIComponent(star[1] as string);
    } catch {
      name = undefined;
    }
  }
  name ??= /filename\s*=\s*"?([^";]+)"?/i.exec(d)?.[1];
  // eslint-disable-next-line no-control-regex -- control characters never belong in a shown file name
  const clean = name?.replace(/[\u0000-\u001f\u007f/\\]/g, '').trim();
  return clean ? clean.slice(0, 100) : null;
}

export function toImport(d: ImportDoc, withErrors = true): CatalogImport {
  return {
    id: d._id,
    merchant_id: d.merchant_id,
    file_name: d.file_name ?? null,
    format: d.format,
    size_bytes: d.size_bytes,
    file_sha256: d.file_sha256,
    status: d.status,
    rows_total: d.rows_total,
    rows_done: d.rows_done,
    created: d.created,
    updated: d.updated,
    unchanged: d.unchanged,
    rejected: d.rejected,
    ignored_columns: d.ignored_columns,
    errors: withErrors ? d.errors.map((e) => ({ row: e.row, column: e.column ?? null, message: e.message })) : [],
    errors_truncated: d.errors_truncated,
    failure: d.failure ?? null,
    created_by: d.created_by,
    created_at: d.created_at.toISOString(),
    started_at: d.started_at ? d.started_at.toISOString() : null,
    finished_at: d.finished_at ? d.finished_at.toISOString() : null,
  };
}

/** Rows per batch: one read of the existing products per batch, and a progress update after each. */
const BATCH = 100;

export interface ImportDeps {
  models: CatalogModels;
  merchants: MerchantService;
  categories: CategoryService;
  products: ProductService;
  /** The BullMQ queue the import runs on (jobId = import id). Bound late: the module builds it after this service. */
  queue(): DelayedJobs<{ import_id: string }>;
  /** Uploads, through its service: throws unless every id is a photo of this person. */
  requireImages(ids: readonly string[], owner_id: string, field: string): Promise<void>;
}

/**
 * Catalog import: the file is read and its header checked while the request waits (a file that cannot be read or
 * lacks a required column is a 400 and nothing is stored); the rows are then checked and applied by a BullMQ job,
 * which writes its progress (rows_done / rows_total) and the per-row report to the import record.
 */
export function createImportService(deps: ImportDeps) {
  const { Import, ImportFile } = deps.models;

  async function visible(actor: UserActor, d: ImportDoc): Promise<void> {
    const m = await deps.merchants.load(d.merchant_id);
    if (m.owner_user_id !== actor.user_id && !deps.merchants.operates(actor, m)) throw notFound('import_not_found', '导入记录不存在');
  }

  async function failed(import_id: string, failure: string): Promise<void> {
    await Import.updateOne({ _id: import_id }, { $set: { status: 'failed', failure, finished_at: new Date() } });
    await ImportFile.deleteOne({ _id: import_id });
  }

  /** The job: idempotent, so a retry (or a worker that died mid-way) starts over and ends in the same state. */
  async function run(import_id: string): Promise<void> {
    const d = await Import.findById(import_id).lean<ImportDoc>();
    if (!d || d.status === 'completed' || d.status === 'failed') return;
    const file = await ImportFile.findById(import_id).lean<{ bytes: Buffer | { buffer: Buffer } }>();
    if (!file) return failed(import_id, '导入文件已丢失，请重新上传');
    let sheet: Sheet;
    let columns: ColumnMap;
    try {
      const bytes = Buffer.isBuffer(file.bytes) ? file.bytes : Buffer.from(file.bytes.buffer);
      sheet = await readSheet(bytes);
      columns = mapColumns(sheet.headers);
    } catch (err) {
      return failed(import_id, err instanceof AppError ? err.title : '文件无法读取');
    }
    await Import.updateOne(
      { _id: import_id },
      {
        $set: {
          status: 'running',
          started_at: new Date(),
          rows_total: sheet.rows.length,
          rows_done: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          errors: [],
          errors_truncated: false,
        },
      },
    );
    const merchant: MerchantDoc = await deps.merchants.load(d.merchant_id);
    const categoryOf = deps.categories.resolver(await deps.categories.all());

    // A SKU twice in one file is ambiguous: every such row is refused, none wins by position.
    const skuRows = new Map<string, number[]>();
    const skuCol = columns.index.sku as number;
    for (const r of sheet.rows) {
      const sku = (r.cells[skuCol] ?? '').trim();
      if (sku) skuRows.set(sku, [...(skuRows.get(sku) ?? []), r.row]);
    }

    const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
    const errors: ImportRowErrorDoc[] = [];
    let errorCount = 0;
    let done = 0;
    for (let i = 0; i < sheet.rows.length; i += BATCH) {
      const batch = sheet.rows.slice(i, i + BATCH);
      const valid: CatalogRow[] = [];
      const reject = (rowErrors: ImportRowErrorDoc[]) => {
        counts.rejected++;
        errorCount += rowErrors.length;
        for (const e of rowErrors) if (errors.length < IMPORT_ERRORS_MAX) errors.push(e);
      };
      for (const r of batch) {
        const result = validateRow(r, columns, categoryOf);
        if ('errors' in result) {
          reject(result.errors);
          continue;
        }
        const twins = skuRows.get(result.ok.sku) ?? [];
        if (twins.length > 1) {
          reject([
            {
              row: r.row,
              column: columns.header.sku ?? null,
              message: `SKU「${result.ok.sku}」在文件中重复出现（第 ${twins.join('、')} 行）`,
            },
          ]);
          continue;
        }
        if (result.ok.images.length > 0) {
          try {
            await deps.requireImages(result.ok.images, merchant.owner_user_id, 'images');
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            reject([{ row: r.row, column: columns.header.images ?? null, message: '图片不存在或不是店主上传的' }]);
            continue;
          }
        }
        valid.push(result.ok);
      }
      const outcomes = await deps.products.upsertRows(merchant, valid);
      outcomes.forEach((o, k) => {
        const r = valid[k] as CatalogRow;
        if (typeof o === 'string') counts[o]++;
        else {
          reject([{ row: r.row, column: o.column === null ? null : headerOf(columns, o.column), message: o.error }]);
        }
      });
      done += batch.length;
      await Import.updateOne(
        { _id: import_id },
        { $set: { rows_done: done, ...counts, errors, errors_truncated: errorCount > errors.length } },
      );
    }
    await Import.updateOne({ _id: import_id }, { $set: { status: 'completed', finished_at: new Date() } });
    await ImportFile.deleteOne({ _id: import_id });
  }

  return {
    run,

    async start(
      actor: UserActor,
      merchant_id: string,
      file: { bytes: Buffer; content_type: string },
      file_name: string | null,
    ): Promise<CatalogImport> {
      await deps.merchants.owned(actor, merchant_id);
      const sheet = await readSheet(file.bytes);
      const columns = mapColumns(sheet.headers);
      const now = new Date();
      const doc: ImportDoc = {
        _id: newId('imp'),
        merchant_id,
        created_by: actor.user_id,
        file_name,
        format: sheet.format,
        size_bytes: file.bytes.length,
        file_sha256: createHash('sha256').update(file.bytes).digest('hex'),
        status: 'queued',
        rows_total: sheet.rows.length,
        rows_done: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        ignored_columns: columns.ignored,
        errors: [],
        errors_truncated: false,
        failure: null,
        created_at: now,
        started_at: null,
        finished_at: null,
      };
      // The file first: a record never points at bytes that were not stored.
      await ImportFile.create({ _id: doc._id, bytes: file.bytes, created_at: now });
      await Import.create(doc);
      try {
        await deps.queue().schedule(doc._id, { import_id: doc._id }, now);
      } catch (err) {
        await failed(doc._id, '导入任务未能排队，请重新上传');
        throw err;
      }
      return toImport(doc);
    },

    async get(actor: UserActor, import_id: string): Promise<CatalogImport> {
      const d = await Import.findById(import_id).lean<ImportDoc>();
      if (!d) throw notFound('import_not_found', '导入记录不存在');
      await visible(actor, d);
      return toImport(d);
    },

    async list(actor: UserActor, merchant_id: string, page: { limit: number; cursor?: string | undefined }) {
      const m = await deps.merchants.load(merchant_id);
      if (m.owner_user_id !== actor.user_id && !deps.merchants.operates(actor, m)) throw forbidden('not_merchant_owner', '这不是您的店铺');
      let before: string | undefined;
      if (page.cursor) {
        before = Buffer.from(page.cursor, 'base64url').toString('utf8');
        if (!/^imp_[0-9A-Z]{26}$/.test(before)) throw badRequest('invalid_cursor', '分页游标无效');
      }
      const rows = await Import.find({ merchant_id, ...(before ? { _id: { $lt: before } } : {}) }, { errors: 0 })
        .sort({ _id: -1 })
        .limit(page.limit + 1)
        .lean<ImportDoc[]>();
      const items = rows.slice(0, page.limit);
      const last = items[items.length - 1];
      return {
        items: items.map((d) => toImport({ ...d, errors: [] }, false)),
        next_cursor: rows.length > page.limit && last ? Buffer.from(last._id).toString('base64url') : null,
      };
    },
  };
}
export type ImportService = ReturnType<typeof createImportService>;
