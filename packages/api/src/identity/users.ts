import type { BodyOf, Me, QueryOf, RoleGrant, UserSummary, routes } from '@cc/shared';
import { assertCommunityRole, communitiesWithRole, isAdmin, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { pageByCursor } from '../platform/pagination';
import { escapeRegex } from '../platform/regex';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/problem';
import type { IdentityModels, UserDoc } from './models';
import type { SessionStore } from './sessions';
import type { WechatClient } from './wechat-client';

type ListUsersQuery = QueryOf<typeof routes.listUsers>;
type GrantBody = BodyOf<typeof routes.grantRole>;

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Granted roles plus resident of the home community (resident is never stored). */
export function effectiveRoles(user: Pick<UserDoc, 'roles' | 'community_id'>): RoleGrant[] {
  const granted = user.roles.map((g) => ({ role: g.role, community_id: g.community_id ?? null }));
  return user.community_id ? [{ role: 'resident', community_id: user.community_id }, ...granted] : granted;
}

export function toMe(user: UserDoc): Me {
  return {
    id: user._id,
    nickname: user.nickname,
    phone_masked: user.phone ? maskPhone(user.phone) : null,
    community_id: user.community_id,
    address: user.address ?? null,
    roles: effectiveRoles(user),
    created_at: user.created_at.toISOString(),
  };
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

type UserDeps = { models: IdentityModels; sessions: SessionStore; wechat: WechatClient };

export function createUserService(deps: UserDeps) {
  const requireUser = (user_id: string) => requireUserIn(deps, user_id);
  return {
    findOrCreateByOpenid: (openid: string, defaults: { nickname?: string } = {}) => findOrCreateByOpenid(deps, openid, defaults),
    requireUser,
    /** For payments: the WeChat openid the payer is known by. */
    openidOf: async (user_id: string) => (await requireUser(user_id)).openid,
    ...selfService(deps),
    ...roleAdministration(deps),
  };
}
export type UserService = ReturnType<typeof createUserService>;

async function requireUserIn(deps: UserDeps, user_id: string): Promise<UserDoc> {
  const user = await deps.models.User.findById(user_id).lean<UserDoc>();
  if (!user) throw notFound('user_not_found', '用户不存在');
  return user;
}

async function requireCommunity(deps: UserDeps, community_id: string): Promise<void> {
  if (!(await deps.models.Community.exists({ _id: community_id }))) throw notFound('community_not_found', '社区或村不存在');
}

/** Finds the person by openid or creates them; two first logins racing end with one user (unique openid). */
async function findOrCreateByOpenid(deps: UserDeps, openid: string, defaults: { nickname?: string } = {}): Promise<UserDoc> {
  const { User } = deps.models;

  const now = new Date();
  try {
    const user = await User.findOneAndUpdate(
      { openid },
      {
        $setOnInsert: {
          _id: newId('usr'),
          openid,
          nickname: defaults.nickname ?? '微信用户',
          phone: null,
          community_id: null,
          address: null,
          roles: [],
          created_at: now,
          updated_at: now,
        },
      },
      { upsert: true, new: true },
    ).lean<UserDoc>();
    return user as UserDoc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await User.findOne({ openid }).lean<UserDoc>()) as UserDoc;
  }
}

/**
 * Finding a person the operator is asked about: part of the nickname (literal, case-insensitive), or the phone —
 * the whole number, or its last 4 digits as people say them. Bounded by the community scope the caller has.
 */
function searchFilter(query: ListUsersQuery): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (query.q) out.nickname = { $regex: escapeRegex(query.q), $options: 'i' };
  if (query.phone) out.phone = query.phone.length === 4 ? { $regex: `${query.phone}$` } : query.phone;
  return out;
}

/** Who may change roles: admins anywhere; operators within their own community, and never operator or admin. */
async function checkGrant(deps: UserDeps, actor: UserActor, grant: GrantBody): Promise<void> {
  if (grant.role === 'resident') throw badRequest('role_not_grantable', '居民身份由所在社区决定，无需授予');
  if (grant.role === 'admin') {
    if (grant.community_id !== null) throw badRequest('admin_is_global', '管理员角色不属于某个社区');
    if (!isAdmin(actor)) throw forbidden('forbidden_scope', '只有管理员可以授予或撤销管理员');
    return;
  }
  if (grant.community_id === null) throw badRequest('community_required', '该角色需要指定社区或村');
  await requireCommunity(deps, grant.community_id);
  if (grant.role === 'operator' && !isAdmin(actor)) throw forbidden('forbidden_scope', '只有管理员可以授予或撤销运营人员');
  assertCommunityRole(actor, grant.community_id, ['operator']);
}

/** What a person does about their own account: log in, profile, phone, log out. */
function selfService(deps: UserDeps) {
  const { User } = deps.models;
  return {
    async loginWithWechat(code: string) {
      const { openid } = await deps.wechat.code2session(code);
      const user = await findOrCreateByOpenid(deps, openid);
      const { token } = await deps.sessions.create(user._id);
      return { token, expires_in_s: deps.sessions.ttlSeconds, user: toMe(user) };
    },

    async getMe(actor: UserActor): Promise<Me> {
      return toMe(await requireUserIn(deps, actor.user_id));
    },

    async updateMe(actor: UserActor, patch: BodyOf<typeof routes.updateMe>): Promise<Me> {
      if (patch.community_id) await requireCommunity(deps, patch.community_id);
      const user = await User.findByIdAndUpdate(
        actor.user_id,
        { $set: { ...patch, updated_at: new Date() } },
        { new: true },
      ).lean<UserDoc>();
      if (!user) throw notFound('user_not_found', '用户不存在');
      return toMe(user);
    },

    async bindPhone(actor: UserActor, code: string): Promise<Me> {
      const phone = await deps.wechat.phoneNumber(code);
      const user = await User.findByIdAndUpdate(actor.user_id, { $set: { phone, updated_at: new Date() } }, { new: true }).lean<UserDoc>();
      if (!user) throw notFound('user_not_found', '用户不存在');
      return toMe(user);
    },

    logout: (actor: UserActor) => deps.sessions.end(actor.user_id, actor.session_id),
    logoutAll: async (actor: UserActor) => void (await deps.sessions.endAll(actor.user_id)),
  };
}

/** Operators and admins: listing people, granting and revoking roles, ending sessions, the first admin. */
function roleAdministration(deps: UserDeps) {
  const { User } = deps.models;
  return {
    async listUsers(actor: UserActor, query: ListUsersQuery) {
      const scope = communitiesWithRole(actor, ['operator']);
      if (scope && query.community_id && !scope.includes(query.community_id)) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const communities = query.community_id ? [query.community_id] : scope;
      const filter: Record<string, unknown> = {};
      if (communities) filter.$or = [{ community_id: { $in: communities } }, { 'roles.community_id': { $in: communities } }];
      if (query.role === 'resident') filter.community_id = communities ? { $in: communities } : { $ne: null };
      else if (query.role)
        filter.roles = { $elemMatch: { role: query.role, ...(communities ? { community_id: { $in: communities } } : {}) } };
      const page = await pageByCursor(User, { ...filter, ...searchFilter(query) }, query);
      return { items: page.items.map(toMe), next_cursor: page.next_cursor };
    },

    async grantRole(actor: UserActor, user_id: string, grant: GrantBody): Promise<UserSummary> {
      await checkGrant(deps, actor, grant);
      const user = await User.findByIdAndUpdate(
        user_id,
        { $addToSet: { roles: { role: grant.role, community_id: grant.community_id } }, $set: { updated_at: new Date() } },
        { new: true },
      ).lean<UserDoc>();
      if (!user) throw notFound('user_not_found', '用户不存在');
      return toMe(user);
    },

    async revokeRole(actor: UserActor, user_id: string, grant: GrantBody): Promise<UserSummary> {
      await checkGrant(deps, actor, grant);
      // An admin removing their own admin role could leave the platform with nobody able to grant it back.
      if (grant.role === 'admin' && user_id === actor.user_id) throw conflict('cannot_revoke_own_admin', '不能撤销自己的管理员角色');
      const user = await User.findByIdAndUpdate(
        user_id,
        { $pull: { roles: { role: grant.role, community_id: grant.community_id } }, $set: { updated_at: new Date() } },
        { new: true },
      ).lean<UserDoc>();
      if (!user) throw notFound('user_not_found', '用户不存在');
      // Roles are read from the database on every request, so the change is effective at once.
      return toMe(user);
    },

    async revokeUserSessions(actor: UserActor, user_id: string): Promise<void> {
      const user = await requireUserIn(deps, user_id);
      if (!isAdmin(actor)) {
        if (!user.community_id) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
        assertCommunityRole(actor, user.community_id, ['operator']);
      }
      await deps.sessions.endAll(user_id);
    },

    /** CLI only: the first admin is created from the command line, never by a built-in password. */
    async makeAdmin(openid: string, nickname?: string): Promise<UserDoc> {
      const user = await findOrCreateByOpenid(deps, openid, nickname ? { nickname } : {});
      const updated = await User.findByIdAndUpdate(
        user._id,
        { $addToSet: { roles: { role: 'admin', community_id: null } }, $set: { updated_at: new Date() } },
        { new: true },
      ).lean<UserDoc>();
      if (!updated) throw new AppError(500, 'internal_error', '用户创建失败');
      return updated;
    },
  };
}
