import { z } from 'zod';
import { IsoDateTime, PageQuery, idOf, pageOf } from './common';
import { CURSOR_ERRORS } from './errors';
import { InboxKind } from './inbox-events';
import { defineRoute } from './route';

/** An inbox item's id (inb_…): shown to nobody, used to mark items read. */
export const InboxItemId = idOf('inb');

/** One thing that happened, as its person sees it (the event id and the WeChat outcome stay inside the API). */
export const InboxItem = z.object({
  id: InboxItemId,
  kind: InboxKind,
  title: z.string(),
  body: z.string(),
  /** A mini-program page to open, or null. */
  link: z.string().nullable(),
  /** Money the item is about (a refund, a top-up), in fen; the kiosk reads it aloud. */
  amount_fen: z.number().int().nullable(),
  read: z.boolean(),
  created_at: IsoDateTime,
});
export type InboxItem = z.infer<typeof InboxItem>;

export const InboxUnread = z.object({ unread: z.number().int().min(0) });
export type InboxUnread = z.infer<typeof InboxUnread>;

/** The most ids one request marks read (a page of the inbox at most). */
export const INBOX_MARK_MAX = 100;

/** Mark these items read, or all of the person's items. Someone else's ids are ignored (they change nothing). */
export const InboxMarkRead = z
  .strictObject({ ids: z.array(InboxItemId).min(1).max(INBOX_MARK_MAX).optional(), all: z.literal(true).optional() })
  .refine((b) => (b.ids ? 1 : 0) + (b.all ? 1 : 0) === 1, { message: '请给出 ids 或 all: true（二选一）' });
export type InboxMarkRead = z.infer<typeof InboxMarkRead>;

/** What wx.requestSubscribeMessage answers per template id (its errMsg key left out). */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;
/** Templates the mini-program asks for in one wx.requestSubscribeMessage call: WeChat allows three; bounded here. */
export const INBOX_TEMPLATES_PER_REQUEST_MAX = 20;

export const InboxSubscriptionResults = z.strictObject({
  results: z
    .record(z.string().min(1).max(64), z.enum(SUBSCRIBE_RESULTS))
    .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= INBOX_TEMPLATES_PER_REQUEST_MAX, {
      message: `应有 1 到 ${INBOX_TEMPLATES_PER_REQUEST_MAX} 个模板结果`,
    }),
});
export type InboxSubscriptionResults = z.infer<typeof InboxSubscriptionResults>;

/**
 * A kind of message and whether the person may get it on WeChat: each “accept” of a template allows one message
 * (WeChat's one-time subscribe messages), `remaining` counts the allowances not used yet.
 */
export const InboxSubscription = z.object({
  kind: InboxKind,
  template_id: z.string(),
  remaining: z.number().int().min(0),
});
export const InboxSubscriptions = z.object({ items: z.array(InboxSubscription) });
export type InboxSubscriptions = z.infer<typeof InboxSubscriptions>;

/** The unread items a card holder sees and hears after logging in at a kiosk (newest first, at most this many). */
export const KIOSK_INBOX_MAX = 20;

const tag = '消息';

export const inboxRoutes = {
  listMyInbox: defineRoute({
    id: 'listMyInbox',
    errors: CURSOR_ERRORS,
    method: 'GET',
    path: '/api/v1/me/inbox',
    summary: '我的消息（最新的在前）',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: z.strictObject({ ...PageQuery, unread_only: z.enum(['true', 'false']).default('false') }),
    response: pageOf(InboxItem),
  }),
  getMyInboxUnread: defineRoute({
    id: 'getMyInboxUnread',
    method: 'GET',
    path: '/api/v1/me/inbox/unread-count',
    summary: '未读消息数（角标）',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: z.strictObject({}),
    response: InboxUnread,
  }),
  markMyInboxRead: defineRoute({
    id: 'markMyInboxRead',
    method: 'POST',
    path: '/api/v1/me/inbox/read',
    summary: '标记消息已读（指定的几条，或全部）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: InboxMarkRead,
    response: InboxUnread,
  }),
  getMyInboxSubscriptions: defineRoute({
    id: 'getMyInboxSubscriptions',
    method: 'GET',
    path: '/api/v1/me/inbox/subscriptions',
    summary: '微信订阅消息：每类消息的模板和剩余可发条数',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: z.strictObject({}),
    response: InboxSubscriptions,
  }),
  setMyInboxSubscriptions: defineRoute({
    id: 'setMyInboxSubscriptions',
    errors: { 400: ['inbox_template_unknown'] },
    method: 'POST',
    path: '/api/v1/me/inbox/subscriptions',
    summary: '记录 wx.requestSubscribeMessage 的结果（accept 一次可发一条）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: InboxSubscriptionResults,
    response: InboxSubscriptions,
  }),
  kioskInbox: defineRoute({
    id: 'kioskInbox',
    method: 'GET',
    path: '/api/v1/kiosk/inbox',
    summary: '终端：持卡人的未读消息（登录后朗读），或某一类消息（余额页的退款）',
    tag: 'kiosk',
    access: { kind: 'card' },
    query: z.strictObject({ unread_only: z.enum(['true', 'false']).default('true'), kind: InboxKind.optional() }),
    response: z.object({ items: z.array(InboxItem) }),
  }),
  kioskMarkInboxRead: defineRoute({
    id: 'kioskMarkInboxRead',
    method: 'POST',
    path: '/api/v1/kiosk/inbox/read',
    summary: '终端：读过的消息标为已读',
    tag: 'kiosk',
    access: { kind: 'card' },
    body: z.strictObject({ ids: z.array(InboxItemId).min(1).max(KIOSK_INBOX_MAX) }),
    response: InboxUnread,
  }),
};
