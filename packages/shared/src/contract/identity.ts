import { z } from 'zod';
import { CommunityId, IsoDateTime, KioskId, LatLng, StationId, UserId, idOf, humanText } from './common';
import { Role } from './route';

// ---------- schemas ----------

export const RoleGrant = z.object({
  role: Role,
  /** null only for admin, whose scope is everything. */
  community_id: CommunityId.nullable(),
});
export type RoleGrant = z.infer<typeof RoleGrant>;

export const Me = z.object({
  id: UserId,
  nickname: z.string(),
  /** Masked, e.g. 138****5678; null until bound. */
  phone_masked: z.string().nullable(),
  community_id: CommunityId.nullable(),
  /** Registered home address (building, unit, room), used for deliveries and one-press calls. */
  address: z.string().nullable(),
  roles: z.array(RoleGrant),
  created_at: IsoDateTime,
});
export type Me = z.infer<typeof Me>;

export const UserSummary = Me;
export type UserSummary = z.infer<typeof UserSummary>;

export const CommunityKind = z.enum(['community', 'village']);

export const Community = z.object({
  id: CommunityId,
  code: z.string(),
  name: z.string(),
  kind: CommunityKind,
  city: z.string(),
  district: z.string(),
  address: z.string(),
  location: LatLng,
  /** Convenience hotline shown on kiosks and pages. */
  hotline: z.string(),
  created_at: IsoDateTime,
});
export type Community = z.infer<typeof Community>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为 HH:MM' });

export const OpeningHours = z
  .strictObject({
    /** ISO weekday, 1 = Monday … 7 = Sunday, Asia/Shanghai. */
    weekday: z.number().int().min(1).max(7),
    open: HHMM,
    close: HHMM,
  })
  .refine((h) => h.open < h.close, { message: '关门时间须晚于开门时间', path: ['close'] });

export const StationKind = z.enum(['pickup', 'service', 'village_station']);

export const Station = z.object({
  id: StationId,
  community_id: CommunityId,
  name: z.string(),
  kind: StationKind,
  address: z.string(),
  location: LatLng,
  phone: z.string().nullable(),
  opening_hours: z.array(OpeningHours),
  created_at: IsoDateTime,
});
export type Station = z.infer<typeof Station>;

export const Kiosk = z.object({
  id: KioskId,
  community_id: CommunityId,
  station_id: StationId.nullable(),
  name: z.string(),
  last_seen_at: IsoDateTime.nullable(),
  /** Seen within the last two minutes. */
  online: z.boolean(),
  created_at: IsoDateTime,
});
export type Kiosk = z.infer<typeof Kiosk>;

// ---------- request bodies ----------

/** A code WeChat hands out (wx.login, getPhoneNumber): printable ASCII, no spaces — anything else cannot be one. */
const WechatCode = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, { message: '凭证只能包含可见的 ASCII 字符' });

export const WechatLoginBody = z.strictObject({
  /** The code from wx.login(), valid once, for five minutes. */
  code: WechatCode,
});

export const Session = z.object({
  token: z.string(),
  expires_in_s: z.number().int(),
  user: Me,
});

export const UpdateMeBody = z
  .strictObject({
    nickname: humanText({ min: 1, max: 32 }).optional(),
    community_id: CommunityId.optional(),
    address: humanText({ min: 4, max: 120 }).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一项' })
  .meta({ minProperties: 1, description: '至少修改一项（空对象答 400）' });

/** A mainland mobile number, as people write it (11 digits starting with 1). */
export const MobilePhone = z.string().regex(/^1[3-9]\d{9}$/, { message: '请输入 11 位手机号' });

/** Someone to tell when this person calls for emergency help (a son, a daughter, a neighbour). */
export const FamilyContactInput = z.strictObject({
  name: humanText({ min: 1, max: 20 }),
  /** 儿子、女儿、老伴、邻居 … */
  relation: humanText({ min: 1, max: 10 }),
  phone: MobilePhone,
});
export const FamilyContact = z.object({
  name: z.string(),
  relation: z.string(),
  phone_masked: z.string(),
  /** The number belongs to someone signed in to the mini-program, who gets a WeChat message as well as a phone call. */
  in_app: z.boolean(),
});
export const FamilyContacts = z.object({ items: z.array(FamilyContact) });
export const SetFamilyContactsBody = z.strictObject({ contacts: z.array(FamilyContactInput).max(5) });
export type FamilyContact = z.infer<typeof FamilyContact>;

/** An entry of the address book (收货地址): where an order is delivered. */
export const AddressId = idOf('adr');
export const Address = z.object({
  id: AddressId,
  /** 家、父母家 … */
  label: z.string(),
  recipient: z.string(),
  phone_masked: z.string(),
  /** Building, unit, room. */
  detail: z.string(),
  is_default: z.boolean(),
});
export type Address = z.infer<typeof Address>;
export const CreateAddressBody = z.strictObject({
  label: humanText({ min: 1, max: 10 }),
  recipient: humanText({ min: 1, max: 20 }),
  phone: MobilePhone,
  detail: humanText({ min: 4, max: 120 }),
  is_default: z.boolean().optional(),
});
export const ADDRESS_BOOK_MAX = 10;

export const BindPhoneBody = z.strictObject({
  /** The code from the getPhoneNumber button. */
  code: WechatCode,
});

export const CreateCommunityBody = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: '编码只能包含小写字母、数字和连字符' }),
  name: humanText({ min: 2, max: 40 }),
  kind: CommunityKind,
  city: humanText({ min: 2, max: 20 }),
  district: humanText({ min: 2, max: 20 }),
  address: humanText({ min: 2, max: 120 }),
  location: LatLng,
  hotline: z.string().regex(/^[0-9-]{3,20}$/, { message: '热线号码格式不对' }),
});

export const CreateStationBody = z.strictObject({
  name: humanText({ min: 2, max: 40 }),
  kind: StationKind,
  address: humanText({ min: 2, max: 120 }),
  location: LatLng,
  phone: z
    .string()
    .regex(/^[0-9-]{5,20}$/)
    .nullable()
    .default(null),
  opening_hours: z.array(OpeningHours).max(21),
});

export const UpdateStationBody = CreateStationBody.partial()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一项' })
  .meta({ minProperties: 1, description: '至少修改一项（空对象答 400）' });

export const RegisterKioskBody = z.strictObject({
  name: humanText({ min: 2, max: 40 }),
  station_id: StationId.nullable().default(null),
});

export const KioskCredentials = z.object({
  kiosk: Kiosk,
  /** Shown once. The terminal sends `Authorization: Terminal <kiosk_id>:<terminal_secret>`. */
  terminal_secret: z.string(),
});

export const KioskContext = z.object({
  kiosk: Kiosk,
  community: Community,
  station: Station.nullable(),
  server_time: IsoDateTime,
});

export const GrantRoleBody = z.strictObject({
  role: Role,
  community_id: CommunityId.nullable(),
});
