import {
  fenToYuanString,
  type AgriCategory,
  type AgriUnit,
  type Community,
  type CreateSupplyPostBody,
  type SupplyPost,
  type UpdateSupplyPostBody,
} from '@cc/shared';
import { parseYuan } from '../../commerce/lib';
import type { AttachedPhoto } from '../../ui';
import { dayFromToday, parseQuantity, priceMaxFen, unitsOf } from '../lib/agri';

export interface SupplyForm {
  category: AgriCategory | null;
  variety: string;
  unit: AgriUnit | null;
  quantity: string;
  /** Yuan per unit as typed; ignored when negotiable. */
  price: string;
  negotiable: boolean;
  min_order: string;
  available_from: string;
  available_to: string;
  village: string;
  photos: AttachedPhoto[];
  valid_days: string;
  description: string;
}

/** Where the farmer's village is (their community), the origin a new post starts from. */
export type Home = Pick<Community, 'id' | 'name' | 'location'>;

/** The form of a post, or an empty one from the farmer's village. */
export function supplyFormOf(p: SupplyPost | null, home: Home | null, photoUrls: Record<string, string> = {}): SupplyForm {
  if (!p)
    return {
      category: null,
      variety: '',
      unit: null,
      quantity: '',
      price: '',
      negotiable: false,
      min_order: '',
      available_from: dayFromToday(0),
      available_to: dayFromToday(14),
      village: home?.name ?? '',
      photos: [],
      valid_days: '30',
      description: '',
    };
  return {
    category: p.category,
    variety: p.variety,
    unit: p.unit,
    quantity: String(p.quantity),
    price: p.unit_price_fen === null ? '' : fenToYuanString(p.unit_price_fen),
    negotiable: p.unit_price_fen === null,
    min_order: p.min_order_quantity === null ? '' : String(p.min_order_quantity),
    available_from: p.available_from,
    available_to: p.available_to,
    village: p.origin.village,
    photos: p.photo_upload_ids.map((id) => ({ id, url: photoUrls[id] ?? '' })),
    valid_days: '30',
    description: p.description ?? '',
  };
}

export type SupplyChecked = { quantity: number; price_fen: number | null; min_order: number | null; valid_days: number };

/** The form checked here with Chinese messages by field (the contract's names); `ok` is null when something is wrong. */
export function checkSupply(f: SupplyForm): { errors: Record<string, string>; ok: SupplyChecked | null } {
  const errors: Record<string, string> = {};
  if (!f.category) errors.category = '请选择品类';
  if (!f.variety.trim()) errors.variety = '请选择或填写品种';
  if (!f.unit) errors.unit = '请选择单位';
  else if (f.category && !unitsOf(f.category).includes(f.unit)) errors.unit = '这个单位不适合所选品类';
  const quantity = parseQuantity(f.quantity, '供应量');
  if (typeof quantity === 'string') errors.quantity = quantity;
  const price = f.negotiable ? null : parseYuan(f.price, { max: priceMaxFen(f.unit), label: '价格' });
  if (typeof price === 'string') errors.unit_price_fen = price;
  const min = f.min_order.trim() ? parseQuantity(f.min_order, '起订量') : null;
  if (typeof min === 'string') errors.min_order_quantity = min;
  else if (min !== null && typeof quantity === 'number' && min > quantity) errors.min_order_quantity = '起订量不能大于供应量';
  if (f.available_to < f.available_from) errors.available_to = '结束日期不能早于开始日期';
  if (f.village.trim().length < 2) errors.origin = '产地村至少 2 个字';
  const days = Number(f.valid_days);
  if (!Number.isInteger(days) || days < 1 || days > 90) errors.valid_days = '有效期为 1–90 天';
  if (Object.keys(errors).length || typeof quantity !== 'number' || typeof price === 'string' || typeof min === 'string')
    return { errors, ok: null };
  return { errors, ok: { quantity, price_fen: price, min_order: min, valid_days: days } };
}

/** The body of 发布供应. */
export function supplyCreateBody(f: SupplyForm, c: SupplyChecked, home: Home): CreateSupplyPostBody {
  return {
    category: f.category!,
    variety: f.variety.trim(),
    quantity: c.quantity,
    unit: f.unit!,
    unit_price_fen: c.price_fen,
    ...(c.min_order !== null ? { min_order_quantity: c.min_order } : {}),
    available_from: f.available_from,
    available_to: f.available_to,
    origin: { village: f.village.trim(), community_id: home.id, location: home.location },
    photo_upload_ids: f.photos.map((p) => p.id),
    certifications: [],
    ...(f.description.trim() ? { description: f.description.trim() } : {}),
    valid_days: c.valid_days,
  };
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only what changed (the category of a post stays; a new one is a new post). */
export function supplyChanges(f: SupplyForm, c: SupplyChecked, p: SupplyPost, home: Home | null): UpdateSupplyPostBody {
  const body: UpdateSupplyPostBody = {};
  if (f.variety.trim() !== p.variety) body.variety = f.variety.trim();
  if (c.quantity !== p.quantity) body.quantity = c.quantity;
  if (f.unit !== p.unit) body.unit = f.unit!;
  if (c.price_fen !== p.unit_price_fen) body.unit_price_fen = c.price_fen;
  if (c.min_order !== p.min_order_quantity) body.min_order_quantity = c.min_order;
  if (f.available_from !== p.available_from) body.available_from = f.available_from;
  if (f.available_to !== p.available_to) body.available_to = f.available_to;
  if (f.village.trim() !== p.origin.village)
    body.origin = {
      village: f.village.trim(),
      ...(home ? { community_id: home.id } : {}),
      location: home?.location ?? p.origin.location,
    };
  const photos = f.photos.map((x) => x.id);
  if (!same(photos, p.photo_upload_ids)) body.photo_upload_ids = photos;
  if ((f.description.trim() || null) !== p.description) body.description = f.description.trim() || null;
  return body;
}
