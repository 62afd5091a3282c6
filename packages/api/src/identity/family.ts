import type { FamilyContact } from '@cc/shared';
import type { Logger } from 'pino';
import { assertCommunityRole, isAdmin, type UserActor } from '../platform/actor';
import { forbidden, notFound } from '../platform/problem';
import type { IdentityModels, UserDoc } from './models';
import { maskPhone } from './users';
import type { WechatClient } from './wechat-client';

type ContactInput = { name: string; relation: string; phone: string };

/** What happened when a family contact was told about an emergency. */
export type FamilyNotice = {
  name: string;
  relation: string;
  /** Full number: the operator on duty rings the ones the app could not reach. Never logged. */
  phone: string;
  phone_masked: string;
  /** The contact's own account when the number is bound to one (they get a real-time alert too). */
  user_id: string | null;
  /** sent: WeChat delivered the message; refused: they have not allowed messages; failed: WeChat did not answer; not_in_app. */
  wechat: 'sent' | 'refused' | 'failed' | 'not_in_app';
};

/**
 * Family contacts (紧急联系人): kept on the person, set by themselves or — for elders who only use the kiosk — by
 * their community's service station; told about an emergency call by a WeChat subscribe message when the number
 * belongs to an app user, and listed for the operator to ring otherwise.
 */
export function createFamilyService(deps: { models: IdentityModels; wechat: WechatClient; emergencyTemplateId: string; logger: Logger }) {
  const { User } = deps.models;

  async function requireUser(user_id: string): Promise<UserDoc> {
    const user = await User.findById(user_id).lean<UserDoc>();
    if (!user) throw notFound('user_not_found', '用户不存在');
    return user;
  }

  /** Operators manage the contacts of residents of their own community only. */
  async function residentFor(actor: UserActor, user_id: string): Promise<UserDoc> {
    const user = await requireUser(user_id);
    if (!isAdmin(actor)) {
      if (!user.community_id) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      assertCommunityRole(actor, user.community_id, ['operator']);
    }
    return user;
  }

  async function appUsersByPhone(phones: string[]): Promise<Map<string, UserDoc>> {
    if (phones.length === 0) return new Map();
    const users = await User.find({ phone: { $in: phones } }).lean<UserDoc[]>();
    return new Map(users.map((u) => [u.phone as string, u]));
  }

  async function view(user: UserDoc): Promise<{ items: FamilyContact[] }> {
    const contacts = user.family_contacts ?? [];
    const inApp = await appUsersByPhone(contacts.map((c) => c.phone));
    return {
      items: contacts.map((c) => ({ name: c.name, relation: c.relation, phone_masked: maskPhone(c.phone), in_app: inApp.has(c.phone) })),
    };
  }

  async function replace(user_id: string, contacts: ContactInput[]): Promise<{ items: FamilyContact[] }> {
    // One number once: the same person listed twice would be rung twice.
    const unique = [...new Map(contacts.map((c) => [c.phone, c])).values()];
    const user = await User.findByIdAndUpdate(
      user_id,
      { $set: { family_contacts: unique, updated_at: new Date() } },
      { new: true },
    ).lean<UserDoc>();
    if (!user) throw notFound('user_not_found', '用户不存在');
    return view(user);
  }

  return {
    mine: async (actor: UserActor) => view(await requireUser(actor.user_id)),
    setMine: (actor: UserActor, contacts: ContactInput[]) => replace(actor.user_id, contacts),
    ofResident: async (actor: UserActor, user_id: string) => view(await residentFor(actor, user_id)),
    async setForResident(actor: UserActor, user_id: string, contacts: ContactInput[]) {
      await residentFor(actor, user_id);
      return replace(user_id, contacts);
    },

    /** Tells every family contact of `user_id` about an emergency call; never throws (the call must not wait on WeChat). */
    async notifyEmergency(
      user_id: string,
      alert: { call_id: string; service_name: string; address: string; at: Date },
    ): Promise<FamilyNotice[]> {
      const user = await User.findById(user_id).lean<UserDoc>();
      const contacts = user?.family_contacts ?? [];
      const inApp = await appUsersByPhone(contacts.map((c) => c.phone));
      return Promise.all(
        contacts.map(async (c): Promise<FamilyNotice> => {
          const app = inApp.get(c.phone);
          const base = { name: c.name, relation: c.relation, phone: c.phone, phone_masked: maskPhone(c.phone), user_id: app?._id ?? null };
          if (!app) return { ...base, wechat: 'not_in_app' };
          const outcome = await deps.wechat.sendSubscribeMessage({
            openid: app.openid,
            template_id: deps.emergencyTemplateId,
            page: `calls/detail/index?id=${alert.call_id}`,
            // Subscribe-message fields are short by WeChat's rules (thing ≤ 20 characters, time as a date-time).
            data: {
              thing1: { value: `${user?.nickname ?? '家人'}紧急求助`.slice(0, 20) },
              thing2: { value: alert.address.slice(0, 20) },
              time3: { value: alert.at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) },
              thing4: { value: '社区服务站已收到，正在处理' },
            },
          });
          if (outcome === 'failed')
            deps.logger.warn({ call_id: alert.call_id, contact_user_id: app._id }, 'family emergency message not delivered');
          return { ...base, wechat: outcome };
        }),
      );
    },
  };
}
export type FamilyService = ReturnType<typeof createFamilyService>;
