/**
 * Inquiries (询价, issue 14 item 3): a buyer asks about a supply post, the farmer answers, a short thread per pair
 * (buyer, post); each message tells the other side through the inbox (kind agri_inquiry). Nothing is written on a
 * refusal: one's own post, a post that is not open, a full thread.
 */
import { AGRI_INQUIRY_MESSAGES_MAX, type AgriInquiry, type AgriUnit, type AgriCategory, type PublishInboxEvent } from '@cc/shared';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { UserActor } from '../../platform/actor';
import { newId } from '../../platform/ids';
import { pageNewestFirst } from '../../platform/pagination';
import { conflict, notFound } from '../../platform/problem';
import { createDeals } from './deals';
import { inquiryModels, type InquiryDoc, type InquiryModels } from './models';

/** The supply post as inquiries need it (the agri posts' document has these fields). */
export interface InquiryPost {
  _id: string;
  kind: 'supply' | 'purchase';
  owner_user_id: string;
  status: string;
  expires_at: Date;
  category: AgriCategory;
  variety: string;
  unit: AgriUnit;
  unit_price_fen: number | null;
  poster_name: string;
}

export interface InquiryDeps {
  conn: Connection;
  logger: Logger;
  publish: PublishInboxEvent;
  post(post_id: string): Promise<InquiryPost | null>;
  /** How a buyer is shown to the farmer: their merchant's (canteen, store) name, else their nickname. */
  displayName(user_id: string): Promise<string>;
  /** What a confirmed deal and its ratings change elsewhere (credit, 行情): deals.ts. */
  dealEffects(d: InquiryDoc): Promise<void>;
}

const SIDES = { buyer: 'buyer_user_id', farmer: 'farmer_user_id' } as const;
type Side = keyof typeof SIDES;

function toView(d: InquiryDoc, my_side: Side): AgriInquiry {
  const last = d.messages[d.messages.length - 1];
  return {
    id: d._id,
    post_id: d.post_id,
    post_summary: d.post_summary,
    buyer_name: d.buyer_name,
    farmer_name: d.farmer_name,
    my_side,
    messages: d.messages.map((m) => ({ from: m.from, text: m.text, at: m.at.toISOString() })),
    awaiting: last?.from === 'farmer' ? 'buyer' : 'farmer',
    deal: d.deal
      ? {
          ...d.deal,
          proposed_at: d.deal.proposed_at.toISOString(),
          decided_at: d.deal.decided_at ? d.deal.decided_at.toISOString() : null,
        }
      : null,
    created_at: d.created_at.toISOString(),
    updated_at: d.updated_at.toISOString(),
  };
}

const sideOf = (d: InquiryDoc, user_id: string): Side | null =>
  d.buyer_user_id === user_id ? 'buyer' : d.farmer_user_id === user_id ? 'farmer' : null;

async function tell(deps: InquiryDeps, d: InquiryDoc, from: Side): Promise<void> {
  const to = from === 'buyer' ? 'farmer' : 'buyer';
  const text = d.messages[d.messages.length - 1]!.text;
  try {
    await deps.publish({
      event_id: `agri_inquiry:${d._id}:${d.messages.length}`,
      user_id: to === 'farmer' ? d.farmer_user_id : d.buyer_user_id,
      kind: 'agri_inquiry',
      title: to === 'farmer' ? `${d.buyer_name}询价「${d.post_summary.variety}」` : `农户回复了您对「${d.post_summary.variety}」的询价`,
      body: text.length > 60 ? `${text.slice(0, 60)}…` : text,
      link: `/agri/inquiry/index?id=${d._id}`,
    });
  } catch (err) {
    deps.logger.error({ err: (err as Error).message, inquiry_id: d._id }, 'agri inquiry publish failed');
  }
}

/** An empty thread for the pair; a racing twin's thread wins the unique key and is used instead. */
async function start(
  deps: InquiryDeps,
  Inquiry: InquiryModels['Inquiry'],
  actor: UserActor,
  post: InquiryPost,
  now: Date,
): Promise<InquiryDoc> {
  const doc: InquiryDoc = {
    _id: newId('inq'),
    post_id: post._id,
    buyer_user_id: actor.user_id,
    farmer_user_id: post.owner_user_id,
    post_summary: { category: post.category, variety: post.variety, unit: post.unit, unit_price_fen: post.unit_price_fen },
    buyer_name: await deps.displayName(actor.user_id),
    farmer_name: post.poster_name,
    messages: [],
    created_at: now,
    updated_at: now,
  };
  try {
    await Inquiry.create(doc);
    return doc;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const twin = await Inquiry.findOne({ post_id: post._id, buyer_user_id: actor.user_id }).lean<InquiryDoc>();
    if (!twin) throw err;
    return twin;
  }
}

export function createInquiries(deps: InquiryDeps) {
  const { Inquiry } = inquiryModels(deps.conn);

  /** Appends a message unless the thread is full (the guard holds the last free place). */
  async function append(id: string, from: Side, text: string, now: Date): Promise<InquiryDoc> {
    const saved = await Inquiry.findOneAndUpdate(
      { _id: id, [`messages.${AGRI_INQUIRY_MESSAGES_MAX - 1}`]: { $exists: false } },
      { $push: { messages: { from, text, at: now } }, $set: { updated_at: now } },
      { new: true },
    ).lean<InquiryDoc>();
    if (!saved) throw conflict('inquiry_thread_full', `一个询价对话最多 ${AGRI_INQUIRY_MESSAGES_MAX} 条消息，请电话联系`);
    return saved;
  }

  /** A buyer's inquiry on a supply post: the pair's thread is started or continued. */
  async function send(actor: UserActor, post_id: string, text: string): Promise<AgriInquiry> {
    const post = await deps.post(post_id);
    const now = new Date();
    const owner = post?.owner_user_id === actor.user_id;
    if (!post || post.kind !== 'supply' || (!owner && !['open', 'closed', 'expired'].includes(post.status)))
      throw notFound('agri_post_not_found', '供应信息不存在');
    if (owner) throw conflict('cannot_inquire_own', '不能对自己发布的信息询价');
    if (post.status !== 'open' || post.expires_at <= now) throw conflict('agri_post_not_open', '该供应信息已关闭或过期，不能询价');
    let thread = await Inquiry.findOne({ post_id, buyer_user_id: actor.user_id }).lean<InquiryDoc>();
    if (!thread) thread = await start(deps, Inquiry, actor, post, now);
    const saved = await append(thread._id, 'buyer', text, now);
    await tell(deps, saved, 'buyer');
    return toView(saved, 'buyer');
  }

  /** A thread the caller is a side of (anyone else: 404, as if it did not exist). */
  async function mine(actor: UserActor, inquiry_id: string): Promise<{ d: InquiryDoc; side: Side }> {
    const d = await Inquiry.findById(inquiry_id).lean<InquiryDoc>();
    const side = d ? sideOf(d, actor.user_id) : null;
    if (!d || !side) throw notFound('inquiry_not_found', '询价对话不存在');
    return { d, side };
  }

  async function reply(actor: UserActor, inquiry_id: string, text: string): Promise<AgriInquiry> {
    const { d, side } = await mine(actor, inquiry_id);
    const saved = await append(d._id, side, text, new Date());
    await tell(deps, saved, side);
    return toView(saved, side);
  }

  async function list(actor: UserActor, q: { side: Side; post_id?: string; limit: number; cursor?: string }) {
    const filter: Record<string, unknown> = { [SIDES[q.side]]: actor.user_id };
    if (q.post_id) filter.post_id = q.post_id;
    const page = await pageNewestFirst(Inquiry, filter, q);
    await Promise.all(page.items.map((d) => deals.settle(d)));
    return { items: page.items.map((d) => toView(d, q.side)), next_cursor: page.next_cursor };
  }

  const deals = createDeals({ Inquiry, logger: deps.logger, publish: deps.publish, effects: deps.dealEffects, mine, toView });

  return {
    send,
    reply,
    get: async (actor: UserActor, inquiry_id: string) => {
      const { d, side } = await mine(actor, inquiry_id);
      await deals.settle(d);
      return toView(d, side);
    },
    list,
    deals,
    models: { Inquiry },
  };
}
export type Inquiries = ReturnType<typeof createInquiries>;
