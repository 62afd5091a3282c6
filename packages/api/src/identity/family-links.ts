import type { FamilyLink, FamilyLinkRequest, FamilyLinkStatus, PublishInboxEvent } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { assertCommunityRole, type CardActor, type UserActor } from '../platform/actor';
import { modelOn } from '../platform/db';
import { newId } from '../platform/ids';
import { badRequest, conflict, forbidden, notFound } from '../platform/problem';
import { identityModels, type UserDoc } from './models';
import { maskPhone } from './users';

/**
 * A family link (亲情账号): a family member in the mini-program may shop for an elder once the elder said yes. It is
 * not a family contact (family.ts: whom to tell in an emergency); it gives the family member the right to place
 * orders that wait for the elder's approval, and nothing else. Pending or declined, it does nothing.
 */
export interface FamilyLinkDoc {
  _id: string;
  elder_user_id: string;
  /** The elder's community when asked: its operators may approve the link at the station. */
  elder_community_id: string | null;
  family_user_id: string;
  relation: string;
  status: FamilyLinkStatus;
  requested_at: Date;
  decided_at: Date | null;
  decided_by: { kind: 'card' | 'operator'; user_id: string; kiosk_id: string | null } | null;
}

const linkSchema = new Schema<FamilyLinkDoc>(
  {
    _id: String,
    elder_user_id: { type: String, required: true },
    elder_community_id: { type: String, default: null },
    family_user_id: { type: String, required: true, index: true },
    relation: { type: String, required: true },
    status: { type: String, required: true },
    requested_at: { type: Date, required: true },
    decided_at: { type: Date, default: null },
    decided_by: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false },
);
// One link per pair: racing requests make one.
linkSchema.index({ elder_user_id: 1, family_user_id: 1 }, { unique: true });
linkSchema.index({ elder_user_id: 1, status: 1 });
linkSchema.index({ elder_community_id: 1, status: 1 });

/** A family member may have this many requests waiting at once: enough for a family, too few to fish with. */
const MAX_PENDING_REQUESTS = 5;

export interface FamilyLinkDeps {
  conn: Connection;
  /** The wallet's PIN check of a card (counts wrong PINs and locks the card like any other PIN entry). */
  verifyCardPin(holder: { user_id: string; card_id: string }, pin: string): Promise<void>;
  publish: PublishInboxEvent;
}

/** What the proxy orders of a link need to know about it, once it is approved. */
export interface ApprovedLink {
  link_id: string;
  relation: string;
  elder: { user_id: string; community_id: string | null; name: string };
  family: { user_id: string; name: string };
}

const sameName = (a: string, b: string) => a.normalize('NFC').replace(/\s+/g, '') === b.normalize('NFC').replace(/\s+/g, '');

function contextOf(deps: FamilyLinkDeps) {
  return { deps, User: identityModels(deps.conn).User, Link: modelOn<FamilyLinkDoc>(deps.conn, 'FamilyLink', linkSchema, 'family_links') };
}
type Ctx = ReturnType<typeof contextOf>;

async function usersById({ User }: Ctx, ids: string[]): Promise<Map<string, UserDoc>> {
  const users = await User.find({ _id: { $in: [...new Set(ids)] } }).lean<UserDoc[]>();
  return new Map(users.map((u) => [u._id, u]));
}

async function forFamily(ctx: Ctx, links: FamilyLinkDoc[]): Promise<FamilyLink[]> {
  const users = await usersById(
    ctx,
    links.map((l) => l.elder_user_id),
  );
  return links.map((l) => {
    const elder = users.get(l.elder_user_id);
    return {
      id: l._id,
      status: l.status,
      relation: l.relation,
      elder_name: elder?.nickname ?? '',
      requested_at: l.requested_at.toISOString(),
      decided_at: l.decided_at?.toISOString() ?? null,
      // The elder's address book is shared with the family member only once the elder said yes.
      elder:
        l.status === 'approved' && elder
          ? {
              community_id: elder.community_id,
              addresses: (elder.addresses ?? []).map((a) => ({ id: a.id, label: a.label, detail: a.detail })),
            }
          : null,
    };
  });
}

async function forElder(ctx: Ctx, links: FamilyLinkDoc[]): Promise<FamilyLinkRequest[]> {
  const users = await usersById(
    ctx,
    links.flatMap((l) => [l.elder_user_id, l.family_user_id]),
  );
  return links.map((l) => {
    const family = users.get(l.family_user_id);
    return {
      id: l._id,
      status: l.status,
      family_name: family?.nickname ?? '',
      relation: l.relation,
      family_phone_masked: family?.phone ? maskPhone(family.phone) : null,
      elder_name: users.get(l.elder_user_id)?.nickname ?? '',
      requested_at: l.requested_at.toISOString(),
    };
  });
}

/** The elder matching both the number and the name, or the same refusal whichever did not match. */
async function elderFor({ User }: Ctx, phone: string, name: string): Promise<UserDoc> {
  const candidates = await User.find({ phone }).lean<UserDoc[]>();
  const elder = candidates.find((u) => sameName(u.nickname, name));
  if (!elder) throw notFound('elder_not_found', '没有找到这位家人，请核对手机号和姓名');
  return elder;
}

async function tell({ deps }: Ctx, user_id: string, event_id: string, title: string, body: string): Promise<void> {
  await deps.publish({ event_id, user_id, kind: 'family_link', title, body, link: '/family/links/index' });
}

async function request(ctx: Ctx, actor: UserActor, body: { phone: string; name: string; relation: string }): Promise<FamilyLink> {
  const { Link } = ctx;
  const elder = await elderFor(ctx, body.phone, body.name);
  if (elder._id === actor.user_id) throw badRequest('family_link_self', '不能关联自己');
  const existing = await Link.findOne({ elder_user_id: elder._id, family_user_id: actor.user_id }).lean<FamilyLinkDoc>();
  if (existing && existing.status !== 'declined') throw conflict('family_link_exists', '已经申请过关联这位家人');
  if ((await Link.countDocuments({ family_user_id: actor.user_id, status: 'pending' })) >= MAX_PENDING_REQUESTS)
    throw conflict('too_many_link_requests', '等待确认的申请太多，请等家人确认后再申请');
  const now = new Date();
  const fresh = { relation: body.relation, status: 'pending' as const, requested_at: now, decided_at: null, decided_by: null };
  let link: FamilyLinkDoc | null;
  if (existing) {
    // Asked again after a no: the same record, pending again (guarded, so two retries make one request).
    link = await Link.findOneAndUpdate({ _id: existing._id, status: 'declined' }, { $set: fresh }, { new: true }).lean<FamilyLinkDoc>();
  } else {
    const doc = {
      _id: newId('fml'),
      elder_user_id: elder._id,
      elder_community_id: elder.community_id,
      family_user_id: actor.user_id,
      ...fresh,
    };
    link = await Link.create(doc)
      .then(() => doc)
      .catch((err: { code?: number }) => (err.code === 11000 ? null : Promise.reject(err)));
  }
  if (!link) throw conflict('family_link_exists', '已经申请过关联这位家人');
  await tell(
    ctx,
    elder._id,
    `family_link_requested:${link._id}:${now.getTime()}`,
    '家人申请关联',
    `${body.relation}申请为您代买东西，请到社区终端刷卡确认`,
  );
  return (await forFamily(ctx, [link]))[0] as FamilyLink;
}

/** pending → approved | declined, once; a repeat of the same decision answers the link as it is. */
async function decide(
  ctx: Ctx,
  link: FamilyLinkDoc,
  decision: 'approve' | 'decline',
  by: NonNullable<FamilyLinkDoc['decided_by']>,
): Promise<FamilyLinkRequest> {
  const { Link, User } = ctx;
  const status = decision === 'approve' ? 'approved' : 'declined';
  const now = new Date();
  const updated = await Link.findOneAndUpdate(
    { _id: link._id, status: 'pending' },
    { $set: { status, decided_at: now, decided_by: by } },
    { new: true },
  ).lean<FamilyLinkDoc>();
  if (!updated) {
    const current = (await Link.findById(link._id).lean<FamilyLinkDoc>()) as FamilyLinkDoc;
    if (current.status !== status) throw conflict('family_link_decided', '这个申请已经处理过了');
    return (await forElder(ctx, [current]))[0] as FamilyLinkRequest;
  }
  const elder = (await User.findById(link.elder_user_id).lean<UserDoc>())?.nickname ?? '家人';
  const words = status === 'approved' ? `${elder}已同意关联，您可以为${elder}下单了` : `${elder}没有同意关联`;
  await tell(ctx, link.family_user_id, `family_link_decided:${link._id}:${now.getTime()}`, '家人关联结果', words);
  return (await forElder(ctx, [updated]))[0] as FamilyLinkRequest;
}

async function elderLink({ Link }: Ctx, actor: CardActor, link_id: string): Promise<FamilyLinkDoc> {
  const link = await Link.findById(link_id).lean<FamilyLinkDoc>();
  // Someone else's link does not exist for this card holder.
  if (!link || link.elder_user_id !== actor.user_id) throw notFound('family_link_not_found', '没有这个关联申请');
  return link;
}

async function communityLink({ Link }: Ctx, actor: UserActor, link_id: string): Promise<FamilyLinkDoc> {
  const link = await Link.findById(link_id).lean<FamilyLinkDoc>();
  if (!link) throw notFound('family_link_not_found', '没有这个关联申请');
  if (!link.elder_community_id) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
  assertCommunityRole(actor, link.elder_community_id, ['operator']);
  return link;
}

/**
 * Ending a link (pending or approved → revoked), by either side; a repeat answers the link as it is. The proxy orders
 * it leaves waiting are declined by the caller (proxy-orders/adapters.ts), which may repeat that too.
 */
async function revoke(ctx: Ctx, link: FamilyLinkDoc, by: 'elder' | 'family'): Promise<FamilyLinkDoc> {
  if (link.status === 'revoked') return link;
  const now = new Date();
  const ended = await ctx.Link.findOneAndUpdate(
    { _id: link._id, status: { $in: ['pending', 'approved'] } },
    { $set: { status: 'revoked', decided_at: now } },
    { new: true },
  ).lean<FamilyLinkDoc>();
  if (!ended) {
    const current = (await ctx.Link.findById(link._id).lean<FamilyLinkDoc>()) as FamilyLinkDoc;
    if (current.status === 'revoked') return current;
    throw conflict('family_link_not_active', '这个关联已经不在了');
  }
  const users = await usersById(ctx, [link.elder_user_id, link.family_user_id]);
  const elder = users.get(link.elder_user_id)?.nickname ?? '家人';
  const family = users.get(link.family_user_id)?.nickname ?? '家人';
  // The other side is told; whoever ended it knows.
  const [to, words] =
    by === 'elder'
      ? [link.family_user_id, `${elder}解除了与您的关联，您不能再为${elder}下单`]
      : [link.elder_user_id, `${link.relation}${family}解除了关联，不能再为您代买东西`];
  await tell(ctx, to, `family_link_revoked:${link._id}:${now.getTime()}`, '家人关联已解除', words);
  return ended;
}

export function createFamilyLinks(deps: FamilyLinkDeps) {
  const ctx = contextOf(deps);
  return {
    request: (actor: UserActor, body: { phone: string; name: string; relation: string }) => request(ctx, actor, body),
    async mine(actor: UserActor): Promise<{ items: FamilyLink[] }> {
      const links = await ctx.Link.find({ family_user_id: actor.user_id }).sort({ requested_at: -1 }).limit(50).lean<FamilyLinkDoc[]>();
      return { items: await forFamily(ctx, links) };
    },
    async pendingAtKiosk(actor: CardActor): Promise<{ items: FamilyLinkRequest[] }> {
      const links = await ctx.Link.find({ elder_user_id: actor.user_id, status: 'pending' })
        .sort({ requested_at: 1 })
        .lean<FamilyLinkDoc[]>();
      return { items: await forElder(ctx, links) };
    },
    async approveAtKiosk(actor: CardActor, link_id: string, pin: string): Promise<FamilyLinkRequest> {
      const link = await elderLink(ctx, actor, link_id);
      // The PIN again: whoever finds a session left open must not give a stranger the right to shop on this card.
      await deps.verifyCardPin(actor, pin);
      return decide(ctx, link, 'approve', { kind: 'card', user_id: actor.user_id, kiosk_id: actor.kiosk_id });
    },
    async declineAtKiosk(actor: CardActor, link_id: string): Promise<FamilyLinkRequest> {
      const link = await elderLink(ctx, actor, link_id);
      return decide(ctx, link, 'decline', { kind: 'card', user_id: actor.user_id, kiosk_id: actor.kiosk_id });
    },
    async pendingInCommunity(actor: UserActor, community_id: string): Promise<{ items: FamilyLinkRequest[] }> {
      assertCommunityRole(actor, community_id, ['operator']);
      const links = await ctx.Link.find({ elder_community_id: community_id, status: 'pending' })
        .sort({ requested_at: 1 })
        .lean<FamilyLinkDoc[]>();
      return { items: await forElder(ctx, links) };
    },
    async decideAtStation(actor: UserActor, link_id: string, decision: 'approve' | 'decline'): Promise<FamilyLinkRequest> {
      const link = await communityLink(ctx, actor, link_id);
      return decide(ctx, link, decision, { kind: 'operator', user_id: actor.user_id, kiosk_id: null });
    },

    /** The family member ends a link of theirs (someone else's does not exist for them: 404). */
    async revokeByFamily(actor: UserActor, link_id: string): Promise<FamilyLink> {
      const link = await ctx.Link.findById(link_id).lean<FamilyLinkDoc>();
      if (!link || link.family_user_id !== actor.user_id) throw notFound('family_link_not_found', '没有这个关联');
      return (await forFamily(ctx, [await revoke(ctx, link, 'family')]))[0] as FamilyLink;
    },
    /** The family members linked to this card holder (approved), to end one at the kiosk. */
    async linkedAtKiosk(actor: CardActor): Promise<{ items: FamilyLinkRequest[] }> {
      const links = await ctx.Link.find({ elder_user_id: actor.user_id, status: 'approved' })
        .sort({ requested_at: 1 })
        .lean<FamilyLinkDoc[]>();
      return { items: await forElder(ctx, links) };
    },
    /** The elder ends a link at the kiosk, with the PIN (an open session must not be enough to cut a family off). */
    async revokeAtKiosk(actor: CardActor, link_id: string, pin: string): Promise<FamilyLinkRequest> {
      const link = await elderLink(ctx, actor, link_id);
      await deps.verifyCardPin(actor, pin);
      return (await forElder(ctx, [await revoke(ctx, link, 'elder')]))[0] as FamilyLinkRequest;
    },

    /** The link of this family member, approved — else the refusal: unknown 404, not (or no longer) approved 403. */
    async requireApproved(link_id: string, by: { family_user_id?: string; elder_user_id?: string }): Promise<ApprovedLink> {
      const link = await ctx.Link.findById(link_id).lean<FamilyLinkDoc>();
      const mine = link && (!by.family_user_id || link.family_user_id === by.family_user_id);
      if (!link || !mine || (by.elder_user_id && link.elder_user_id !== by.elder_user_id))
        throw notFound('family_link_not_found', '没有这个关联');
      if (link.status !== 'approved') throw forbidden('family_link_not_approved', '家人还没有同意关联，暂时不能为家人下单');
      const users = await usersById(ctx, [link.elder_user_id, link.family_user_id]);
      const elder = users.get(link.elder_user_id);
      return {
        link_id: link._id,
        relation: link.relation,
        elder: { user_id: link.elder_user_id, community_id: elder?.community_id ?? null, name: elder?.nickname ?? '' },
        family: { user_id: link.family_user_id, name: users.get(link.family_user_id)?.nickname ?? '' },
      };
    },
  };
}
export type FamilyLinks = ReturnType<typeof createFamilyLinks>;
