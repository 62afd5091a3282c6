import { createHash } from 'node:crypto';
import { type CatalogImport } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import type { DelayedJobs } from '../platform/jobs';
import { newId } from '../platform/ids';
import { badRequest, forbidden, notFound } from '../platform/problem';
import type { CategoryService } from './categories';
import type { MerchantService } from './merchants';
import type { CatalogModels, ImportDoc } from './models';
import type { ProductService } from './products';
import { readSheet } from './sheets';
import { failImport, runImport } from './import-job';
import { mapColumns } from './import-rows';

export { TEMPLATE_HEADERS, mapColumns, validateRow, type ColumnMap } from './import-rows';

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
async function visible(deps: ImportDeps, actor: UserActor, d: ImportDoc): Promise<void> {
  const m = await deps.merchants.load(d.merchant_id);
  if (m.owner_user_id !== actor.user_id && !deps.merchants.operates(actor, m)) throw notFound('import_not_found', '导入记录不存在');
}

/**
 * Catalog import: the file is read and its header checked while the request waits (a file that cannot be read or
 * lacks a required column is a 400 and nothing is stored); the rows are then checked and applied by a BullMQ job,
 * which writes its progress (rows_done / rows_total) and the per-row report to the import record.
 */
export function createImportService(deps: ImportDeps) {
  const { Import, ImportFile } = deps.models;
  return {
    run: (import_id: string) => runImport(deps, import_id),
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
        await failImport(deps, doc._id, '导入任务未能排队，请重新上传');
        throw err;
      }
      return toImport(doc);
    },

    async get(actor: UserActor, import_id: string): Promise<CatalogImport> {
      const d = await Import.findById(import_id).lean<ImportDoc>();
      if (!d) throw notFound('import_not_found', '导入记录不存在');
      await visible(deps, actor, d);
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
