import { IMPORT_ERRORS_MAX } from '@cc/shared';
import { AppError } from '../platform/problem';
import type { CategoryDoc, ImportDoc, ImportRowErrorDoc, MerchantDoc } from './models';
import type { CatalogRow } from './products';
import { readSheet, type Sheet } from './sheets';
import type { ImportDeps } from './imports';
import { headerOf, mapColumns, validateRow, type ColumnMap } from './import-rows';

/** Rows per batch: one read of the existing products per batch, and a progress update after each. */
const BATCH = 100;

export async function failImport(deps: ImportDeps, import_id: string, failure: string): Promise<void> {
  const { Import, ImportFile } = deps.models;
  await Import.updateOne({ _id: import_id }, { $set: { status: 'failed', failure, finished_at: new Date() } });
  await ImportFile.deleteOne({ _id: import_id });
}

/** The file read and its columns mapped, and the record reset to running; null when it failed (recorded). */
async function prepare(deps: ImportDeps, import_id: string): Promise<{ sheet: Sheet; columns: ColumnMap } | null> {
  const { Import, ImportFile } = deps.models;
  const file = await ImportFile.findById(import_id).lean<{ bytes: Buffer | { buffer: Buffer } }>();
  if (!file) {
    await failImport(deps, import_id, '导入文件已丢失，请重新上传');
    return null;
  }
  let sheet: Sheet;
  let columns: ColumnMap;
  try {
    const bytes = Buffer.isBuffer(file.bytes) ? file.bytes : Buffer.from(file.bytes.buffer);
    sheet = await readSheet(bytes);
    columns = mapColumns(sheet.headers);
  } catch (err) {
    await failImport(deps, import_id, err instanceof AppError ? err.title : '文件无法读取');
    return null;
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
  return { sheet, columns };
}

/** A SKU twice in one file is ambiguous: every such row is refused, none wins by position. */
function skuRowsOf(sheet: Sheet, columns: ColumnMap): Map<string, number[]> {
  const skuRows = new Map<string, number[]>();
  const skuCol = columns.index.sku as number;
  for (const r of sheet.rows) {
    const sku = (r.cells[skuCol] ?? '').trim();
    if (sku) skuRows.set(sku, [...(skuRows.get(sku) ?? []), r.row]);
  }
  return skuRows;
}

type Report = {
  counts: { created: number; updated: number; unchanged: number; rejected: number };
  errors: ImportRowErrorDoc[];
  errorCount: number;
};

function reject(report: Report, rowErrors: ImportRowErrorDoc[]) {
  report.counts.rejected++;
  report.errorCount += rowErrors.length;
  for (const e of rowErrors) if (report.errors.length < IMPORT_ERRORS_MAX) report.errors.push(e);
}

/** One batch: rows checked (format, SKU twins, the owner's images), the valid ones applied, the report updated. */
async function applyBatch(
  deps: ImportDeps,
  ctx: { merchant: MerchantDoc; columns: ColumnMap; categoryOf: (text: string) => CategoryDoc | null; skuRows: Map<string, number[]> },
  batch: Sheet['rows'],
  report: Report,
): Promise<void> {
  const { merchant, columns, categoryOf, skuRows } = ctx;
  const { counts } = report;
  const valid: CatalogRow[] = [];
  for (const r of batch) {
    const result = validateRow(r, columns, categoryOf);
    if ('errors' in result) {
      reject(report, result.errors);
      continue;
    }
    const twins = skuRows.get(result.ok.sku) ?? [];
    if (twins.length > 1) {
      reject(report, [
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
        reject(report, [{ row: r.row, column: columns.header.images ?? null, message: '图片不存在或不是店主上传的' }]);
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
      reject(report, [{ row: r.row, column: o.column === null ? null : headerOf(columns, o.column), message: o.error }]);
    }
  });
}

/** The job: idempotent, so a retry (or a worker that died mid-way) starts over and ends in the same state. */
export async function runImport(deps: ImportDeps, import_id: string): Promise<void> {
  const { Import, ImportFile } = deps.models;
  const d = await Import.findById(import_id).lean<ImportDoc>();
  if (!d || d.status === 'completed' || d.status === 'failed') return;
  const prepared = await prepare(deps, import_id);
  if (!prepared) return;
  const { sheet, columns } = prepared;
  const merchant: MerchantDoc = await deps.merchants.load(d.merchant_id);
  const categoryOf = deps.categories.resolver(await deps.categories.all());
  const ctx = { merchant, columns, categoryOf, skuRows: skuRowsOf(sheet, columns) };
  const report: Report = { counts: { created: 0, updated: 0, unchanged: 0, rejected: 0 }, errors: [], errorCount: 0 };
  let done = 0;
  for (let i = 0; i < sheet.rows.length; i += BATCH) {
    const batch = sheet.rows.slice(i, i + BATCH);
    await applyBatch(deps, ctx, batch, report);
    done += batch.length;
    const { counts, errors, errorCount } = report;
    await Import.updateOne(
      { _id: import_id },
      { $set: { rows_done: done, ...counts, errors, errors_truncated: errorCount > errors.length } },
    );
  }
  await Import.updateOne({ _id: import_id }, { $set: { status: 'completed', finished_at: new Date() } });
  await ImportFile.deleteOne({ _id: import_id });
}
