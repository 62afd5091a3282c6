import type { MerchantKind, ProductStatus, ProductUnit, VerificationStatus } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';

/** A seller: a farmer, a co-op or a community store, owned by one person. */
export interface MerchantDoc {
  _id: string;
  owner_user_id: string;
  name: string;
  kind: MerchantKind;
  description: string;
  contact_name: string;
  /** Full number for the owner and operators; everyone else sees it masked. Never logged. */
  contact_phone: string;
  /** Where it is registered: that community's operators verify it. */
  community_id: string;
  origin_village: string | null;
  serves_community_ids: string[];
  logo_image_id: string | null;
  /** Its merchant account in the wallet ledger; set right after creation (see merchants.ts). */
  account_id: string | null;
  verification: {
    status: VerificationStatus;
    real_name: string | null;
    id_kind: 'resident_id' | 'credit_code' | null;
    /** The number itself is not kept (information security): only what an operator compares with the document. */
    id_number_masked: string | null;
    submitted_at: Date | null;
    decided_at: Date | null;
    decided_by: string | null;
    rejected_reason: string | null;
  };
  history: { at: Date; actor_id: string; action: string; note: string | null }[];
  created_at: Date;
  updated_at: Date;
}

/** A node of the category tree; `path` runs from the root to this node, so "in a category" is one indexed match. */
export interface CategoryDoc {
  _id: string;
  code: string;
  name: string;
  parent_id: string | null;
  path: string[];
  order: number;
}

/** Units held back for an unfinished order (see products.reserve): keyed, so a retried reserve or release is a no-op. */
export interface HoldDoc {
  key: string;
  qty: number;
  at: Date;
}

export interface ProductDoc {
  _id: string;
  merchant_id: string;
  sku: string;
  name: string;
  description: string;
  spec: string;
  category_id: string;
  category_path: string[];
  unit: ProductUnit;
  price_fen: number;
  /** Units that can still be sold: never below 0 (guarded $inc). */
  stock: number;
  images: string[];
  origin_village: string | null;
  harvest_date: string | null;
  keywords: string[];
  status: ProductStatus;
  /** Restored when an operator lifts the hiding. */
  status_before_hide: ProductStatus | null;
  hidden: { reason: string; by: string; at: Date } | null;
  sold_count: number;
  /** Listed from a supply post (agri, issue 14 item 4): its id, variety and asking price per retail unit. */
  /** base_per_unit: base units (斤 …) in one retail unit, so a shop sale becomes a price per 斤 (agri/demand). */
  agri_origin?: { supply_post_id: string; variety: string; origin_price_fen: number; base_per_unit?: number } | null;
  holds: HoldDoc[];
  /** Normalised name, spec, keywords, category names and origin village: text search is a regex over this. */
  search_text: string;
  created_at: Date;
  updated_at: Date;
}

export interface ImportRowErrorDoc {
  row: number;
  column: string | null;
  message: string;
}

export interface ImportDoc {
  _id: string;
  merchant_id: string;
  created_by: string;
  file_name: string | null;
  format: 'csv' | 'xlsx';
  size_bytes: number;
  file_sha256: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  rows_total: number;
  rows_done: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  ignored_columns: string[];
  errors: ImportRowErrorDoc[];
  errors_truncated: boolean;
  failure: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** The uploaded file of an import until its job has run (kept apart so progress reads never load it). */
export interface ImportFileDoc {
  _id: string;
  bytes: Buffer;
  created_at: Date;
}

const merchantSchema = new Schema<MerchantDoc>(
  {
    _id: String,
    owner_user_id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    description: { type: String, default: '' },
    contact_name: { type: String, required: true },
    contact_phone: { type: String, required: true },
    community_id: { type: String, required: true },
    origin_village: { type: String, default: null },
    serves_community_ids: { type: [String], default: [] },
    logo_image_id: { type: String, default: null },
    account_id: { type: String, default: null },
    verification: {
      status: { type: String, required: true },
      real_name: { type: String, default: null },
      id_kind: { type: String, default: null },
      id_number_masked: { type: String, default: null },
      submitted_at: { type: Date, default: null },
      decided_at: { type: Date, default: null },
      decided_by: { type: String, default: null },
      rejected_reason: { type: String, default: null },
    },
    history: [{ _id: false, at: Date, actor_id: String, action: String, note: { type: String, default: null } }],
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
// One person does not open two shops of the same name (a double tap on 开店 answers 409, not a twin).
merchantSchema.index({ owner_user_id: 1, name: 1 }, { unique: true });
merchantSchema.index({ community_id: 1, 'verification.status': 1 });
merchantSchema.index({ serves_community_ids: 1, 'verification.status': 1 });

const categorySchema = new Schema<CategoryDoc>(
  {
    _id: String,
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    parent_id: { type: String, default: null },
    path: { type: [String], default: [] },
    order: { type: Number, default: 0 },
  },
  { versionKey: false },
);

const productSchema = new Schema<ProductDoc>(
  {
    _id: String,
    merchant_id: { type: String, required: true },
    sku: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    spec: { type: String, default: '' },
    category_id: { type: String, required: true },
    category_path: { type: [String], default: [] },
    unit: { type: String, required: true },
    price_fen: { type: Number, required: true },
    stock: { type: Number, required: true },
    images: { type: [String], default: [] },
    origin_village: { type: String, default: null },
    harvest_date: { type: String, default: null },
    keywords: { type: [String], default: [] },
    status: { type: String, required: true },
    status_before_hide: { type: String, default: null },
    hidden: { type: new Schema({ reason: String, by: String, at: Date }, { _id: false }), default: null },
    sold_count: { type: Number, default: 0 },
    agri_origin: {
      type: new Schema({ supply_post_id: String, variety: String, origin_price_fen: Number, base_per_unit: Number }, { _id: false }),
      default: null,
    },
    holds: [{ _id: false, key: String, qty: Number, at: Date }],
    search_text: { type: String, default: '' },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
// The key a catalog import creates or updates by.
productSchema.index({ merchant_id: 1, sku: 1 }, { unique: true });
// One index per sort of the search (status and merchant narrow first, then the keyset order).
productSchema.index({ status: 1, merchant_id: 1, _id: -1 });
productSchema.index({ status: 1, price_fen: 1, _id: 1 });
productSchema.index({ status: 1, sold_count: -1, _id: -1 });
productSchema.index({ category_path: 1, status: 1 });

const importSchema = new Schema<ImportDoc>(
  {
    _id: String,
    merchant_id: { type: String, required: true },
    created_by: { type: String, required: true },
    file_name: { type: String, default: null },
    format: { type: String, required: true },
    size_bytes: { type: Number, required: true },
    file_sha256: { type: String, required: true },
    status: { type: String, required: true },
    rows_total: { type: Number, required: true },
    rows_done: { type: Number, default: 0 },
    created: { type: Number, default: 0 },
    updated: { type: Number, default: 0 },
    unchanged: { type: Number, default: 0 },
    rejected: { type: Number, default: 0 },
    ignored_columns: { type: [String], default: [] },
    errors: [{ _id: false, row: Number, column: { type: String, default: null }, message: String }],
    errors_truncated: { type: Boolean, default: false },
    failure: { type: String, default: null },
    created_at: { type: Date, required: true },
    started_at: { type: Date, default: null },
    finished_at: { type: Date, default: null },
  },
  // `errors` is a field here, not mongoose's validation errors.
  { versionKey: false, minimize: false, suppressReservedKeysWarning: true },
);
importSchema.index({ merchant_id: 1, _id: -1 });

const importFileSchema = new Schema<ImportFileDoc>(
  { _id: String, bytes: { type: Buffer, required: true }, created_at: { type: Date, required: true } },
  { versionKey: false },
);

/** The catalog module's models. Other modules never import these: they call the catalog service. */
export function catalogModels(conn: Connection) {
  return {
    Merchant: modelOn<MerchantDoc>(conn, 'Merchant', merchantSchema, 'merchants'),
    Category: modelOn<CategoryDoc>(conn, 'Category', categorySchema, 'categories'),
    Product: modelOn<ProductDoc>(conn, 'Product', productSchema, 'products'),
    Import: modelOn<ImportDoc>(conn, 'CatalogImport', importSchema, 'catalog_imports'),
    ImportFile: modelOn<ImportFileDoc>(conn, 'CatalogImportFile', importFileSchema, 'catalog_import_files'),
  };
}
export type CatalogModels = ReturnType<typeof catalogModels>;
