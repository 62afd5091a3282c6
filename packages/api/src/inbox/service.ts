import { INBOX_KINDS, KIOSK_INBOX_MAX, type InboxItem, type InboxKind, type InboxMarkRead, type InboxSubscriptions } from '@cc/shared';
import { isDuplicateKey } from '../platform/db';
import { newId } from '../platform/ids';
import { pageNewestFirst } from '../platform/pagination';
import { badRequest } from '../platform/problem';
import type { InboxItemDoc, InboxModels } from './models';
import { kindsOf, type InboxTemplates } from './templates';

export function present(doc: InboxItemDoc): InboxItem {
  return {
    id: doc._id,
    kind: doc.kind,
    title: doc.title,
    body: doc.body,
    link: doc.link,
    amount_fen: doc.amount_fen,
    read: doc.read_at !== null,
    created_at: doc.created_at.toISOString(),
  };
}

type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter';

/** A person's inbox: every read and write is scoped to the person (`user_id` comes from the session, never the body). */
export function createInboxService(deps: { models: InboxModels; templates: InboxTemplates }) {
  const { Item, Allowance } = deps.models;

  const unread = async (user_id: string) => ({ unread: await Item.countDocuments({ user_id, read_at: null }) });

  async function markRead(user_id: string, which: InboxMarkRead) {
    const only = which.ids ? { _id: { $in: which.ids } } : {};
    await Item.updateMany({ user_id, read_at: null, ...only }, { $set: { read_at: new Date() } });
    return unread(user_id);
  }

  async function subscriptions(user_id: string): Promise<InboxSubscriptions> {
    const rows = await Allowance.find({ user_id }).lean();
    const left = new Map(rows.map((r) => [r.template_id, r.remaining]));
    return {
      items: INBOX_KINDS.map((kind) => ({ kind, template_id: deps.templates[kind], remaining: left.get(deps.templates[kind]) ?? 0 })),
    };
  }

  /** One template's result: an accept allows one more message, anything else withdraws what was allowed. */
  async function record(user_id: string, template_id: string, result: SubscribeResult): Promise<void> {
    const now = new Date();
    const update =
      result === 'accept'
        ? { $inc: { remaining: 1 }, $set: { updated_at: now }, $setOnInsert: { _id: newId('inh') } }
        : { $set: { remaining: 0, updated_at: now }, $setOnInsert: { _id: newId('inh') } };
    const write = () => Allowance.updateOne({ user_id, template_id }, update, { upsert: true });
    try {
      await write();
    } catch (err) {
      // A first allowance racing another on the unique index: the row exists now, so the second write updates it.
      if (!isDuplicateKey(err)) throw err;
      await write();
    }
  }

  return {
    async page(user_id: string, query: { limit: number; cursor?: string | undefined; unread_only: 'true' | 'false' }) {
      const filter = query.unread_only === 'true' ? { user_id, read_at: null } : { user_id };
      const { items, next_cursor } = await pageNewestFirst(Item, filter, query);
      return { items: items.map(present), next_cursor };
    },
    unread,
    markRead,
    subscriptions,

    /** What wx.requestSubscribeMessage answered; an unknown template changes nothing (400). */
    async subscribe(user_id: string, results: Record<string, SubscribeResult>): Promise<InboxSubscriptions> {
      const unknown = Object.keys(results).filter((t) => kindsOf(deps.templates, t).length === 0);
      if (unknown.length > 0) {
        throw badRequest(
          'inbox_template_unknown',
          '没有这个消息模板',
          unknown.map((t) => ({ path: `body.results.${t}`, message: '没有这个消息模板', code: 'inbox_template_unknown' })),
        );
      }
      for (const [template_id, result] of Object.entries(results)) await record(user_id, template_id, result);
      return subscriptions(user_id);
    },

    /** The card holder's items at the kiosk: unread ones to read aloud, or one kind (refunds on the balance screen). */
    async forKiosk(user_id: string, query: { unread_only: 'true' | 'false'; kind?: InboxKind | undefined }) {
      const filter = { user_id, ...(query.unread_only === 'true' ? { read_at: null } : {}), ...(query.kind ? { kind: query.kind } : {}) };
      const rows = await Item.find(filter).sort({ _id: -1 }).limit(KIOSK_INBOX_MAX).lean<InboxItemDoc[]>();
      return { items: rows.map(present) };
    },
  };
}
export type InboxService = ReturnType<typeof createInboxService>;
