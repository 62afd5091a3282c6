import { z } from 'zod';
import { CURSOR_ERRORS } from './errors';
import { CommunityId, IsoDateTime, PageQuery, UserId, humanText, idOf, pageOf } from './common';
import { CallId } from './calls';
import { defineRoute } from './route';

/**
 * Ringing a resident back (issue 12 item 10): operators and providers of the resident's own community may see the
 * full phone number, one recorded reveal at a time (who, whom, when, why, which call); admins read the records.
 */
export const PhoneRevealId = idOf('prv');

export const PhoneRevealBody = z.strictObject({
  /** Why the number is needed, e.g. 回电：呼叫 2412-0387. */
  reason: humanText({ min: 2, max: 100, label: '原因' }),
  /** The call being answered, when there is one. */
  call_id: CallId.optional(),
});

export const PhoneReveal = z.object({
  id: PhoneRevealId,
  user_id: UserId,
  /** The full number, for Taro.makePhoneCall; shown only to the person who asked, never logged. */
  phone: z.string(),
  revealed_at: IsoDateTime,
});
export type PhoneReveal = z.infer<typeof PhoneReveal>;

/** What is kept of a reveal: never the number itself. */
export const PhoneRevealRecord = z.object({
  id: PhoneRevealId,
  user_id: UserId,
  community_id: CommunityId,
  revealed_by: UserId,
  /** The role under which it was revealed. */
  revealed_by_role: z.enum(['operator', 'provider']),
  reason: z.string(),
  call_id: CallId.nullable(),
  revealed_at: IsoDateTime,
});
export type PhoneRevealRecord = z.infer<typeof PhoneRevealRecord>;

const tag = 'identity';

export const peopleRoutes = {
  revealUserPhone: defineRoute({
    id: 'revealUserPhone',
    errors: { 404: ['user_not_found'], 409: ['phone_not_bound'] },
    method: 'POST',
    path: '/api/v1/users/:user_id/phone-reveals',
    summary: '查看居民的完整手机号以便回电（本社区运营人员、服务人员；每次都有记录；其他人答 404）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ user_id: UserId }),
    body: PhoneRevealBody,
    response: PhoneReveal,
    status: 201,
  }),
  listPhoneReveals: defineRoute({
    id: 'listPhoneReveals',
    errors: CURSOR_ERRORS,
    method: 'GET',
    path: '/api/v1/phone-reveals',
    summary: '手机号查看记录（管理员；新的在前，可按居民或查看人筛选）',
    tag,
    access: { kind: 'user', roles: ['admin'] },
    query: z.strictObject({ ...PageQuery, user_id: UserId.optional(), revealed_by: UserId.optional() }),
    response: pageOf(PhoneRevealRecord),
  }),
};
