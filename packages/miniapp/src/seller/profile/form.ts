import type { Me, Merchant, MerchantKind, RouteInput, routes } from '@cc/shared';

export interface Form {
  kind: MerchantKind;
  name: string;
  description: string;
  contact_name: string;
  contact_phone: string;
  origin_village: string;
  serves: string[];
}

/** The shop's profile, or a new shop's defaults from the person (a farmer opens a farm). */
export function formOf(shop: Merchant | null, me: Me): Form {
  if (shop)
    return {
      kind: shop.kind,
      name: shop.name,
      description: shop.description,
      contact_name: shop.contact_name,
      contact_phone: shop.contact_phone,
      origin_village: shop.origin_village ?? '',
      serves: shop.serves_community_ids,
    };
  const farmer = me.roles.some((g) => g.role === 'farmer');
  return {
    kind: farmer ? 'farmer' : 'store',
    name: '',
    description: '',
    contact_name: me.nickname,
    contact_phone: '',
    origin_village: '',
    serves: me.community_id ? [me.community_id] : [],
  };
}

/** The words of each wrong field, checked here before anyone waits for the API. */
export function checkProfile(f: Form): Record<string, string> {
  const local: Record<string, string> = {};
  if (f.name.trim().length < 2) local.name = '店铺名称至少 2 个字';
  if (f.contact_name.trim().length < 2) local.contact_name = '联系人至少 2 个字';
  if (!/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(f.contact_phone.trim())) local.contact_phone = '请填写 11 位手机号或带区号的固定电话';
  if (f.serves.length === 0) local.serves_community_ids = '至少选一个社区或村';
  if (f.kind !== 'store' && f.origin_village.trim() && f.origin_village.trim().length < 2) local.origin_village = '产地至少 2 个字';
  return local;
}

/** A store has no village of origin. */
export const villageOf = (f: Form) => (f.kind === 'store' ? '' : f.origin_village.trim());

type Update = NonNullable<RouteInput<typeof routes.updateMerchant>['body']>;

/** Only what changed, for PATCH. */
export function changesOf(f: Form, shop: Merchant): Update {
  const body: Update = {};
  const village = villageOf(f);
  if (f.name.trim() !== shop.name) body.name = f.name.trim();
  if (f.description.trim() !== shop.description) body.description = f.description.trim();
  if (f.contact_name.trim() !== shop.contact_name) body.contact_name = f.contact_name.trim();
  if (f.contact_phone.trim() !== shop.contact_phone) body.contact_phone = f.contact_phone.trim();
  if ((village || null) !== shop.origin_village) body.origin_village = village || null;
  if (f.serves.join() !== shop.serves_community_ids.join()) body.serves_community_ids = f.serves;
  return body;
}

/** A new shop, registered in the person's community. */
export function createBody(f: Form, community_id: string) {
  const village = villageOf(f);
  return {
    kind: f.kind,
    name: f.name.trim(),
    ...(f.description.trim() ? { description: f.description.trim() } : {}),
    contact_name: f.contact_name.trim(),
    contact_phone: f.contact_phone.trim(),
    ...(village ? { origin_village: village } : {}),
    community_id,
    serves_community_ids: f.serves,
  };
}
