/**
 * The agri form kit (issue 14 item 9): what the farmer's supply form and the buyer's purchase form share — the
 * category, variety and unit, the quantity, the window, the validity — and their checks in Chinese by the contract's
 * field names. It sits outside both sub-packages (like calls-common/ and commerce/) so each may import it.
 */
import type { AgriCategory, AgriUnit, Community } from '@cc/shared';
import { dayFromToday, parseQuantity, unitsOf } from '../farmer/lib/agri';

/** Where the poster is (their community or village): the origin or delivery place a new post starts from. */
export type Home = Pick<Community, 'id' | 'name' | 'location'>;

/** The fields both kinds of post have, as typed. */
export interface CommonForm {
  category: AgriCategory | null;
  variety: string;
  unit: AgriUnit | null;
  quantity: string;
  /** The window (上市 for supply, 需要 for purchase), YYYY-MM-DD. */
  from: string;
  to: string;
  valid_days: string;
}

/** How one kind names its fields: the quantity's label and the contract's names of the window's ends. */
export interface KindNames {
  quantity: string;
  from: 'available_from' | 'needed_from';
  to: 'available_to' | 'needed_to';
}

export const SUPPLY_NAMES: KindNames = { quantity: '供应量', from: 'available_from', to: 'available_to' };
export const PURCHASE_NAMES: KindNames = { quantity: '求购量', from: 'needed_from', to: 'needed_to' };

/** A new post's common fields: nothing chosen, from today for two weeks, shown 30 days. */
export function emptyCommon(): CommonForm {
  return { category: null, variety: '', unit: null, quantity: '', from: dayFromToday(0), to: dayFromToday(14), valid_days: '30' };
}

/** A stored post's common fields (the validity is asked again: 续期 and a new post start from 30 days). */
export function commonOf(p: { category: AgriCategory; variety: string; unit: AgriUnit; quantity: number }, from: string, to: string) {
  return { category: p.category, variety: p.variety, unit: p.unit, quantity: String(p.quantity), from, to, valid_days: '30' };
}

export type Errors = Record<string, string>;

/** The checks both kinds share, written into `errors`; the quantity and validity when they are good. */
export function checkCommon(f: CommonForm, names: KindNames, errors: Errors): { quantity: number | null; valid_days: number | null } {
  if (!f.category) errors.category = '请选择品类';
  if (!f.variety.trim()) errors.variety = '请选择或填写品种';
  if (!f.unit) errors.unit = '请选择单位';
  else if (f.category && !unitsOf(f.category).includes(f.unit)) errors.unit = '这个单位不适合所选品类';
  const quantity = parseQuantity(f.quantity, names.quantity);
  if (typeof quantity === 'string') errors.quantity = quantity;
  if (f.to < f.from) errors[names.to] = '结束日期不能早于开始日期';
  const days = Number(f.valid_days);
  const daysOk = Number.isInteger(days) && days >= 1 && days <= 90;
  if (!daysOk) errors.valid_days = '有效期为 1–90 天';
  return { quantity: typeof quantity === 'number' ? quantity : null, valid_days: daysOk ? days : null };
}

/** The common fields of an edit that changed (the category of a post stays: a new one is a new post). */
export function commonChanges(
  f: CommonForm,
  quantity: number,
  p: { variety: string; quantity: number; unit: AgriUnit },
  window: [string, string],
  names: KindNames,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (f.variety.trim() !== p.variety) body.variety = f.variety.trim();
  if (quantity !== p.quantity) body.quantity = quantity;
  if (f.unit !== p.unit) body.unit = f.unit!;
  if (f.from !== window[0]) body[names.from] = f.from;
  if (f.to !== window[1]) body[names.to] = f.to;
  return body;
}
