/** Creating and editing supply (供应) and purchase (求购) posts (issue 14 items 1, 2). */
import {
  shanghaiDate,
  type AgriPost,
  type PurchasePost,
  type SupplyPost,
  type CreatePurchasePostBody,
  type CreateSupplyPostBody,
  type UpdatePurchasePostBody,
  type UpdateSupplyPostBody,
} from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { conflict, forbidden, notFound } from '../platform/problem';
import { checkFields, derived, type PostFields } from './build';
import { emitChange, type AgriCtx } from './context';
import type { AgriPostDoc, CertificationDoc } from './models';
import {
  DAY_MS,
  armExpiry,
  countyOf,
  holdsFor,
  moderatingCommunity,
  openingStatus,
  photosOf,
  posterOf,
  queueVariety,
  tellHeld,
  varietyConfirmed,
} from './posting';
import { withPhotoUrls } from './photos';
import { toPostView } from './present';

type Kind = 'supply' | 'purchase';

function fieldsOfSupply(b: CreateSupplyPostBody): PostFields {
  return {
    category: b.category,
    variety: b.variety,
    quantity: b.quantity,
    unit: b.unit,
    unit_price_fen: b.unit_price_fen,
    min_order_quantity: b.min_order_quantity ?? null,
    origin: {
      village: b.origin.village,
      township: b.origin.township ?? null,
      county: b.origin.county ?? null,
      community_id: b.origin.community_id ?? null,
      location: b.origin.location,
    },
    photo_upload_ids: b.photo_upload_ids,
    description: b.description ?? null,
    unit_price_min_fen: null,
    unit_price_max_fen: null,
    delivery: null,
    frequency: null,
    notes: null,
    window_from: b.available_from,
    window_to: b.available_to,
  };
}

function fieldsOfPurchase(b: CreatePurchasePostBody): PostFields {
  return {
    category: b.category,
    variety: b.variety,
    quantity: b.quantity,
    unit: b.unit,
    unit_price_fen: null,
    min_order_quantity: null,
    origin: null,
    photo_upload_ids: [],
    description: null,
    unit_price_min_fen: b.unit_price_min_fen,
    unit_price_max_fen: b.unit_price_max_fen,
    delivery: { place: b.delivery.place, community_id: b.delivery.community_id ?? null, location: b.delivery.location },
    frequency: b.frequency,
    notes: b.notes,
    window_from: b.needed_from,
    window_to: b.needed_to,
  };
}

const placeCommunity = (f: PostFields) => f.origin?.community_id ?? f.delivery?.community_id ?? null;

const certsOf = (certs: { kind: CertificationDoc['kind']; evidence_upload_id: string }[]): CertificationDoc[] =>
  certs.map((c) => ({
    kind: c.kind,
    evidence_upload_id: c.evidence_upload_id,
    status: 'pending',
    checked_by: null,
    checked_at: null,
    note: null,
  }));

/** Creates a post: checks, holds and the status, the expiry job, then one insert; nothing is written on a 4xx. */
async function create(
  C: AgriCtx,
  actor: UserActor,
  kind: Kind,
  f: PostFields,
  certs: CertificationDoc[],
  valid_days: number,
): Promise<AgriPost> {
  const now = new Date();
  checkFields(f, kind, shanghaiDate(now));
  const { profile, record } = await posterOf(C, actor, now);
  const county = await countyOf(C, placeCommunity(f));
  const photo_hashes = await photosOf(
    C,
    actor,
    f.photo_upload_ids,
    certs.map((c) => c.evidence_upload_id),
  );
  const d = derived(f, kind, county);
  const post: AgriPostDoc = {
    _id: newId(kind === 'supply' ? 'sup' : 'dem'),
    kind,
    owner_user_id: actor.user_id,
    community_id: moderatingCommunity(actor, profile, placeCommunity(f)),
    poster_name: profile.name ?? '个人',
    poster_kind: kind === 'purchase' ? 'buyer' : (profile.kind ?? 'farmer'),
    ...f,
    ...d,
    variety_confirmed: await varietyConfirmed(C, f.category, d.variety_key),
    photo_hashes,
    certifications: certs,
    certified: false,
    status: 'open',
    status_before_hide: null,
    hold_reasons: [],
    moderation_note: null,
    reports_open: 0,
    expires_at: new Date(now.getTime() + valid_days * DAY_MS),
    revision: 1,
    created_at: now,
    updated_at: now,
  };
  post.hold_reasons = await holdsFor(C, post, { counting: true, now });
  post.status = openingStatus(record.verified, post.hold_reasons);
  await armExpiry(C, post._id, post.expires_at);
  await C.models.Post.create(post);
  if (!post.variety_confirmed) await queueVariety(C, f.category, f.variety, d.variety_key, now);
  await tellHeld(C, post);
  await emitChange(C, { post_id: post._id, kind, what: post.status === 'held' ? 'held' : 'created', previous_status: null, post });
  return toPostView(post, { user_id: actor.user_id, moderates: false }, record);
}

/** The owner's post of this kind, still editable (not closed, expired or hidden: renew or ask an operator first). */
export async function ownPost(C: AgriCtx, actor: UserActor, post_id: string, kind?: Kind): Promise<AgriPostDoc> {
  const post = await C.models.Post.findById(post_id).lean<AgriPostDoc>();
  if (!post || (kind && post.kind !== kind)) throw notFound('agri_post_not_found', '供求信息不存在');
  if (post.owner_user_id !== actor.user_id) throw forbidden('not_post_owner', '这不是您发布的信息');
  return post;
}

const EDITABLE = ['pending_verification', 'held', 'open'] as const;

/** Merges an edit into the stored post's fields (null clears an optional field). */
function merged(post: AgriPostDoc, patch: UpdateSupplyPostBody | UpdatePurchasePostBody): PostFields {
  const p = patch as Partial<UpdateSupplyPostBody & UpdatePurchasePostBody>;
  const pick = <K extends keyof PostFields>(k: K, v: PostFields[K] | undefined): PostFields[K] => (v === undefined ? post[k] : v);
  const origin = p.origin
    ? {
        village: p.origin.village,
        township: p.origin.township ?? null,
        county: p.origin.county ?? null,
        community_id: p.origin.community_id ?? null,
        location: p.origin.location,
      }
    : post.origin;
  const delivery = p.delivery
    ? { place: p.delivery.place, community_id: p.delivery.community_id ?? null, location: p.delivery.location }
    : post.delivery;
  return {
    category: post.category,
    variety: pick('variety', p.variety),
    quantity: pick('quantity', p.quantity),
    unit: pick('unit', p.unit),
    unit_price_fen: pick('unit_price_fen', p.unit_price_fen),
    min_order_quantity: pick('min_order_quantity', p.min_order_quantity),
    origin,
    photo_upload_ids: pick('photo_upload_ids', p.photo_upload_ids),
    description: pick('description', p.description),
    unit_price_min_fen: pick('unit_price_min_fen', p.unit_price_min_fen),
    unit_price_max_fen: pick('unit_price_max_fen', p.unit_price_max_fen),
    delivery,
    frequency: pick('frequency', p.frequency),
    notes: pick('notes', p.notes),
    window_from: pick('window_from', p.available_from ?? p.needed_from),
    window_to: pick('window_to', p.available_to ?? p.needed_to),
  };
}

/** Edits the owner's post: the merged post is checked like a new one, its holds recomputed; guarded on its revision. */
async function update(
  C: AgriCtx,
  actor: UserActor,
  kind: Kind,
  post_id: string,
  patch: UpdateSupplyPostBody | UpdatePurchasePostBody,
): Promise<AgriPost> {
  const now = new Date();
  const post = await ownPost(C, actor, post_id, kind);
  if (!(EDITABLE as readonly string[]).includes(post.status)) throw conflict('illegal_transition', '该信息已关闭、过期或被下架，不能修改');
  const f = merged(post, patch);
  checkFields(f, kind, shanghaiDate(now));
  const { record } = await posterOf(C, actor, now);
  const county = await countyOf(C, f.origin?.community_id ?? f.delivery?.community_id ?? null);
  const newCerts = 'certifications' in patch && patch.certifications ? certsOf(patch.certifications) : null;
  const certs = newCerts ? keepChecked(post.certifications, newCerts) : post.certifications;
  const photo_hashes = await photosOf(C, actor, f.photo_upload_ids, newCerts ? newCerts.map((c) => c.evidence_upload_id) : []);
  const d = derived(f, kind, county);
  const next: AgriPostDoc = {
    ...post,
    ...f,
    ...d,
    photo_hashes,
    certifications: certs,
    certified: certs.some((c) => c.status === 'confirmed'),
  };
  next.variety_confirmed =
    d.variety_key === post.variety_key ? post.variety_confirmed : await varietyConfirmed(C, f.category, d.variety_key);
  next.hold_reasons = await holdsFor(C, next, { counting: false, now, keep: post.hold_reasons });
  next.status = openingStatus(record.verified, next.hold_reasons);
  const { _id, revision, created_at: _created, ...set } = next;
  const saved = await C.models.Post.findOneAndUpdate(
    { _id, revision, status: { $in: EDITABLE } },
    { $set: { ...set, updated_at: now }, $inc: { revision: 1 } },
    { new: true },
  ).lean<AgriPostDoc>();
  if (!saved) throw conflict('illegal_transition', '信息刚被修改或状态已变化，请刷新后重试');
  if (!saved.variety_confirmed && d.variety_key !== post.variety_key) await queueVariety(C, f.category, f.variety, d.variety_key, now);
  if (saved.status === 'held' && post.status !== 'held') await tellHeld(C, saved);
  await emitChange(C, {
    post_id,
    kind,
    what: saved.status === 'held' && post.status !== 'held' ? 'held' : 'updated',
    previous_status: post.status,
    post: saved,
  });
  return toPostView(saved, { user_id: actor.user_id, moderates: false }, record);
}

/** A certification re-sent with the same evidence keeps its check; a new photo waits for a new one. */
function keepChecked(old: CertificationDoc[], next: CertificationDoc[]): CertificationDoc[] {
  return next.map((c) => old.find((o) => o.kind === c.kind && o.evidence_upload_id === c.evidence_upload_id) ?? c);
}

export function createPostUseCases(C: AgriCtx) {
  return {
    // The kind in, the same kind out (present.ts builds the view of the post's kind).
    createSupply: async (actor: UserActor, b: CreateSupplyPostBody) =>
      withPhotoUrls(C, (await create(C, actor, 'supply', fieldsOfSupply(b), certsOf(b.certifications), b.valid_days)) as SupplyPost),
    createPurchase: async (actor: UserActor, b: CreatePurchasePostBody) =>
      (await create(C, actor, 'purchase', fieldsOfPurchase(b), [], b.valid_days)) as PurchasePost,
    updateSupply: async (actor: UserActor, post_id: string, patch: UpdateSupplyPostBody) =>
      withPhotoUrls(C, (await update(C, actor, 'supply', post_id, patch)) as SupplyPost),
    updatePurchase: async (actor: UserActor, post_id: string, patch: UpdatePurchasePostBody) =>
      (await update(C, actor, 'purchase', post_id, patch)) as PurchasePost,
  };
}
