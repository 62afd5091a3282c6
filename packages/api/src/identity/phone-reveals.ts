import type { BodyOf, PhoneReveal, PhoneRevealRecord, peopleRoutes } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import type { UserActor } from '../platform/actor';
import { modelOn } from '../platform/db';
import type { Handlers } from '../platform/http';
import { newId } from '../platform/ids';
import { pageNewestFirst } from '../platform/pagination';
import { conflict, notFound } from '../platform/problem';
import type { IdentityModels, UserDoc } from './models';

/** One reveal of a resident's full phone number: who saw whose, when, why. The number itself is never kept here. */
interface PhoneRevealDoc {
  _id: string;
  user_id: string;
  community_id: string;
  revealed_by: string;
  revealed_by_role: 'operator' | 'provider';
  reason: string;
  call_id: string | null;
  created_at: Date;
}

const revealSchema = new Schema<PhoneRevealDoc>(
  {
    _id: String,
    user_id: { type: String, required: true },
    community_id: { type: String, required: true },
    revealed_by: { type: String, required: true },
    revealed_by_role: { type: String, required: true },
    reason: { type: String, required: true },
    call_id: { type: String, default: null },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);
revealSchema.index({ user_id: 1, _id: -1 });
revealSchema.index({ revealed_by: 1, _id: -1 });

const toRecord = (r: PhoneRevealDoc): PhoneRevealRecord => ({
  id: r._id,
  user_id: r.user_id,
  community_id: r.community_id,
  revealed_by: r.revealed_by,
  revealed_by_role: r.revealed_by_role,
  reason: r.reason,
  call_id: r.call_id,
  revealed_at: r.created_at.toISOString(),
});

/**
 * The role under which this person may ring this resident back: operator or provider of the resident's own
 * community, as granted (an admin's global reach does not count: admins read the records instead).
 */
function revealRole(actor: UserActor, user: UserDoc): 'operator' | 'provider' | null {
  const held = (role: 'operator' | 'provider') => actor.roles.some((g) => g.role === role && g.community_id === user.community_id);
  if (!user.community_id) return null;
  return held('operator') ? 'operator' : held('provider') ? 'provider' : null;
}

/** Full phone numbers for a call-back (issue 12 item 10), each reveal recorded before the number is answered. */
export function createPhoneReveals(deps: { conn: Connection; models: IdentityModels }) {
  const Reveal = modelOn(deps.conn, 'PhoneReveal', revealSchema, 'phone_reveals');
  return {
    async reveal(actor: UserActor, user_id: string, body: BodyOf<typeof peopleRoutes.revealUserPhone>): Promise<PhoneReveal> {
      const user = await deps.models.User.findById(user_id).lean<UserDoc>();
      const role = user ? revealRole(actor, user) : null;
      // Anyone else: the same 404 as for an id never issued (they learn nothing about the person).
      if (!user || !role) throw notFound('user_not_found', '用户不存在');
      if (!user.phone) throw conflict('phone_not_bound', '该居民还没有绑定手机号，请通过服务站登记的方式联系');
      const doc: PhoneRevealDoc = {
        _id: newId('prv'),
        user_id,
        community_id: user.community_id as string,
        revealed_by: actor.user_id,
        revealed_by_role: role,
        reason: body.reason,
        call_id: body.call_id ?? null,
        created_at: new Date(),
      };
      // Recorded first: a number is never answered without its record.
      await Reveal.create(doc);
      return { id: doc._id, user_id, phone: user.phone, revealed_at: doc.created_at.toISOString() };
    },

    async list(query: { limit: number; cursor?: string | undefined; user_id?: string | undefined; revealed_by?: string | undefined }) {
      const filter: Record<string, string> = {};
      if (query.user_id) filter.user_id = query.user_id;
      if (query.revealed_by) filter.revealed_by = query.revealed_by;
      const page = await pageNewestFirst<PhoneRevealDoc>(Reveal, filter, query);
      return { items: page.items.map(toRecord), next_cursor: page.next_cursor };
    },
  };
}
export type PhoneReveals = ReturnType<typeof createPhoneReveals>;

/** Thin handlers of the people routes (the admin-only list is guarded by the route's access). */
export function peopleHandlers(reveals: PhoneReveals): Handlers<typeof peopleRoutes> {
  return {
    revealUserPhone: ({ actor, params, body }) => reveals.reveal(actor, params.user_id, body),
    listPhoneReveals: ({ query }) => reveals.list(query),
  };
}
