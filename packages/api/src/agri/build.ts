/**
 * From a post's fields (a create body, or a stored post with an edit merged in) to the stored document's derived
 * fields: base quantity and prices, the kind-neutral window, place and price copies, region keys and search tokens.
 * The cross-field rules are checked on the merged post, so an edit cannot slip past them (unit of another category,
 * a window ending before it starts, a price above the unit's bound).
 */
import {
  AGRI_CATEGORY_TREE,
  AGRI_UNIT_SPECS,
  agriCrossFieldIssues,
  toBaseQuantity,
  toBaseUnitPriceFen,
  varietyKey,
  type AgriCategory,
  type AgriUnit,
} from '@cc/shared';
import { badRequest } from '../platform/problem';
import type { AgriPostDoc, LatLngDoc } from './models';
import { postTokens, regionKey } from './text';

/** Sorts 面议 after every priced post. */
export const PRICE_SORT_NEGOTIABLE = 1e12;

/** The fields a person sets (both kinds; the other kind's are null). */
export type PostFields = Pick<
  AgriPostDoc,
  | 'category'
  | 'variety'
  | 'quantity'
  | 'unit'
  | 'unit_price_fen'
  | 'min_order_quantity'
  | 'origin'
  | 'photo_upload_ids'
  | 'description'
  | 'unit_price_min_fen'
  | 'unit_price_max_fen'
  | 'delivery'
  | 'frequency'
  | 'notes'
  | 'window_from'
  | 'window_to'
>;

const DAY_MS = 86_400_000;
const dayNumber = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) / DAY_MS;

/** 400 validation_failed naming the fields, before anything is written. */
export function checkFields(f: PostFields, kind: 'supply' | 'purchase', today: string): void {
  const prices = kind === 'supply' ? [f.unit_price_fen] : [f.unit_price_min_fen, f.unit_price_max_fen];
  const issues = agriCrossFieldIssues({
    category: f.category,
    unit: f.unit,
    unit_prices_fen: prices,
    window: [f.window_from, f.window_to, kind === 'supply' ? 'available_to' : 'needed_to'],
    price_field: kind === 'supply' ? 'unit_price_fen' : 'unit_price_max_fen',
  }).map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message, code: i.params.code }));
  const add = (path: string, message: string, code: string) => issues.push({ path: `body.${path}`, message, code });
  if (kind === 'supply' && f.min_order_quantity !== null && f.min_order_quantity > f.quantity)
    add('min_order_quantity', '起订量不能大于供应量', 'min_order_above_quantity');
  if (kind === 'purchase' && f.unit_price_min_fen !== null && f.unit_price_max_fen !== null && f.unit_price_min_fen > f.unit_price_max_fen)
    add('unit_price_max_fen', '最高价不能低于最低价', 'price_range_invalid');
  const toField = kind === 'supply' ? 'available_to' : 'needed_to';
  if (dayNumber(f.window_to) < dayNumber(today)) add(toField, '结束日期不能早于今天', 'window_invalid');
  if (dayNumber(f.window_from) - dayNumber(today) > 366)
    add(kind === 'supply' ? 'available_from' : 'needed_from', '开始日期最多一年以后', 'window_invalid');
  if (dayNumber(f.window_to) - dayNumber(f.window_from) > 366) add(toField, '时间段最长一年', 'window_invalid');
  if (issues.length > 0) throw badRequest('validation_failed', issues[0]!.message, issues);
}

const basePrice = (fen: number | null, unit: AgriUnit) => (fen === null ? null : toBaseUnitPriceFen(fen, unit));

/** Everything stored that follows from the fields. */
export function derived(f: PostFields, kind: 'supply' | 'purchase', county_from_community: string | null) {
  const origin = f.origin ? { ...f.origin, county: f.origin.county ?? county_from_community } : null;
  const place = kind === 'supply' ? origin!.location : f.delivery!.location;
  const low = kind === 'supply' ? basePrice(f.unit_price_fen, f.unit) : basePrice(f.unit_price_min_fen ?? f.unit_price_max_fen, f.unit);
  const high = kind === 'supply' ? low : basePrice(f.unit_price_max_fen ?? f.unit_price_min_fen, f.unit);
  const regions = origin ? [origin.village, origin.township, origin.county] : [f.delivery!.place];
  return {
    origin,
    variety_key: varietyKey(f.variety),
    base_quantity: toBaseQuantity(f.quantity, f.unit),
    base_unit: AGRI_UNIT_SPECS[f.unit].base as AgriUnit,
    location: { lat: place.lat, lng: place.lng } satisfies LatLngDoc,
    base_price_low_fen: low,
    base_price_high_fen: high,
    price_sort_fen: low ?? PRICE_SORT_NEGOTIABLE,
    region_keys: [...new Set(regions.filter((r): r is string => !!r).map(regionKey))],
    tokens: postTokens(
      [f.variety, AGRI_CATEGORY_TREE[f.category as AgriCategory].name, ...regions],
      [f.description, f.notes, f.delivery?.place],
    ),
  };
}
