import { fenToYuanString, type AgriFrequency, type PurchasePost, type RouteInput, type agriPostRoutes } from '@cc/shared';
import { parseYuan } from '../../commerce/lib';
import { priceMaxFen } from '../../farmer/lib/agri';
import * as kit from '../../agri-form/form';

export interface PurchaseForm extends kit.CommonForm {
  price_min: string;
  price_max: string;
  place: string;
  frequency: AgriFrequency;
  notes: string;
}

type CreateBody = RouteInput<typeof agriPostRoutes.createPurchasePost>['body'];
type UpdateBody = RouteInput<typeof agriPostRoutes.updatePurchasePost>['body'];

/** The form of a purchase post, or an empty one delivered to the buyer's community. */
export function purchaseFormOf(p: PurchasePost | null, home: (kit.Home & { address?: string }) | null): PurchaseForm {
  if (!p)
    return {
      ...kit.emptyCommon(),
      price_min: '',
      price_max: '',
      place: home ? `${home.name}${home.address ? ` ${home.address}` : ''}`.slice(0, 60) : '',
      frequency: 'once',
      notes: '',
    };
  const yuan = (fen: number | null) => (fen === null ? '' : fenToYuanString(fen));
  return {
    ...kit.commonOf(p, p.needed_from, p.needed_to),
    price_min: yuan(p.unit_price_min_fen),
    price_max: yuan(p.unit_price_max_fen),
    place: p.delivery.place,
    frequency: p.frequency,
    notes: p.notes,
  };
}

export type PurchaseChecked = { quantity: number; min_fen: number | null; max_fen: number | null; valid_days: number };

/** An optional price in yuan: empty is none. */
function optionalYuan(text: string, max: number, label: string): number | null | string {
  return text.trim() ? parseYuan(text, { max, label }) : null;
}

/** The form checked here, Chinese messages by the contract's field names; `ok` is null when something is wrong. */
export function checkPurchase(f: PurchaseForm): { errors: kit.Errors; ok: PurchaseChecked | null } {
  const errors: kit.Errors = {};
  const { quantity, valid_days } = kit.checkCommon(f, kit.PURCHASE_NAMES, errors);
  const lo = optionalYuan(f.price_min, priceMaxFen(f.unit), '最低价');
  const hi = optionalYuan(f.price_max, priceMaxFen(f.unit), '最高价');
  if (typeof lo === 'string') errors.unit_price_min_fen = lo;
  if (typeof hi === 'string') errors.unit_price_max_fen = hi;
  else if (typeof lo === 'number' && typeof hi === 'number' && lo > hi) errors.unit_price_max_fen = '最高价不能低于最低价';
  if (f.place.trim().length < 2) errors.delivery = '交货地点至少 2 个字';
  const notes = f.notes.trim().length;
  if (notes < 10 || notes > 400) errors.notes = `说明写 10–400 个字（现在 ${notes} 个字）：规格、品质、包装、怎么交货`;
  if (Object.keys(errors).length || quantity === null || valid_days === null || typeof lo === 'string' || typeof hi === 'string')
    return { errors, ok: null };
  return { errors, ok: { quantity, min_fen: lo, max_fen: hi, valid_days } };
}

/** The body of 发布求购, delivered at the buyer's community. */
export function purchaseCreateBody(f: PurchaseForm, c: PurchaseChecked, home: kit.Home): CreateBody {
  return {
    category: f.category!,
    variety: f.variety.trim(),
    quantity: c.quantity,
    unit: f.unit!,
    unit_price_min_fen: c.min_fen,
    unit_price_max_fen: c.max_fen,
    delivery: { place: f.place.trim(), community_id: home.id, location: home.location },
    needed_from: f.from,
    needed_to: f.to,
    frequency: f.frequency,
    notes: f.notes.trim(),
    valid_days: c.valid_days,
  };
}

/** Only what changed. */
export function purchaseChanges(f: PurchaseForm, c: PurchaseChecked, p: PurchasePost): UpdateBody {
  const body = kit.commonChanges(f, c.quantity, p, [p.needed_from, p.needed_to], kit.PURCHASE_NAMES) as UpdateBody;
  if (c.min_fen !== p.unit_price_min_fen) body.unit_price_min_fen = c.min_fen;
  if (c.max_fen !== p.unit_price_max_fen) body.unit_price_max_fen = c.max_fen;
  if (f.place.trim() !== p.delivery.place)
    body.delivery = {
      place: f.place.trim(),
      ...(p.delivery.community_id ? { community_id: p.delivery.community_id } : {}),
      location: p.delivery.location,
    };
  if (f.frequency !== p.frequency) body.frequency = f.frequency;
  if (f.notes.trim() !== p.notes) body.notes = f.notes.trim();
  return body;
}
