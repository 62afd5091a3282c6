import { z } from 'zod';
import { creditCodeCheckChar, isCreditCode, isResidentIdNumber, maskIdNumber, residentIdCheckChar } from '../cn-ids';
import { isCalendarDate, shanghaiDate } from '../time';
import { CommunityId, IsoDateTime, PageQuery, UserId, idOf, humanText } from './common';

export { creditCodeCheckChar, isCreditCode, isResidentIdNumber, maskIdNumber, residentIdCheckChar };

// ---------- ids and bounds ----------

export const MerchantId = idOf('mch');
export const ProductId = idOf('prd');
export const CategoryId = idOf('cat');
export const ImportId = idOf('imp');
/** A photo stored by POST /api/v1/uploads. */
const ImageId = idOf('upl');

/** Farmers (农户), co-ops (合作社) and community stores (社区商店). */
export const MERCHANT_KINDS = ['farmer', 'coop', 'store'] as const;
export const MerchantKind = z.enum(MERCHANT_KINDS, { error: '商户类型应为 farmer、coop 或 store' });
export type MerchantKind = z.infer<typeof MerchantKind>;

/** unverified → pending (submitted) → verified | rejected (with reason) → pending again after a new submission. */
export const VERIFICATION_STATUSES = ['unverified', 'pending', 'verified', 'rejected'] as const;
export const VerificationStatus = z.enum(VERIFICATION_STATUSES);
export type VerificationStatus = z.infer<typeof VerificationStatus>;

/** Selling units of fresh produce and daily goods. */
export const PRODUCT_UNITS = [
  '斤',
  '公斤',
  '克',
  '个',
  '只',
  '箱',
  '袋',
  '盒',
  '瓶',
  '桶',
  '份',
  '把',
  '捆',
  '条',
  '包',
  '提',
  '罐',
] as const;
export const ProductUnit = z.enum(PRODUCT_UNITS, { error: `单位应为以下之一：${PRODUCT_UNITS.join('、')}` });
export type ProductUnit = z.infer<typeof ProductUnit>;

/** draft and off_sale are the seller's; hidden_by_operator is set and lifted by an operator only (with a reason). */
export const PRODUCT_STATUSES = ['draft', 'on_sale', 'off_sale', 'hidden_by_operator'] as const;
export const ProductStatus = z.enum(PRODUCT_STATUSES);
export type ProductStatus = z.infer<typeof ProductStatus>;

export const PRODUCT_SORTS = ['newest', 'price_asc', 'price_desc', 'sales'] as const;
export const ProductSort = z.enum(PRODUCT_SORTS);
export type ProductSort = z.infer<typeof ProductSort>;

/** ¥10 000 per unit: far above any vegetable, box of fruit or jin of tea, low enough to catch a yuan/fen mix-up. */
export const PRICE_MAX_FEN = 1_000_000;
export const STOCK_MAX = 1_000_000;
export const PRODUCT_IMAGES_MAX = 9;
export const PRODUCT_KEYWORDS_MAX = 10;
export const MERCHANT_SERVES_MAX = 50;
/** Rows of one catalog import (the file itself is bounded by UPLOAD_MAX_BYTES). */
export const IMPORT_ROWS_MAX = 5000;
/** Row problems kept in an import's report; the counts stay exact beyond it. */
export const IMPORT_ERRORS_MAX = 500;

/** Media types of a catalog import: CSV (UTF-8 or GBK, as Excel saves it) or Excel 2007+ (.xlsx). */
export const IMPORT_CONTENT_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  // What Windows browsers send for a .csv file; the bytes decide (a zip is xlsx, the old binary .xls is refused).
  'application/vnd.ms-excel',
] as const;

/** Human text with Chinese messages naming the field (humanText with a label; also used by the catalog import). */
export function words(min: number, max: number, label: string) {
  return humanText({ min, max, label });
}

export const PriceFen = z
  .number({ error: '价格应为数字（单位：分）' })
  .int({ error: '价格须为整数（单位：分）' })
  .min(1, { error: '价格须大于 0' })
  .max(PRICE_MAX_FEN, { error: `价格不能超过 ${PRICE_MAX_FEN / 100} 元` });

export const Stock = z
  .number({ error: '库存应为数字' })
  .int({ error: '库存须为整数' })
  .min(0, { error: '库存不能小于 0' })
  .max(STOCK_MAX, { error: `库存不能超过 ${STOCK_MAX}` });

/** A calendar date in Asia/Shanghai, not in the future (produce is listed after it is picked). */
export const HarvestDate = z
  .string({ error: '采收日期应为 YYYY-MM-DD' })
  .refine(isCalendarDate, { error: '采收日期应为 YYYY-MM-DD 格式的真实日期', abort: true })
  .refine((d) => d >= '2000-01-01' && d <= shanghaiDate(new Date()), { error: '采收日期不能晚于今天（北京时间）' });

/** The merchant's own article number: the key a catalog import creates or updates by. */
export const Sku = z
  .string({ error: 'SKU 应为文字' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { error: 'SKU 只能包含字母、数字和 . _ -，最长 40 位' });

const Phone = z
  .string({ error: '联系电话应为文字' })
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { error: '请填写 11 位手机号或带区号的固定电话' });

const VillageName = humanText({ min: 2, max: 40, label: '产地' });
const Keywords = z
  .array(humanText({ min: 1, max: 20, label: '关键词' }))
  .max(PRODUCT_KEYWORDS_MAX, { error: `关键词最多 ${PRODUCT_KEYWORDS_MAX} 个` });
const Images = z.array(ImageId).max(PRODUCT_IMAGES_MAX, { error: `图片最多 ${PRODUCT_IMAGES_MAX} 张` });

// ---------- merchants ----------

export const MerchantHistoryEntry = z.object({
  at: IsoDateTime,
  actor_id: UserId,
  /** created, submitted, verified, rejected */
  action: z.string(),
  note: z.string().nullable(),
});

/** What anyone sees of a verified merchant (the seller page). */
export const MerchantPublic = z.object({
  id: MerchantId,
  name: z.string(),
  kind: MerchantKind,
  description: z.string(),
  /** The community or village it is registered in; that community's operators verify it. */
  community_id: CommunityId,
  /** Where its produce comes from, e.g. 径山村; null for a store. */
  origin_village: z.string().nullable(),
  /** Communities and villages it delivers to; only their residents see its products. */
  serves_community_ids: z.array(CommunityId),
  contact_name: z.string(),
  /** e.g. 139****0011 */
  contact_phone_masked: z.string(),
  logo_image_id: ImageId.nullable(),
  verified: z.boolean(),
  created_at: IsoDateTime,
});
export type MerchantPublic = z.infer<typeof MerchantPublic>;

/** The owner's and operators' view: the real-name verification and the ledger account too. */
export const Merchant = MerchantPublic.extend({
  owner_user_id: UserId,
  contact_phone: z.string(),
  /** Its merchant account in the wallet ledger (sales are settled into it). */
  account_id: z.string().nullable(),
  verification: z.object({
    status: VerificationStatus,
    real_name: z.string().nullable(),
    id_kind: z.enum(['resident_id', 'credit_code']).nullable(),
    /** Only the first 3 and last 4 characters are kept: operators compare them with the document shown at the station. */
    id_number_masked: z.string().nullable(),
    submitted_at: IsoDateTime.nullable(),
    decided_at: IsoDateTime.nullable(),
    decided_by: UserId.nullable(),
    rejected_reason: z.string().nullable(),
  }),
  history: z.array(MerchantHistoryEntry),
  updated_at: IsoDateTime,
});
export type Merchant = z.infer<typeof Merchant>;

const merchantProfileFields = {
  name: humanText({ min: 2, max: 40, label: '商户名称' }),
  description: humanText({ min: 0, max: 500, label: '简介' }).optional(),
  contact_name: humanText({ min: 2, max: 20, label: '联系人' }),
  contact_phone: Phone,
  origin_village: VillageName.optional(),
  serves_community_ids: z
    .array(CommunityId)
    .min(1, { error: '至少服务一个社区或村' })
    .max(MERCHANT_SERVES_MAX, { error: `最多服务 ${MERCHANT_SERVES_MAX} 个社区或村` }),
  logo_image_id: ImageId.optional(),
};

export const CreateMerchantBody = z.strictObject({
  ...merchantProfileFields,
  kind: MerchantKind,
  community_id: CommunityId,
  /** Defaults to [community_id]. */
  serves_community_ids: merchantProfileFields.serves_community_ids.optional(),
});

export const UpdateMerchantBody = z
  .strictObject({
    name: merchantProfileFields.name.optional(),
    description: merchantProfileFields.description,
    contact_name: merchantProfileFields.contact_name.optional(),
    contact_phone: Phone.optional(),
    origin_village: VillageName.nullable().optional(),
    serves_community_ids: merchantProfileFields.serves_community_ids.optional(),
    logo_image_id: ImageId.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { error: '至少修改一项' })
  .meta({ minProperties: 1, description: '至少修改一项（空对象答 400）' });

/** A farmer verifies with a resident identity number; a co-op with its credit code; a store with either. */
export const SubmitVerificationBody = z
  .strictObject({
    real_name: humanText({ min: 2, max: 40, label: '真实姓名或单位名称' }),
    id_kind: z.enum(['resident_id', 'credit_code'], { error: '证件类型应为 resident_id 或 credit_code' }),
    id_number: z.string({ error: '证件号码应为文字' }).trim().toUpperCase().max(18, { error: '证件号码为 18 位' }),
  })
  .superRefine((b, ctx) => {
    const ok = b.id_kind === 'resident_id' ? isResidentIdNumber(b.id_number) : isCreditCode(b.id_number);
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        path: ['id_number'],
        message:
          b.id_kind === 'resident_id'
            ? '身份证号码不正确（18 位，校验位不符或出生日期无效）'
            : '统一社会信用代码不正确（18 位，校验位不符）',
      });
  });

// ---------- categories ----------

export const Category = z.object({
  id: CategoryId,
  /** Stable code, e.g. vegetables.leafy; a catalog import may name a category by its code. */
  code: z.string(),
  name: z.string(),
  parent_id: CategoryId.nullable(),
  /** From the root down to this category (inclusive). */
  path: z.array(CategoryId),
  order: z.number().int(),
});
export type Category = z.infer<typeof Category>;

// ---------- products ----------

/**
 * A product listed from a supply post (农产品一键上架, issue 14 item 4): the farmer's asking price for one retail unit
 * beside the retail price, and the producer's share of what the resident pays (Open Food Network's fee breakdown).
 */
export const ProductAgriOrigin = z.object({
  supply_post_id: z.string(),
  variety: z.string(),
  /** The supply post's price for one retail unit (its price per base unit × base units per retail unit), fen. */
  origin_price_fen: z.number().int(),
  /** origin_price_fen ÷ price_fen, in percent with one decimal (above 100 when sold below the asking price). */
  producer_share_pct: z.number(),
});
export type ProductAgriOrigin = z.infer<typeof ProductAgriOrigin>;

export const Product = z.object({
  id: ProductId,
  merchant_id: MerchantId,
  merchant: z.object({ id: MerchantId, name: z.string(), kind: MerchantKind, origin_village: z.string().nullable() }),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  /** e.g. 约 500 克/份 */
  spec: z.string(),
  category_id: CategoryId,
  category_path: z.array(CategoryId),
  category_name: z.string(),
  unit: ProductUnit,
  price_fen: z.number().int(),
  stock: z.number().int(),
  in_stock: z.boolean(),
  images: z.array(ImageId),
  /** The images' file paths in the same order (prefix them with the API's base URL). */
  image_urls: z.array(z.string()),
  origin_village: z.string().nullable(),
  /** YYYY-MM-DD, Asia/Shanghai. */
  harvest_date: z.string().nullable(),
  keywords: z.array(z.string()),
  status: ProductStatus,
  /** Set while an operator hides the product. */
  hidden: z.object({ reason: z.string(), by: UserId, at: IsoDateTime }).nullable(),
  sold_count: z.number().int(),
  /** Set when the product was listed from a supply post (null otherwise). */
  agri_origin: ProductAgriOrigin.nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type Product = z.infer<typeof Product>;

const productFields = {
  /** Generated when omitted. */
  sku: Sku.optional(),
  name: humanText({ min: 2, max: 60, label: '商品名称' }),
  description: humanText({ min: 0, max: 1000, label: '商品描述' }).optional(),
  spec: humanText({ min: 0, max: 40, label: '规格' }).optional(),
  category_id: CategoryId,
  unit: ProductUnit,
  price_fen: PriceFen,
  stock: Stock,
  images: Images.optional(),
  /** Defaults to the merchant's origin village. */
  origin_village: VillageName.optional(),
  harvest_date: HarvestDate.optional(),
  keywords: Keywords.optional(),
};

export const CreateProductBody = z.strictObject({
  ...productFields,
  /** on_sale only for a verified merchant. */
  status: z.enum(['draft', 'on_sale'], { error: '状态应为 draft 或 on_sale' }).optional(),
});

/** Stock moves through POST …/stock (relative, guarded) and the status through PUT …/status, not here. */
export const UpdateProductBody = z
  .strictObject({
    sku: Sku.optional(),
    name: productFields.name.optional(),
    description: productFields.description,
    spec: productFields.spec,
    category_id: CategoryId.optional(),
    unit: ProductUnit.optional(),
    price_fen: PriceFen.optional(),
    images: Images.optional(),
    origin_village: VillageName.nullable().optional(),
    harvest_date: HarvestDate.nullable().optional(),
    keywords: Keywords.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { error: '至少修改一项' })
  .meta({ minProperties: 1, description: '至少修改一项（空对象答 400）' });

export const AdjustStockBody = z.strictObject({
  /** Units to add (positive) or take away (negative); never below 0. */
  delta: z
    .number({ error: '变动数量应为数字' })
    .int({ error: '变动数量须为整数' })
    .min(-STOCK_MAX, { error: '变动数量超出范围' })
    .max(STOCK_MAX, { error: '变动数量超出范围' })
    .refine((d) => d !== 0, { error: '变动数量不能为 0' })
    .meta({ not: { const: 0 }, description: '增加（正数）或减少（负数）的件数，不能为 0；库存不会低于 0' }),
});

export const SetProductStatusBody = z.strictObject({
  status: z.enum(['on_sale', 'off_sale'], { error: '状态应为 on_sale（上架）或 off_sale（下架）' }),
});

const PriceQuery = z.coerce
  .number({ error: '价格应为整数分' })
  .int({ error: '价格应为整数分' })
  .min(0, { error: '价格不能小于 0' })
  .max(PRICE_MAX_FEN, { error: '价格超出范围' });

export const SearchProductsQuery = z
  .strictObject({
    ...PageQuery,
    /** The community being shopped for (the home page's community switch): only merchants serving it are shown. */
    community_id: CommunityId,
    /** Words in the name, keywords, category or origin village; every word must match. */
    q: humanText({ min: 1, max: 40, label: '搜索词' }).optional(),
    /** Includes its sub-categories. */
    category_id: CategoryId.optional(),
    merchant_id: MerchantId.optional(),
    merchant_kind: MerchantKind.optional(),
    origin_village: humanText({ min: 1, max: 40, label: '产地' }).optional(),
    price_min_fen: PriceQuery.optional(),
    price_max_fen: PriceQuery.optional(),
    /** true: only with stock; false: only sold out. */
    in_stock: z.enum(['true', 'false']).optional(),
    sort: ProductSort.default('newest'),
  })
  .refine((q) => q.price_min_fen === undefined || q.price_max_fen === undefined || q.price_min_fen <= q.price_max_fen, {
    error: '最低价不能高于最高价',
    path: ['price_max_fen'],
  })
  .meta({ 'x-rules': ['price_min_fen ≤ price_max_fen（两者都给出时）'] });

// ---------- imports ----------

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export const ImportStatus = z.enum(IMPORT_STATUSES);

export const ImportRowError = z.object({
  /** As the spreadsheet numbers it: the header is row 1. */
  row: z.number().int(),
  /** The column's header as written in the file; null for a problem of the whole row. */
  column: z.string().nullable(),
  message: z.string(),
});

export const CatalogImport = z.object({
  id: ImportId,
  merchant_id: MerchantId,
  file_name: z.string().nullable(),
  format: z.enum(['csv', 'xlsx']),
  size_bytes: z.number().int(),
  file_sha256: z.string(),
  status: ImportStatus,
  /** Data rows in the file (empty rows not counted); known when the import is accepted. */
  rows_total: z.number().int(),
  /** Rows checked so far: progress is rows_done / rows_total. */
  rows_done: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Valid rows identical to the stored product: re-importing the same file changes nothing. */
  unchanged: z.number().int(),
  /** Rows with at least one problem: they changed nothing. */
  rejected: z.number().int(),
  /** Columns of the file that are not part of the template. */
  ignored_columns: z.array(z.string()),
  errors: z.array(ImportRowError),
  errors_truncated: z.boolean(),
  /** Why a failed import stopped. */
  failure: z.string().nullable(),
  created_by: UserId,
  created_at: IsoDateTime,
  started_at: IsoDateTime.nullable(),
  finished_at: IsoDateTime.nullable(),
});
export type CatalogImport = z.infer<typeof CatalogImport>;
