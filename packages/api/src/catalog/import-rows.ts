import {
  HarvestDate,
  PRODUCT_IMAGES_MAX,
  PRODUCT_KEYWORDS_MAX,
  PriceFen,
  ProductUnit,
  Sku,
  Stock,
  words,
  yuanStringToFen,
} from '@cc/shared';
import type { z } from 'zod';
import { badRequest } from '../platform/problem';
import type { CategoryDoc, ImportRowErrorDoc } from './models';
import type { CatalogRow, RowField } from './products';
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
export function headerOf(columns: ColumnMap, field: RowField): string | null {
  const col: Column = field === 'price_fen' && columns.index.price_fen === undefined ? 'price_yuan' : field;
  return columns.header[col] ?? null;
}

/** 2026-05-01, 2026/5/1, 2026.5.1, 2026年5月1日 → 2026-05-01 (not checked here). */
function dateText(s: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  return m ? `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}` : s;
}

type RowReader = {
  errors: ImportRowErrorDoc[];
  cell(c: Column): string;
  fail(c: Column, message: string): void;
  check<T>(c: Column, schema: z.ZodType<T>, value: unknown): T | undefined;
  required(c: Column, label: string): string;
};

/** Reads one row's cells by column, collecting its problems in order. */
function rowReader(row: { row: number; cells: string[] }, columns: ColumnMap): RowReader {
  const errors: ImportRowErrorDoc[] = [];
  const cell = (c: Column) => (columns.index[c] === undefined ? '' : (row.cells[columns.index[c] as number] ?? '').trim());
  const fail = (c: Column, message: string) => void errors.push({ row: row.row, column: columns.header[c] ?? null, message });
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
  return { errors, cell, fail, check, required };
}

/** The price, from the fen column or the yuan column (with ¥, 元 and thousands separators allowed). */
function priceOf(rd: RowReader, columns: ColumnMap): number | undefined {
  const { fail, check, required } = rd;
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
  return price_fen;
}

/** Keywords and image ids: lists in one cell, bounded in number. */
function listsOf(rd: RowReader): { keywords: string[]; images: string[] } {
  const { cell, fail, check } = rd;
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
  return { keywords, images };
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
  const rd = rowReader(row, columns);
  const { errors, cell, fail, check, required } = rd;
  const skuText = required('sku', 'SKU');
  const sku = skuText ? check('sku', Sku, skuText) : undefined;
  const nameText = required('name', '商品名称');
  const name = nameText ? check('name', words(2, 60, '商品名称'), nameText) : undefined;

  const categoryText = required('category', '分类');
  const category = categoryText ? categoryOf(categoryText) : null;
  if (categoryText && !category) fail('category', `没有这个分类：「${categoryText}」（可填分类编码、“蔬菜/叶菜类”或唯一的分类名）`);

  const unitText = required('unit', '单位');
  const unit = unitText ? check('unit', ProductUnit, UNIT_ALIASES[unitText.toLowerCase()] ?? unitText) : undefined;
  const price_fen = priceOf(rd, columns);

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
  const { keywords, images } = listsOf(rd);

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
