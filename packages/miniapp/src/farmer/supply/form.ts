import { fenToYuanString, type AgriCertKind, type CreateSupplyPostBody, type SupplyPost, type UpdateSupplyPostBody } from '@cc/shared';
import { parseYuan } from '../../commerce/lib';
import type { AttachedPhoto } from '../../ui';
import { parseQuantity, priceMaxFen } from '../lib/agri';
import {
  SUPPLY_NAMES,
  checkCommon,
  commonChanges,
  commonOf,
  emptyCommon,
  type CommonForm,
  type Errors,
  type Home,
} from '../../agri-form/form';

export type { Home } from '../../agri-form/form';

/** A certification in the form: its kind and evidence photo (status words when it was stored and checked). */
export interface CertEntry {
  kind: AgriCertKind;
  photo: AttachedPhoto | null;
  status: SupplyPost['certifications'][number]['status'] | null;
}

export interface SupplyForm extends CommonForm {
  /** Yuan per unit as typed; ignored when negotiable. */
  price: string;
  negotiable: boolean;
  min_order: string;
  village: string;
  photos: AttachedPhoto[];
  certs: CertEntry[];
  description: string;
}

/** The form of a post (its photos with their URLs), or an empty one from the farmer's village. */
export function supplyFormOf(p: SupplyPost | null, home: Home | null): SupplyForm {
  if (!p)
    return {
      ...emptyCommon(),
      price: '',
      negotiable: false,
      min_order: '',
      village: home?.name ?? '',
      photos: [],
      certs: [],
      description: '',
    };
  const urls = new Map((p.photos ?? []).map((x) => [x.id, x.url]));
  return {
    ...commonOf(p, p.available_from, p.available_to),
    price: p.unit_price_fen === null ? '' : fenToYuanString(p.unit_price_fen),
    negotiable: p.unit_price_fen === null,
    min_order: p.min_order_quantity === null ? '' : String(p.min_order_quantity),
    village: p.origin.village,
    photos: p.photo_upload_ids.map((id) => ({ id, url: urls.get(id) ?? '' })),
    certs: p.certifications.map((c) => ({
      kind: c.kind,
      photo: c.evidence_upload_id ? { id: c.evidence_upload_id, url: c.evidence_url ?? '' } : null,
      status: c.status,
    })),
    description: p.description ?? '',
  };
}

export type SupplyChecked = { quantity: number; price_fen: number | null; min_order: number | null; valid_days: number };

/** The form checked here with Chinese messages by field (the contract's names); `ok` is null when something is wrong. */
export function checkSupply(f: SupplyForm): { errors: Errors; ok: SupplyChecked | null } {
  const errors: Errors = {};
  const { quantity, valid_days } = checkCommon(f, SUPPLY_NAMES, errors);
  const price = f.negotiable ? null : parseYuan(f.price, { max: priceMaxFen(f.unit), label: '价格' });
  if (typeof price === 'string') errors.unit_price_fen = price;
  const min = f.min_order.trim() ? parseQuantity(f.min_order, '起订量') : null;
  if (typeof min === 'string') errors.min_order_quantity = min;
  else if (min !== null && quantity !== null && min > quantity) errors.min_order_quantity = '起订量不能大于供应量';
  if (f.village.trim().length < 2) errors.origin = '产地村至少 2 个字';
  const missing = f.certs.find((c) => !c.photo);
  if (missing) errors.certifications = '每项认证都要上传证书照片，服务站核对后才会展示';
  if (Object.keys(errors).length || quantity === null || valid_days === null || typeof price === 'string' || typeof min === 'string')
    return { errors, ok: null };
  return { errors, ok: { quantity, price_fen: price, min_order: min, valid_days } };
}

const certsBody = (f: SupplyForm) => f.certs.map((c) => ({ kind: c.kind, evidence_upload_id: c.photo!.id }));

/** The body of 发布供应. */
export function supplyCreateBody(f: SupplyForm, c: SupplyChecked, home: Home): CreateSupplyPostBody {
  return {
    category: f.category!,
    variety: f.variety.trim(),
    quantity: c.quantity,
    unit: f.unit!,
    unit_price_fen: c.price_fen,
    ...(c.min_order !== null ? { min_order_quantity: c.min_order } : {}),
    available_from: f.from,
    available_to: f.to,
    origin: { village: f.village.trim(), community_id: home.id, location: home.location },
    photo_upload_ids: f.photos.map((p) => p.id),
    certifications: certsBody(f),
    ...(f.description.trim() ? { description: f.description.trim() } : {}),
    valid_days: c.valid_days,
  };
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const certKeys = (list: { kind: string; evidence_upload_id: string | null }[]) => list.map((c) => `${c.kind}:${c.evidence_upload_id}`);

/** Only what changed: the photos as a new list, the certifications as a new list (a kept photo keeps its check). */
export function supplyChanges(f: SupplyForm, c: SupplyChecked, p: SupplyPost, home: Home | null): UpdateSupplyPostBody {
  const body = commonChanges(f, c.quantity, p, [p.available_from, p.available_to], SUPPLY_NAMES) as UpdateSupplyPostBody;
  if (c.price_fen !== p.unit_price_fen) body.unit_price_fen = c.price_fen;
  if (c.min_order !== p.min_order_quantity) body.min_order_quantity = c.min_order;
  if (f.village.trim() !== p.origin.village)
    body.origin = {
      village: f.village.trim(),
      ...(home ? { community_id: home.id } : {}),
      location: home?.location ?? p.origin.location,
    };
  const photos = f.photos.map((x) => x.id);
  if (!same(photos, p.photo_upload_ids)) body.photo_upload_ids = photos;
  if (!same(certKeys(certsBody(f)), certKeys(p.certifications))) body.certifications = certsBody(f);
  if ((f.description.trim() || null) !== p.description) body.description = f.description.trim() || null;
  return body;
}
