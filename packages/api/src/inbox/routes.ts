import { inboxRoutes } from '@cc/shared';
import type { Handlers } from '../platform/http';
import type { Inbox } from './index';

/** The person's own inbox (session) and the card holder's at a kiosk (card session): always the actor's user_id. */
export function inboxHandlers(inbox: Inbox): Handlers<typeof inboxRoutes> {
  const s = inbox.service;
  return {
    listMyInbox: ({ actor, query }) => s.page(actor.user_id, query),
    getMyInboxUnread: ({ actor }) => s.unread(actor.user_id),
    markMyInboxRead: ({ actor, body }) => s.markRead(actor.user_id, body),
    getMyInboxSubscriptions: ({ actor }) => s.subscriptions(actor.user_id),
    setMyInboxSubscriptions: ({ actor, body }) => s.subscribe(actor.user_id, body.results),
    kioskInbox: ({ actor, query }) => s.forKiosk(actor.user_id, query),
    kioskMarkInboxRead: ({ actor, body }) => s.markRead(actor.user_id, body),
  };
}
