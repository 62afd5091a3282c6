/**
 * Price information (行情, issue 14 item 6): observations of what produce sold or was offered for, normalised to a
 * base unit (price per 斤 for weights), rolled up per day × variety × region (village, township, county, and all
 * regions together) into low / high / median / mean / volume with outliers left out by a robust rule, and read back
 * as 7, 30 or 90-day trends. The rules (rounding, outliers) are written out in docs/architecture.md (行情).
 */
import { z } from 'zod';
import { AgriUnit } from './agri-tree';
import { humanText, UserId } from './common';
import { defineRoute } from './route';

/** Where an observation comes from: a farmer's asking price, a completed matched purchase, a completed shop order. */
export const PRICE_SOURCES = ['supply_post', 'match_deal', 'shop_order'] as const;
export const PriceSource = z.enum(PRICE_SOURCES);
export type PriceSource = z.infer<typeof PriceSource>;

/** Region levels, widest first; `all` is every region together (the page's default). */
export const PRICE_REGION_LEVELS = ['all', 'county', 'township', 'village'] as const;
export type PriceRegionLevel = (typeof PRICE_REGION_LEVELS)[number];

/** The trend windows offered, in days ending today (Asia/Shanghai). */
export const PRICE_WINDOWS_DAYS = [7, 30, 90] as const;

/**
 * Units an observation may be in: the agricultural units (contract/agri-tree.ts). Weights convert to 斤 exactly
 * (公斤 = 2 斤, 吨 = 2000 斤, 500 克 = 1 斤); every other unit (头, 箱 …) is its own base unit, so a box is never
 * compared with a weight.
 */
export const PriceUnit = AgriUnit;
export type PriceUnit = AgriUnit;

/** A region name or code at one level: no '/' (it separates the levels in a region path). */
const RegionPart = humanText({ min: 1, max: 30, label: '地区名' }).refine((v) => !/[/\\]/.test(v), { message: '地区名不能含 / 或 \\' });

export const PriceObservationInput = z.strictObject({
  /** The variety by name (青菜, 高山茶叶); it is stored under its normalised key (full-width folded, no spaces). */
  variety_key: humanText({ min: 1, max: 20, label: '品种' }),
  region: z.strictObject({ village: RegionPart, township: RegionPart, county: RegionPart }),
  unit: PriceUnit,
  price_fen_per_unit: z.number().int().min(1).max(1_000_000_000),
  /** How much changed hands (or was offered) in `unit`; up to three decimals. */
  quantity: z.number().positive().max(1_000_000_000),
  source: PriceSource,
  /** The source's record (post, deal or order line): one observation per (source, source_id). */
  source_id: z
    .string()
    .min(1)
    .max(120)
    .regex(/^[A-Za-z0-9_:@.-]+$/),
  at: z.coerce.date(),
  /** The seller or poster, when known: a supply post's farmer (their 报价 in the farmer's view). */
  user_id: UserId.optional(),
});
export type PriceObservationInput = z.input<typeof PriceObservationInput>;

export const PriceRegion = z.object({
  level: z.enum(PRICE_REGION_LEVELS),
  /** The region path: '' for all, 余杭区, 余杭区/径山镇, 余杭区/径山镇/径山村. Pass it back as `region`. */
  path: z.string(),
  /** What people read: 全部地区, 余杭区, 余杭区 径山镇 … */
  name: z.string(),
});
export type PriceRegion = z.infer<typeof PriceRegion>;

/** One day's figures, in fen per base unit, over the observations kept after the outlier rule. */
export const PriceDay = z.object({
  /** Asia/Shanghai calendar day, YYYY-MM-DD. */
  date: z.string(),
  low_fen: z.number().int().min(0),
  high_fen: z.number().int().min(0),
  median_fen: z.number().int().min(0),
  mean_fen: z.number().int().min(0),
  /** Quantity in the base unit (斤 …) of the kept observations, to three decimals. */
  volume: z.number().min(0),
  /** Observations kept. */
  count: z.number().int().min(0),
  /** Observations left out as outliers. */
  excluded: z.number().int().min(0),
});
export type PriceDay = z.infer<typeof PriceDay>;

export const PriceVariety = z.object({ key: z.string(), name: z.string(), base_unit: z.string() });

export const PriceTrend = z.object({
  variety: PriceVariety,
  region: PriceRegion,
  days: z.number().int(),
  from: z.string(),
  to: z.string(),
  /** Days with at least one kept observation, oldest first. */
  series: z.array(PriceDay),
  /** The window at a glance; null without any data in it. */
  summary: z
    .object({
      low_fen: z.number().int(),
      high_fen: z.number().int(),
      latest: PriceDay,
      /** Latest day's median minus the first day's median of the window. */
      change_fen: z.number().int(),
      volume: z.number(),
      count: z.number().int(),
    })
    .nullable(),
});
export type PriceTrend = z.infer<typeof PriceTrend>;

export const PriceVarietyEntry = z.object({
  key: z.string(),
  name: z.string(),
  /** Base units it has data in, the most observed first (the trend's default). */
  units: z.array(z.string()),
  last_date: z.string(),
  /** Regions with data, widest first. */
  regions: z.array(PriceRegion),
});
export type PriceVarietyEntry = z.infer<typeof PriceVarietyEntry>;

/** Within ±10 % of the regional median is `near`; beyond it `below` or `above`. */
export const PRICE_NEAR_PERCENT = 10;

export const PricePosition = z.object({
  variety: PriceVariety,
  /** The farmer's latest asking price for it (from their supply posts); null when they have none. */
  ask: z.object({ price_fen: z.number().int(), unit: z.string(), region: PriceRegion, date: z.string() }).nullable(),
  /** The regional figures it is compared with: the narrowest region of the ask with data in the last 30 days. */
  reference: z.object({ region: PriceRegion, day: PriceDay }).nullable(),
  position: z.enum(['below', 'near', 'above']).nullable(),
  /** ask − median, fen per base unit. */
  difference_fen: z.number().int().nullable(),
  /** (ask − median) / median in whole percent, rounded half away from zero. */
  difference_percent: z.number().int().nullable(),
});
export type PricePosition = z.infer<typeof PricePosition>;

const VarietyQuery = humanText({ min: 1, max: 20, label: '品种' });
const RegionQuery = humanText({ max: 100, label: '地区' })
  .meta({ description: '地区路径：空为全部地区；县（区）、县/乡镇 或 县/乡镇/村，如 余杭区/径山镇' })
  .optional();

export const agriPriceRoutes = {
  getAgriPrices: defineRoute({
    id: 'getAgriPrices',
    method: 'GET',
    path: '/api/v1/agri/prices',
    summary: '行情：某品种在某地区近 7/30/90 天每天的最低、最高、中位、均价和成交量',
    tag: 'agri',
    access: { kind: 'public' },
    query: z.strictObject({
      variety: VarietyQuery,
      region: RegionQuery,
      days: z.coerce
        .number()
        .int()
        .refine((d) => (PRICE_WINDOWS_DAYS as readonly number[]).includes(d), { message: '天数应为 7、30 或 90' })
        .default(30),
      /** Base unit (斤, 箱 …); by default the variety's most observed one. */
      unit: z.string().trim().min(1).max(10).optional(),
    }),
    response: PriceTrend,
    errors: { 404: ['price_variety_not_found'], 400: ['price_region_invalid'] },
  }),
  listAgriPriceVarieties: defineRoute({
    id: 'listAgriPriceVarieties',
    method: 'GET',
    path: '/api/v1/agri/prices/varieties',
    summary: '有行情数据的品种，及其单位和地区',
    tag: 'agri',
    access: { kind: 'public' },
    query: z.strictObject({}),
    response: z.object({ items: z.array(PriceVarietyEntry) }),
  }),
  getMyAgriPricePosition: defineRoute({
    id: 'getMyAgriPricePosition',
    method: 'GET',
    path: '/api/v1/me/agri/price-position',
    summary: '我的报价与本地区中位价比较（农户）',
    tag: 'agri',
    access: { kind: 'user', roles: ['farmer', 'admin'] },
    query: z.strictObject({ variety: VarietyQuery }),
    response: PricePosition,
  }),
};
