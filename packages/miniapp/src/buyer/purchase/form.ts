import {
  fenToYuanString,
  type AgriCategory,
  type AgriFrequency,
  type AgriUnit,
  type PurchasePost,
  type RouteInput,
  type agriPostRoutes,
} from '@cc/shared';
import { parseYuan } from '../../commerce/lib';
import { dayFromToday, parseQuantity, priceMaxFen, unitsOf } from '../../farmer/lib/agri';
import type { Home } from '../../farmer/supply/form';

export interface PurchaseForm {
  category: AgriCategory | null;
  variety: string;
  unit: AgriUnit | null;
  quantity: string;
  price_min: string;
  price_max: string;
  place: string;
  needed_from: string;
  needed_to: string;
  frequency: AgriFrequency;
  notes: string;
  valid_days: string;
}

type CreateBody = RouteInput<typeof agriPostRoutes.createPurchasePost>['body'];
type UpdateBody = RouteInput<typeof agriPostRoutes.updatePurchasePost>['body'];

/** The form of a purchase post, or an empty one delivered to the buyer's community. */
export function purchaseFormOf(p: PurchasePost | null, home: (Home & { address?: string }) | null): PurchaseForm {
  if (!p)
    return {
      category: null,
      variety: '',
      unit: null,
      quantity: '',
      price_min: '',
      price_max: '',
      place: home ? `${home.name}${home.address ? ` ${home.address}` : ''}`.slice(0, 60) : '',
      needed_from: dayFromToday(0),
      needed_to: dayFromToday(14),
      frequency: 'once',
      notes: '',
      valid_days: '30',
    };
  const yuan = (fen: number | null) => (fen === null ? '' : fenToYuanString(fen));
  return {
    category: p.category,
    variety: p.variety,
    unit: p.unit,
    quantity: String(p.quantity),
    price_min: yuan(p.unit_price_min_fen),
    price_max: yuan(p.unit_price_max_fen),
    place: p.delivery.place,
    needed_from: p.needed_from,
    needed_to: p.needed_to,
    frequency: p.frequency,
    notes: p.notes,
    valid_days: '30',
  };
}

export type PurchaseChecked = { quantity: number; min_fen: number | null; max_fen: number | null; valid_days: number };

/** An optional price in yuan: empty is none. */
function optionalYuan(text: string, max: number, label: string): number | null | string {
  return text.trim() ? parseYuan(text, { max, label }) : null;
}

/** The form checked here, Chinese messages by the contract's field names; `ok` is null when something is wrong. */
export function checkPurchase(f: PurchaseForm): { errors: Record<string, string>; ok: PurchaseChecked | null } {
  const errors: Record<string, string> = {};
  if (!f.category) errors.category = '请选择品类';
  if (!f.variety.trim()) errors.variety = '请选择或填写品种';
  if (!f.unit) errors.unit = '请选择单位';
  else if (f.category && !unitsOf(f.category).includes(f.unit)) errors.unit = '这个单位不适合所选品类';
  const quantity = parseQuantity(f.quantity, '求购量');
  if (typeof quantity === 'string') errors.quantity = quantity;
  const lo = optionalYuan(f.price_min, priceMaxFen(f.unit), '最低价');
  const hi = optionalYuan(f.price_max, priceMaxFen(f.unit), '最高价');
  if (typeof lo === 'string') errors.unit_price_min_fen = lo;
  if (typeof hi === 'string') errors.unit_price_max_fen = hi;
  else if (typeof lo === 'number' && typeof hi === 'number' && lo > hi) errors.unit_price_max_fen = '最高价不能低于最低价';
  if (f.place.trim().length < 2) errors.delivery = '交货地点至少 2 个字';
  if (f.needed_to < f.needed_from) errors.needed_to = '结束日期不能早于开始日期';
  const notes = f.notes.trim().length;
  if (notes < 10 || notes > 400) errors.notes = `说明写 10–400 个字（现在 ${notes} 个字）：规格、品质、包装、怎么交货`;
  const days = Number(f.valid_days);
  if (!Number.isInteger(days) || days < 1 || days > 90) errors.valid_days = '有效期为 1–90 天';
  if (Object.keys(errors).length || typeof quantity !== 'number' || typeof lo === 'string' || typeof hi === 'string')
    return { errors, ok: null };
  return { errors, ok: { quantity, min_fen: lo, max_fen: hi, valid_days: days } };
}

/** The body of 发布求购, delivered at the buyer's community. */
export function purchaseCreateBody(f: PurchaseForm, c: PurchaseChecked, home: Home): CreateBody {
  return {
    category: f.category!,
    variety: f.variety.trim(),
    quantity: c.quantity,
    unit: f.unit!,
    unit_price_min_fen: c.min_fen,
    unit_price_max_fen: c.max_fen,
    delivery: { place: f.place.trim(), community_id: home.id, location: home.location },
    needed_from: f.needed_from,
    needed_to: f.needed_to,
    frequency: f.frequency,
    notes: f.notes.trim(),
    valid_days: c.valid_days,
  };
}

/** Only what changed. */
export function purchaseChanges(f: PurchaseForm, c: PurchaseChecked, p: PurchasePost): UpdateBody {
  const body: UpdateBody = {};
  if (f.variety.trim() !== p.variety) body.variety = f.variety.trim();
  if (c.quantity !== p.quantity) body.quantity = c.quantity;
  if (f.unit !== p.unit) body.unit = f.unit!;
  if (c.min_fen !== p.unit_price_min_fen) body.unit_price_min_fen = c.min_fen;
  if (c.max_fen !== p.unit_price_max_fen) body.unit_price_max_fen = c.max_fen;
  if (f.place.trim() !== p.delivery.place)
    body.delivery = {
      place: f.place.trim(),
      ...(p.delivery.community_id ? { community_id: p.delivery.community_id } : {}),
      location: p.delivery.location,
    };
  if (f.needed_from !== p.needed_from) body.needed_from = f.needed_from;
  if (f.needed_to !== p.needed_to) body.needed_to = f.needed_to;
  if (f.frequency !== p.frequency) body.frequency = f.frequency;
  if (f.notes.trim() !== p.notes) body.notes = f.notes.trim();
  return body;
}
