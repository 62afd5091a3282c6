import { routes, type Call, type Me, type UserSummary } from '@cc/shared';
import { call } from '../../api';

/**
 * The community an operator works for: the community of their operator grant (or their own).
 * An admin has no scope of their own and works on their chosen community.
 */
export function scopeOf(me: Me): string | null {
  const grant = me.roles.find((g) => g.role === 'operator' && g.community_id);
  return grant?.community_id ?? me.community_id;
}

let cachedMe: Promise<Me> | null = null;
/** getMe, once per page stack (the operator's grants do not change while the pages are open). */
export function operatorMe(fresh = false): Promise<Me> {
  if (fresh || !cachedMe) {
    cachedMe = call(routes.getMe, {});
    cachedMe.catch(() => {
      cachedMe = null;
    });
  }
  return cachedMe;
}

/** The people of one community (listUsers, 100 a page), by id: names for the queue, the alert and the hotline. */
const directories = new Map<string, Promise<Map<string, UserSummary>>>();

export function directory(community_id: string, fresh = false): Promise<Map<string, UserSummary>> {
  let d = directories.get(community_id);
  if (!d || fresh) {
    d = (async () => {
      const users = new Map<string, UserSummary>();
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await call(routes.listUsers, { query: { community_id, limit: 100, ...(cursor ? { cursor } : {}) } });
        for (const u of page.items) users.set(u.id, u);
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      return users;
    })();
    directories.set(community_id, d);
    d.catch(() => directories.delete(community_id));
  }
  return d;
}

/** Names already known, without waiting. */
export const knownNames = new Map<string, string>();
/** What a page knows of who raised a call. */
export type Asker = Partial<Pick<Call, 'channel' | 'partner_name' | 'contact'>> & { requester_id: string | null };

/**
 * Who raised a call, in words: a resident by name; a call a partner system passed on (Open311) by the name it gave
 * and the partner's (issue 12 item 9); only a 紧急求助 pressed at a kiosk without a card has nobody behind it.
 */
export function requesterName(c: Asker): string {
  if (c.requester_id) return knownNames.get(c.requester_id) ?? '居民';
  if (c.channel === 'open311') {
    const person = [c.contact?.last_name, c.contact?.first_name].filter(Boolean).join('') || '未留姓名';
    const phone = c.contact?.phone_masked ? ` · ${c.contact.phone_masked}` : '';
    return `${person}（${c.partner_name ?? '合作平台'}转来${phone}）`;
  }
  return '身份不明（终端未刷卡）';
}
export async function loadNames(community_id: string, fresh = false): Promise<Map<string, UserSummary>> {
  const users = await directory(community_id, fresh);
  for (const u of users.values()) knownNames.set(u.id, u.nickname);
  return users;
}
