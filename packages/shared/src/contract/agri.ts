/**
 * Agricultural supply and demand (农产品供求, issue 14): supply posts (供应) by farmers, purchase posts (求购) by
 * buyers, their views, matches and the moderation shapes. Amounts are integer fen; quantities carry their unit
 * (contract/agri-tree.ts: categories, varieties, units and conversion to a base unit).
 */
import { z } from 'zod';
import { isCalendarDate } from '../time';
import { CommunityId, IsoDateTime, LatLng, PageQuery, UploadId, UserId, humanText, idOf } from './common';
import { AGRI_CATEGORY_TREE, AGRI_UNIT_SPECS, AgriCategory, AgriUnit, unitFitsCategory } from './agri-tree';

export * from './agri-tree';

// ---------- ids and bounds ----------

export const SupplyPostId = idOf('sup');
export const PurchasePostId = idOf('dem');
/** Either kind of post: sup_… (supply) or dem_… (purchase). */
export const AgriPostId = z.union([SupplyPostId, PurchasePostId]);
export const AgriReportId = idOf('rpt');

export const AGRI_POST_KINDS = ['supply', 'purchase'] as const;
export const AgriPostKind = z.enum(AGRI_POST_KINDS);
export type AgriPostKind = z.infer<typeof AgriPostKind>;

export const AGRI_PHOTOS_MAX = 9;
/** Largest quantity of one post in its unit; 999.999 吨 passes (and is held as implausible for one household). */
export const AGRI_QUANTITY_MAX = 1_000_000;
export const AGRI_VALID_DAYS_MAX = 90;
export const AGRI_VALID_DAYS_DEFAULT = 30;
/** How far ahead a window may start, and how long it may last. */
export const AGRI_WINDOW_AHEAD_DAYS_MAX = 366;
export const AGRI_WINDOW_LENGTH_DAYS_MAX = 366;

/**
 * Lifecycle of a post. Only `open` posts are public (search, matching).
 * - pending_verification: saved, but the poster is not real-name verified yet; opens when they are (or on renew/edit).
 * - held: a plausibility check holds it for an operator (hold_reasons say why); restore opens it, hide rejects it.
 * - hidden: an operator hid it (moderation); restore brings it back.
 * - closed: the poster closed it. expired: its validity ended (a job); renew opens it again.
 */
export const AGRI_POST_STATUSES = ['pending_verification', 'held', 'open', 'hidden', 'closed', 'expired'] as const;
export const AgriPostStatus = z.enum(AGRI_POST_STATUSES);
export type AgriPostStatus = z.infer<typeof AgriPostStatus>;
export const AGRI_POST_STATUS_WORDS: Record<AgriPostStatus, string> = {
  pending_verification: '待实名认证',
  held: '审核中',
  open: '展示中',
  hidden: '已下架',
  closed: '已关闭',
  expired: '已过期',
};

export const AGRI_FREQUENCIES = ['once', 'weekly', 'monthly'] as const;
export const AgriFrequency = z.enum(AGRI_FREQUENCIES, { error: '采购频次应为 once、weekly 或 monthly' });
export type AgriFrequency = z.infer<typeof AgriFrequency>;
export const AGRI_FREQUENCY_WORDS: Record<AgriFrequency, string> = { once: '一次', weekly: '每周', monthly: '每月' };

export const AGRI_CERT_KINDS = ['green_food', 'organic', 'geo_indication', 'compliance'] as const;
export const AgriCertKind = z.enum(AGRI_CERT_KINDS, { error: '认证应为 green_food、organic、geo_indication 或 compliance' });
export type AgriCertKind = z.infer<typeof AgriCertKind>;
export const AGRI_CERT_WORDS: Record<AgriCertKind, string> = {
  green_food: '绿色食品',
  organic: '有机',
  geo_indication: '地理标志',
  compliance: '合格证',
};
/** A certification is shown to others only once an operator checked its evidence photo. */
export const AGRI_CERT_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export const AgriCertStatus = z.enum(AGRI_CERT_STATUSES);
/** The words of a certification's check, for the poster (others see only confirmed ones). */
export const AGRI_CERT_STATUS_WORDS: Record<(typeof AGRI_CERT_STATUSES)[number], string> = {
  pending: '待服务站核验',
  confirmed: '已核验',
  rejected: '未通过核验',
};

/** Why a plausibility check held a post (item 7). */
export const AGRI_HOLD_CODES = ['quantity_out_of_scale', 'price_far_from_median', 'too_many_posts', 'photo_reused'] as const;
export const AgriHoldCode = z.enum(AGRI_HOLD_CODES);
export type AgriHoldCode = z.infer<typeof AgriHoldCode>;

// ---------- field schemas ----------

/** A calendar date in Asia/Shanghai, YYYY-MM-DD. */
export const AgriDate = z.string({ error: '日期应为 YYYY-MM-DD' }).refine(isCalendarDate, { error: '日期应为 YYYY-MM-DD 格式的真实日期' });

export const AgriQuantity = z
  .number({ error: '数量应为数字' })
  .gt(0, { error: '数量须大于 0' })
  .max(AGRI_QUANTITY_MAX, { error: `数量不能超过 ${AGRI_QUANTITY_MAX}` })
  .refine((q) => Math.abs(Math.round(q * 1000) - q * 1000) < 1e-6, { error: '数量最多 3 位小数' });

/** A price per unit in fen; the upper bound depends on the unit (AGRI_UNIT_SPECS.price_max_fen), checked with it. */
export const AgriUnitPriceFen = z
  .number({ error: '价格应为数字（单位：分）' })
  .int({ error: '价格须为整数（单位：分）' })
  .min(1, { error: '价格须大于 0' })
  .max(1_000_000_000, { error: '价格不合理' });

const Variety = humanText({ min: 1, max: 20, label: '品种' });
const Photos = z.array(UploadId).max(AGRI_PHOTOS_MAX, { error: `图片最多 ${AGRI_PHOTOS_MAX} 张` });
const ValidDays = z
  .number({ error: '有效期应为天数' })
  .int({ error: '有效期应为整天数' })
  .min(1, { error: '有效期至少 1 天' })
  .max(AGRI_VALID_DAYS_MAX, { error: `有效期最多 ${AGRI_VALID_DAYS_MAX} 天` });

/** Where produce comes from: the village (and, when known, its community record and township/county) with coordinates. */
export const AgriOrigin = z.strictObject({
  village: humanText({ min: 2, max: 40, label: '产地村' }),
  township: humanText({ min: 2, max: 40, label: '乡镇' }).optional(),
  county: humanText({ min: 2, max: 40, label: '县区' }).optional(),
  /** The village as registered (identity module); its district fills `county` when that is not given. */
  community_id: CommunityId.optional(),
  location: LatLng,
});
export type AgriOrigin = z.infer<typeof AgriOrigin>;

export const AgriDeliveryPlace = z.strictObject({
  place: humanText({ min: 2, max: 60, label: '交货地点' }),
  community_id: CommunityId.optional(),
  location: LatLng,
});

export const AgriCertificationInput = z.strictObject({
  kind: AgriCertKind,
  /** A photo of the certificate (POST /api/v1/uploads). */
  evidence_upload_id: UploadId,
});

// ---------- bodies ----------

type Issue = { path: string[]; message: string; params: { code: string } };
/** Cross-field rules shared by the create and edit bodies; each returns the problems of the fields present. */
export function agriCrossFieldIssues(v: {
  category?: AgriCategory;
  unit?: AgriUnit;
  unit_prices_fen?: (number | null | undefined)[];
  window?: [string | undefined, string | undefined, string];
  price_field?: string;
}): Issue[] {
  const out: Issue[] = [];
  if (v.category && v.unit && !unitFitsCategory(v.category, v.unit)) {
    const fit = AGRI_CATEGORY_TREE[v.category].units.join('、');
    out.push({
      path: ['unit'],
      message: `${AGRI_CATEGORY_TREE[v.category].name}的单位应为：${fit}`,
      params: { code: 'unit_not_for_category' },
    });
  }
  const max = v.unit ? AGRI_UNIT_SPECS[v.unit].price_max_fen : null;
  for (const p of v.unit_prices_fen ?? []) {
    if (max !== null && typeof p === 'number' && p > max)
      out.push({
        path: [v.price_field ?? 'unit_price_fen'],
        message: `每${v.unit}价格不能超过 ${max / 100} 元`,
        params: { code: 'price_out_of_range' },
      });
  }
  const [from, to, field] = v.window ?? [];
  if (from && to && to < from)
    out.push({ path: [field ?? 'window'], message: '结束日期不能早于开始日期', params: { code: 'window_invalid' } });
  return out;
}

const supplyFields = {
  category: AgriCategory,
  variety: Variety,
  quantity: AgriQuantity,
  unit: AgriUnit,
  /** Price per unit in fen; null = 面议 (negotiable). */
  unit_price_fen: AgriUnitPriceFen.nullable(),
  /** Smallest order in the same unit; defaults to none. */
  min_order_quantity: AgriQuantity.optional(),
  available_from: AgriDate,
  available_to: AgriDate,
  origin: AgriOrigin,
  photo_upload_ids: Photos.default([]),
  certifications: z.array(AgriCertificationInput).max(AGRI_CERT_KINDS.length).default([]),
  description: humanText({ max: 400, label: '说明', multiline: true }).optional(),
  valid_days: ValidDays.default(AGRI_VALID_DAYS_DEFAULT),
};

export const CreateSupplyPostBody = z.strictObject(supplyFields).superRefine((b, ctx) => {
  const issues = agriCrossFieldIssues({
    category: b.category,
    unit: b.unit,
    unit_prices_fen: [b.unit_price_fen],
    window: [b.available_from, b.available_to, 'available_to'],
  });
  if (b.min_order_quantity !== undefined && b.min_order_quantity > b.quantity)
    issues.push({ path: ['min_order_quantity'], message: '起订量不能大于供应量', params: { code: 'min_order_above_quantity' } });
  if (new Set(b.certifications.map((c) => c.kind)).size < b.certifications.length)
    issues.push({ path: ['certifications'], message: '同一种认证只能填一次', params: { code: 'certification_repeated' } });
  for (const i of issues) ctx.addIssue({ code: 'custom', ...i });
});
export type CreateSupplyPostBody = z.infer<typeof CreateSupplyPostBody>;

/** Edit: the fields given replace the stored ones; the unit, price and window rules are checked against the merged post. */
export const UpdateSupplyPostBody = z
  .strictObject({
    variety: Variety.optional(),
    quantity: AgriQuantity.optional(),
    unit: AgriUnit.optional(),
    unit_price_fen: AgriUnitPriceFen.nullable().optional(),
    min_order_quantity: AgriQuantity.nullable().optional(),
    available_from: AgriDate.optional(),
    available_to: AgriDate.optional(),
    origin: AgriOrigin.optional(),
    photo_upload_ids: Photos.optional(),
    certifications: z.array(AgriCertificationInput).max(AGRI_CERT_KINDS.length).optional(),
    description: humanText({ max: 400, label: '说明', multiline: true }).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { error: '没有要修改的内容' });
export type UpdateSupplyPostBody = z.infer<typeof UpdateSupplyPostBody>;

const purchaseFields = {
  category: AgriCategory,
  variety: Variety,
  quantity: AgriQuantity,
  unit: AgriUnit,
  /** Target price range per unit in fen; both null = 面议. */
  unit_price_min_fen: AgriUnitPriceFen.nullable().default(null),
  unit_price_max_fen: AgriUnitPriceFen.nullable().default(null),
  delivery: AgriDeliveryPlace,
  needed_from: AgriDate,
  needed_to: AgriDate,
  frequency: AgriFrequency,
  notes: humanText({ min: 10, max: 400, label: '说明', multiline: true }),
  valid_days: ValidDays.default(AGRI_VALID_DAYS_DEFAULT),
};

export const CreatePurchasePostBody = z.strictObject(purchaseFields).superRefine((b, ctx) => {
  const issues = agriCrossFieldIssues({
    category: b.category,
    unit: b.unit,
    unit_prices_fen: [b.unit_price_min_fen, b.unit_price_max_fen],
    price_field: 'unit_price_max_fen',
    window: [b.needed_from, b.needed_to, 'needed_to'],
  });
  if (b.unit_price_min_fen !== null && b.unit_price_max_fen !== null && b.unit_price_min_fen > b.unit_price_max_fen)
    issues.push({ path: ['unit_price_max_fen'], message: '最高价不能低于最低价', params: { code: 'price_range_invalid' } });
  for (const i of issues) ctx.addIssue({ code: 'custom', ...i });
});
export type CreatePurchasePostBody = z.infer<typeof CreatePurchasePostBody>;

export const UpdatePurchasePostBody = z
  .strictObject({
    variety: Variety.optional(),
    quantity: AgriQuantity.optional(),
    unit: AgriUnit.optional(),
    unit_price_min_fen: AgriUnitPriceFen.nullable().optional(),
    unit_price_max_fen: AgriUnitPriceFen.nullable().optional(),
    delivery: AgriDeliveryPlace.optional(),
    needed_from: AgriDate.optional(),
    needed_to: AgriDate.optional(),
    frequency: AgriFrequency.optional(),
    notes: purchaseFields.notes.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { error: '没有要修改的内容' });
export type UpdatePurchasePostBody = z.infer<typeof UpdatePurchasePostBody>;

export const RenewAgriPostBody = z.strictObject({ valid_days: ValidDays.default(AGRI_VALID_DAYS_DEFAULT) });

// ---------- views ----------

/** A poster's credit (item 7), shown on their posts as a level 1–5 with words. */
export const AgriCredit = z.object({
  verified: z.boolean(),
  completed_deals: z.number().int(),
  reports_upheld: z.number().int(),
  warnings: z.number().int(),
  ratings_count: z.number().int(),
  /** Average rating 1–5 from counterparts; null with none. */
  rating_avg: z.number().nullable(),
  level: z.number().int().min(1).max(5),
  /** e.g. 信用良好 */
  level_words: z.string(),
});
export type AgriCredit = z.infer<typeof AgriCredit>;

export const AgriPoster = z.object({
  /** The merchant (farm, co-op) or the buyer's display name. */
  display_name: z.string(),
  /** farmer / coop / store (catalog merchant kinds) or buyer. */
  kind: z.enum(['farmer', 'coop', 'store', 'buyer']),
  credit: AgriCredit,
});

export const AgriCertificationView = z.object({
  kind: AgriCertKind,
  words: z.string(),
  /** Others see only confirmed ones; the poster and operators see all, with the evidence. */
  status: AgriCertStatus,
  evidence_upload_id: UploadId.nullable(),
  /** Where the evidence photo is (uploads' file URL), for the poster and operators; set on a single post's view. */
  evidence_url: z.string().nullable().optional(),
});

/** A photo of a post with the URL to show it (uploads' file URL). */
export const AgriPhoto = z.object({ id: UploadId, url: z.string() });
export type AgriPhoto = z.infer<typeof AgriPhoto>;

export const AgriHoldReason = z.object({ code: AgriHoldCode, words: z.string() });

/** What the poster and operators see beyond the public view (null for others). */
export const AgriPostPrivate = z.object({
  owner_user_id: UserId,
  hold_reasons: z.array(AgriHoldReason),
  /** The operator's reason when hidden, or their last warning. */
  moderation_note: z.string().nullable(),
  reports_open: z.number().int(),
});

const postCommon = {
  category: AgriCategory,
  category_name: z.string(),
  variety: z.string(),
  /** Normalised variety (varietyKey): what matching and price information group by. */
  variety_key: z.string(),
  /** False while an unknown variety waits for an operator. */
  variety_confirmed: z.boolean(),
  quantity: z.number(),
  unit: AgriUnit,
  /** The quantity in the unit's base unit (斤 for weights). */
  base_quantity: z.number(),
  base_unit: AgriUnit,
  status: AgriPostStatus,
  status_words: z.string(),
  poster: AgriPoster,
  /** The caller's own post. */
  mine: z.boolean(),
  expires_at: IsoDateTime,
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
  private: AgriPostPrivate.nullable(),
};

export const SupplyPost = z.object({
  id: SupplyPostId,
  kind: z.literal('supply'),
  ...postCommon,
  unit_price_fen: z.number().int().nullable(),
  price_negotiable: z.boolean(),
  /** Price per base unit (fen, may be fractional); null when negotiable. */
  base_unit_price_fen: z.number().nullable(),
  min_order_quantity: z.number().nullable(),
  available_from: AgriDate,
  available_to: AgriDate,
  origin: z.object({
    village: z.string(),
    township: z.string().nullable(),
    county: z.string().nullable(),
    community_id: CommunityId.nullable(),
    location: LatLng,
  }),
  photo_upload_ids: z.array(UploadId),
  /** The photos in order with their URLs: on a single post's view (get, create, edit, moderation), not in lists. */
  photos: z.array(AgriPhoto).optional(),
  certifications: z.array(AgriCertificationView),
  description: z.string().nullable(),
  /** Distance from the searcher in km (search near a point); null otherwise. */
  distance_km: z.number().nullable(),
});
export type SupplyPost = z.infer<typeof SupplyPost>;

export const PurchasePost = z.object({
  id: PurchasePostId,
  kind: z.literal('purchase'),
  ...postCommon,
  unit_price_min_fen: z.number().int().nullable(),
  unit_price_max_fen: z.number().int().nullable(),
  delivery: z.object({ place: z.string(), community_id: CommunityId.nullable(), location: LatLng }),
  needed_from: AgriDate,
  needed_to: AgriDate,
  frequency: AgriFrequency,
  frequency_words: z.string(),
  notes: z.string(),
  /**
   * A community's standing weekly demand (社区需求, issue 14 item 5): what its residents bought last week in the shop,
   * published by its service station (agri/demand). Null on a person's own purchase post.
   */
  community_demand: z
    .object({ community_id: CommunityId, week: z.string(), orders: z.number().int(), words: z.literal('社区需求') })
    .nullable()
    .optional(),
  distance_km: z.number().nullable(),
});
export type PurchasePost = z.infer<typeof PurchasePost>;

export const AgriPost = z.discriminatedUnion('kind', [SupplyPost, PurchasePost]);
export type AgriPost = z.infer<typeof AgriPost>;

// ---------- matches (built by the matching slice) ----------

/** One ranked counterpart of a post: score 0–100 and the reasons in plain words. */
export const AgriMatch = z.object({
  post: AgriPost,
  score: z.number().min(0).max(100),
  /** e.g. ["同品种", "数量满足", "价格在区间内", "相距 12 公里", "时间重合"] */
  reasons: z.array(z.string()),
  distance_km: z.number().nullable(),
  computed_at: IsoDateTime,
});
export type AgriMatch = z.infer<typeof AgriMatch>;
export const AgriMatchList = z.object({ post_id: AgriPostId, items: z.array(AgriMatch) });

// ---------- search ----------

export const AGRI_SEARCH_SORTS = ['relevance', 'distance', 'price', 'newest'] as const;
export const AgriSearchSort = z.enum(AGRI_SEARCH_SORTS);

const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const SearchAgriPostsQuery = z
  .strictObject({
    kind: AgriPostKind.default('supply'),
    q: humanText({ max: 40, label: '搜索词' }).optional(),
    category: AgriCategory.optional(),
    variety: Variety.optional(),
    /** Village, township or county name. */
    region: humanText({ min: 2, max: 40, label: '地区' }).optional(),
    near_lat: z.coerce.number().min(-90).max(90).optional(),
    near_lng: z.coerce.number().min(-180).max(180).optional(),
    within_km: z.coerce.number().gt(0).max(500).optional(),
    /** Price per base unit (斤 for weights), fen. */
    base_price_min_fen: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
    base_price_max_fen: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
    /** Posts whose window overlaps [window_from, window_to]. */
    window_from: AgriDate.optional(),
    window_to: AgriDate.optional(),
    certified_only: Bool.default(false),
    sort: AgriSearchSort.default('relevance'),
    ...PageQuery,
  })
  .superRefine((q, ctx) => {
    const near = [q.near_lat, q.near_lng].filter((v) => v !== undefined).length;
    if (near === 1) ctx.addIssue({ code: 'custom', path: ['near_lng'], message: '位置需同时给出经度和纬度' });
    if ((q.within_km !== undefined || q.sort === 'distance') && near !== 2)
      ctx.addIssue({ code: 'custom', path: ['near_lat'], message: '按距离筛选或排序需要给出位置' });
    if (q.window_from && q.window_to && q.window_to < q.window_from)
      ctx.addIssue({ code: 'custom', path: ['window_to'], message: '结束日期不能早于开始日期' });
  });
export type SearchAgriPostsQuery = z.infer<typeof SearchAgriPostsQuery>;
