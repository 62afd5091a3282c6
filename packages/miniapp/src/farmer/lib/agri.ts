import {
  agriPostRoutes,
  type RouteOutput,
  AGRI_CATEGORY_TREE,
  AGRI_QUANTITY_MAX,
  AGRI_REPORT_REASONS,
  AGRI_UNIT_SPECS,
  formatFen,
  shanghaiDate,
  type AgriCategory,
  type AgriPost,
  type AgriPostStatus,
  type AgriUnit,
  type PurchasePost,
  type SupplyPost,
} from '@cc/shared';
import type { TagTone } from '../../ui';

// 农产品供求 (issue 14) in the mini-program: shared by the farmer, buyer and operator sub-packages.

export const AGRI_PAGES = {
  farmerHome: '/farmer/index/index',
  supply: '/farmer/supply/index',
  farmerInquiries: '/farmer/inquiries/index',
  buyerHome: '/buyer/index/index',
  purchase: '/buyer/purchase/index',
  search: '/buyer/search/index',
  supplyView: '/buyer/supply/index',
  moderation: '/operator/agri/index',
} as const;

/** The tone of a post's status tag (the words come with the post: status_words). */
export const AGRI_STATUS_TONES: Record<AgriPostStatus, TagTone> = {
  pending_verification: 'info',
  held: 'warning',
  open: 'ok',
  hidden: 'danger',
  closed: 'muted',
  expired: 'muted',
};

export const CATEGORY_OPTIONS = (Object.keys(AGRI_CATEGORY_TREE) as AgriCategory[]).map((c) => ({
  value: c,
  label: AGRI_CATEGORY_TREE[c].name,
}));

export const varietiesOf = (c: AgriCategory | null): readonly string[] => (c ? AGRI_CATEGORY_TREE[c].varieties : []);
export const unitsOf = (c: AgriCategory | null): readonly AgriUnit[] => (c ? AGRI_CATEGORY_TREE[c].units : []);

/** "200 斤" with no trailing zeros. */
export function quantityWords(quantity: number, unit: string): string {
  return `${Number(quantity.toFixed(3))} ${unit}`;
}

/** A supply post's price: "¥3.50/斤" or 面议. */
export function supplyPriceWords(p: Pick<SupplyPost, 'unit_price_fen' | 'unit'>): string {
  return p.unit_price_fen === null ? '价格面议' : `${formatFen(p.unit_price_fen)}/${p.unit}`;
}

/** A purchase post's target range: "¥3.00–¥4.00/斤", "不高于 …", "不低于 …" or 面议. */
export function targetPriceWords(p: Pick<PurchasePost, 'unit_price_min_fen' | 'unit_price_max_fen' | 'unit'>): string {
  const { unit_price_min_fen: lo, unit_price_max_fen: hi, unit } = p;
  if (lo !== null && hi !== null) return `${formatFen(lo)}–${formatFen(hi)}/${unit}`;
  if (hi !== null) return `不高于 ${formatFen(hi)}/${unit}`;
  if (lo !== null) return `不低于 ${formatFen(lo)}/${unit}`;
  return '价格面议';
}

/** "12-01 至 12-20" (this year's dates without the year). */
export function windowWords(from: string, to: string): string {
  const year = shanghaiDate(new Date()).slice(0, 4);
  const short = (d: string) => (d.slice(0, 4) === year ? d.slice(5) : d);
  return `${short(from)} 至 ${short(to)}`;
}

/** The one line that says what a post is: "青菜 · 200 斤 · ¥3.50/斤". */
export function postLine(p: AgriPost): string {
  const price = p.kind === 'supply' ? supplyPriceWords(p) : targetPriceWords(p);
  return `${p.variety} · ${quantityWords(p.quantity, p.unit)} · ${price}`;
}

/** Today and a day n days on, in Asia/Shanghai (YYYY-MM-DD). */
export function dayFromToday(n: number): string {
  return shanghaiDate(new Date(Date.now() + n * 24 * 3600 * 1000));
}

/** A quantity typed by a person: > 0, at most 3 decimals, within the contract's bound. A Chinese message otherwise. */
export function parseQuantity(text: string, label = '数量'): number | string {
  const t = text.trim();
  if (!t) return `请填写${label}`;
  if (!/^\d+(\.\d{1,3})?$/.test(t)) return `${label}应为数字，最多 3 位小数`;
  const n = Number(t);
  if (n <= 0) return `${label}须大于 0`;
  if (n > AGRI_QUANTITY_MAX) return `${label}不能超过 ${AGRI_QUANTITY_MAX}`;
  return n;
}

/** The highest price a unit may carry, in fen (the contract's per-unit bound). */
export const priceMaxFen = (unit: AgriUnit | null): number => (unit ? AGRI_UNIT_SPECS[unit].price_max_fen : 1_000_000_000);

/** The poster's standing (credit, verified, ban) as the API returns it. */
export type Standing = RouteOutput<typeof agriPostRoutes.getMyAgriStanding>;

export type ReportReason = (typeof AGRI_REPORT_REASONS)[number];
