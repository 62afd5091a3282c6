import { z } from 'zod';
import { CommunityId, IsoDateTime, KioskId, LatLng, PageQuery, StationId, UserId, idOf, pageOf, text } from './common';
import { NoContent, Role, defineRoute } from './route';

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

export const WechatLoginBody = z.strictObject({
  /** The code from wx.login(), valid once, for five minutes. */
  code: z.string().min(1).max(128),
});

export const Session = z.object({
  token: z.string(),
  expires_in_s: z.number().int(),
  user: Me,
});

export const UpdateMeBody = z
  .strictObject({
    nickname: text(1, 32).optional(),
    community_id: CommunityId.optional(),
    address: text(4, 120).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一项' });

/** A mainland mobile number, as people write it (11 digits starting with 1). */
export const MobilePhone = z.string().regex(/^1[3-9]\d{9}$/, { message: '请输入 11 位手机号' });

/** Someone to tell when this person calls for emergency help (a son, a daughter, a neighbour). */
export const FamilyContactInput = z.strictObject({
  name: text(1, 20),
  /** 儿子、女儿、老伴、邻居 … */
  relation: text(1, 10),
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
  label: text(1, 10),
  recipient: text(1, 20),
  phone: MobilePhone,
  detail: text(4, 120),
  is_default: z.boolean().optional(),
});
export const ADDRESS_BOOK_MAX = 10;

export const BindPhoneBody = z.strictObject({
  /** The code from the getPhoneNumber button. */
  code: z.string().min(1).max(128),
});

export const CreateCommunityBody = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: '编码只能包含小写字母、数字和连字符' }),
  name: text(2, 40),
  kind: CommunityKind,
  city: text(2, 20),
  district: text(2, 20),
  address: text(2, 120),
  location: LatLng,
  hotline: z.string().regex(/^[0-9-]{3,20}$/, { message: '热线号码格式不对' }),
});

export const CreateStationBody = z.strictObject({
  name: text(2, 40),
  kind: StationKind,
  address: text(2, 120),
  location: LatLng,
  phone: z
    .string()
    .regex(/^[0-9-]{5,20}$/)
    .nullable()
    .default(null),
  opening_hours: z.array(OpeningHours).max(21),
});

export const UpdateStationBody = CreateStationBody.partial().refine((b) => Object.keys(b).length > 0, { message: '至少修改一项' });

export const RegisterKioskBody = z.strictObject({
  name: text(2, 40),
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

// ---------- routes ----------

const CommunityParams = z.strictObject({ community_id: CommunityId });
const UserParams = z.strictObject({ user_id: UserId });
const EmptyQuery = z.strictObject({});
const tag = 'identity';

export const identityRoutes = {
  wechatLogin: defineRoute({
    id: 'wechatLogin',
    method: 'POST',
    path: '/api/v1/auth/wechat/login',
    summary: '微信小程序登录：用 wx.login 的 code 换取会话',
    tag,
    access: { kind: 'public' },
    body: WechatLoginBody,
    response: Session,
    rateLimit: 'login',
  }),
  logout: defineRoute({
    id: 'logout',
    method: 'POST',
    path: '/api/v1/auth/logout',
    summary: '退出当前会话',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: z.strictObject({}).optional(),
    response: NoContent,
    status: 204,
  }),
  logoutAll: defineRoute({
    id: 'logoutAll',
    method: 'POST',
    path: '/api/v1/auth/logout-all',
    summary: '退出本人的全部会话（所有设备）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: z.strictObject({}).optional(),
    response: NoContent,
    status: 204,
  }),
  getMe: defineRoute({
    id: 'getMe',
    method: 'GET',
    path: '/api/v1/me',
    summary: '当前用户',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: EmptyQuery,
    response: Me,
  }),
  updateMe: defineRoute({
    id: 'updateMe',
    method: 'PATCH',
    path: '/api/v1/me',
    summary: '修改昵称或所在社区/村',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: UpdateMeBody,
    response: Me,
  }),
  bindPhone: defineRoute({
    id: 'bindPhone',
    method: 'POST',
    path: '/api/v1/me/phone',
    summary: '绑定手机号（微信手机号快速验证 code）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: BindPhoneBody,
    response: Me,
  }),
  listCommunities: defineRoute({
    id: 'listCommunities',
    method: 'GET',
    path: '/api/v1/communities',
    summary: '社区和村列表',
    tag,
    access: { kind: 'public' },
    query: z.strictObject({ ...PageQuery, kind: CommunityKind.optional() }),
    response: pageOf(Community),
  }),
  getCommunity: defineRoute({
    id: 'getCommunity',
    method: 'GET',
    path: '/api/v1/communities/:community_id',
    summary: '社区或村详情',
    tag,
    access: { kind: 'public' },
    params: CommunityParams,
    query: EmptyQuery,
    response: Community,
  }),
  createCommunity: defineRoute({
    id: 'createCommunity',
    method: 'POST',
    path: '/api/v1/communities',
    summary: '新建社区或村（管理员）',
    tag,
    access: { kind: 'user', roles: ['admin'] },
    body: CreateCommunityBody,
    response: Community,
    status: 201,
  }),
  listStations: defineRoute({
    id: 'listStations',
    method: 'GET',
    path: '/api/v1/communities/:community_id/stations',
    summary: '服务站和自提点',
    tag,
    access: { kind: 'public' },
    params: CommunityParams,
    query: z.strictObject({ ...PageQuery }),
    response: pageOf(Station),
  }),
  createStation: defineRoute({
    id: 'createStation',
    method: 'POST',
    path: '/api/v1/communities/:community_id/stations',
    summary: '新建服务站或自提点（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: CommunityParams,
    body: CreateStationBody,
    response: Station,
    status: 201,
  }),
  updateStation: defineRoute({
    id: 'updateStation',
    method: 'PATCH',
    path: '/api/v1/stations/:station_id',
    summary: '修改服务站（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ station_id: StationId }),
    body: UpdateStationBody,
    response: Station,
  }),
  listKiosks: defineRoute({
    id: 'listKiosks',
    method: 'GET',
    path: '/api/v1/communities/:community_id/kiosks',
    summary: '社区终端列表（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: CommunityParams,
    query: z.strictObject({ ...PageQuery }),
    response: pageOf(Kiosk),
  }),
  registerKiosk: defineRoute({
    id: 'registerKiosk',
    method: 'POST',
    path: '/api/v1/communities/:community_id/kiosks',
    summary: '登记社区终端，返回一次性显示的终端密钥',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: CommunityParams,
    body: RegisterKioskBody,
    response: KioskCredentials,
    status: 201,
  }),
  kioskHeartbeat: defineRoute({
    id: 'kioskHeartbeat',
    method: 'POST',
    path: '/api/v1/kiosk/heartbeat',
    summary: '终端心跳',
    tag: 'kiosk',
    access: { kind: 'terminal' },
    body: z.strictObject({}).optional(),
    response: KioskContext,
  }),
  kioskContext: defineRoute({
    id: 'kioskContext',
    method: 'GET',
    path: '/api/v1/kiosk/context',
    summary: '终端所在社区、服务站和热线',
    tag: 'kiosk',
    access: { kind: 'terminal' },
    query: EmptyQuery,
    response: KioskContext,
  }),
  listUsers: defineRoute({
    id: 'listUsers',
    method: 'GET',
    path: '/api/v1/users',
    summary: '用户列表（运营人员看本社区，管理员看全部）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    query: z.strictObject({ ...PageQuery, community_id: CommunityId.optional(), role: Role.optional() }),
    response: pageOf(UserSummary),
  }),
  grantRole: defineRoute({
    id: 'grantRole',
    method: 'POST',
    path: '/api/v1/users/:user_id/roles',
    summary: '授予角色（运营人员限本社区，管理员不限）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: UserParams,
    body: GrantRoleBody,
    response: UserSummary,
  }),
  revokeRole: defineRoute({
    id: 'revokeRole',
    method: 'POST',
    path: '/api/v1/users/:user_id/roles/revoke',
    summary: '撤销角色（运营人员限本社区，管理员不限）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: UserParams,
    body: GrantRoleBody,
    response: UserSummary,
  }),
  getMyFamilyContacts: defineRoute({
    id: 'getMyFamilyContacts',
    method: 'GET',
    path: '/api/v1/me/family-contacts',
    summary: '我的紧急联系人（紧急求助时通知）',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: EmptyQuery,
    response: FamilyContacts,
  }),
  setMyFamilyContacts: defineRoute({
    id: 'setMyFamilyContacts',
    method: 'PUT',
    path: '/api/v1/me/family-contacts',
    summary: '设置我的紧急联系人（最多 5 位，整体替换）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: SetFamilyContactsBody,
    response: FamilyContacts,
  }),
  getUserFamilyContacts: defineRoute({
    id: 'getUserFamilyContacts',
    method: 'GET',
    path: '/api/v1/users/:user_id/family-contacts',
    summary: '居民的紧急联系人（该居民所在社区的运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: UserParams,
    query: EmptyQuery,
    response: FamilyContacts,
  }),
  setUserFamilyContacts: defineRoute({
    id: 'setUserFamilyContacts',
    method: 'PUT',
    path: '/api/v1/users/:user_id/family-contacts',
    summary: '为居民登记紧急联系人（只用服务终端的长者由服务站代为登记）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: UserParams,
    body: SetFamilyContactsBody,
    response: FamilyContacts,
  }),
  listMyAddresses: defineRoute({
    id: 'listMyAddresses',
    method: 'GET',
    path: '/api/v1/me/addresses',
    summary: '我的收货地址',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: EmptyQuery,
    response: z.object({ items: z.array(Address) }),
  }),
  addMyAddress: defineRoute({
    id: 'addMyAddress',
    method: 'POST',
    path: '/api/v1/me/addresses',
    summary: '新增收货地址（最多 10 个）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: CreateAddressBody,
    response: Address,
    status: 201,
  }),
  deleteMyAddress: defineRoute({
    id: 'deleteMyAddress',
    method: 'DELETE',
    path: '/api/v1/me/addresses/:address_id',
    summary: '删除收货地址',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ address_id: AddressId }),
    query: EmptyQuery,
    response: NoContent,
    status: 204,
  }),
  revokeUserSessions: defineRoute({
    id: 'revokeUserSessions',
    method: 'POST',
    path: '/api/v1/users/:user_id/sessions/revoke',
    summary: '使某用户的全部会话失效（管理员，或该用户所在社区的运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: UserParams,
    body: z.strictObject({}).optional(),
    response: NoContent,
    status: 204,
  }),
};
