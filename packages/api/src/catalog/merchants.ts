import { maskIdNumber, type BodyOf, type Merchant, type MerchantPublic, type routes } from '@cc/shared';
import { hasCommunityRole, isAdmin, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { pageByCursor } from '../platform/pagination';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/problem';
import type { CatalogModels, MerchantDoc } from './models';

type CreateMerchant = BodyOf<typeof routes.createMerchant>;
type UpdateMerchant = BodyOf<typeof routes.updateMerchant>;
type SubmitVerification = BodyOf<typeof routes.submitMerchantVerification>;

export interface MerchantDeps {
  models: CatalogModels;
  /** Identity, through its service only. */
  communityExists(community_id: string): Promise<boolean>;
  /** Opens (or finds) the merchant's account in the wallet ledger; returns its id. Idempotent per merchant. */
  openAccount(merchant_id: string, label: string): Promise<string>;
  /** Uploads, through its service: 400 naming `field` unless every id is a photo this person uploaded. */
  requireImages(ids: readonly string[], owner_id: string, field: string): Promise<void>;
}

/** 13905710011 → 139****0011; 0571-88001234 → 0571-****1234. */
export function maskPhone(phone: string): string {
  const dash = phone.indexOf('-');
  if (dash > 0) return `${phone.slice(0, dash + 1)}****${phone.slice(-4)}`;
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

export function toMerchantPublic(m: MerchantDoc): MerchantPublic {
  return {
    id: m._id,
    name: m.name,
    kind: m.kind,
    description: m.description,
    community_id: m.community_id,
    origin_village: m.origin_village ?? null,
    serves_community_ids: m.serves_community_ids,
    contact_name: m.contact_name,
    contact_phone_masked: maskPhone(m.contact_phone),
    logo_image_id: m.logo_image_id ?? null,
    verified: m.verification.status === 'verified',
    created_at: m.created_at.toISOString(),
  };
}

export function toMerchant(m: MerchantDoc): Merchant {
  const v = m.verification;
  return {
    ...toMerchantPublic(m),
    owner_user_id: m.owner_user_id,
    contact_phone: m.contact_phone,
    account_id: m.account_id ?? null,
    verification: {
      status: v.status,
      real_name: v.real_name ?? null,
      id_kind: v.id_kind ?? null,
      id_number_masked: v.id_number_masked ?? null,
      submitted_at: v.submitted_at ? v.submitted_at.toISOString() : null,
      decided_at: v.decided_at ? v.decided_at.toISOString() : null,
      decided_by: v.decided_by ?? null,
      rejected_reason: v.rejected_reason ?? null,
    },
    history: m.history.map((h) => ({ at: h.at.toISOString(), actor_id: h.actor_id, action: h.action, note: h.note ?? null })),
    updated_at: m.updated_at.toISOString(),
  };
}

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;
const nameTaken = () => conflict('merchant_name_taken', '您已有同名的店铺');

async function load(deps: MerchantDeps, merchant_id: string): Promise<MerchantDoc> {
  const m = await deps.models.Merchant.findById(merchant_id).lean<MerchantDoc>();
  if (!m) throw notFound('merchant_not_found', '商户不存在');
  return m;
}

/** The owner only (an admin moderates, but does not sell in someone's name). */
async function owned(deps: MerchantDeps, actor: UserActor, merchant_id: string): Promise<MerchantDoc> {
  const m = await load(deps, merchant_id);
  if (m.owner_user_id !== actor.user_id) throw forbidden('not_merchant_owner', '这不是您的店铺');
  return m;
}

/** Operators of the community the merchant is registered in (and admins): they verify it. */
const operates = (actor: UserActor, m: MerchantDoc) => hasCommunityRole(actor, m.community_id, ['operator']);

/** Operators where the merchant is registered or sells (and admins): they may hide its products there. */
const moderates = (actor: UserActor, m: MerchantDoc) =>
  isAdmin(actor) || [m.community_id, ...m.serves_community_ids].some((c) => hasCommunityRole(actor, c, ['operator']));

async function requireCommunities(deps: MerchantDeps, ids: string[], field: string): Promise<void> {
  const missing: number[] = [];
  for (const [i, id] of ids.entries()) if (!(await deps.communityExists(id))) missing.push(i);
  if (missing.length > 0) {
    throw new AppError(404, 'community_not_found', '社区或村不存在', {
      errors: missing.map((i) => ({ path: `${field}.${i}`, message: '社区或村不存在', code: 'community_not_found' })),
    });
  }
}

/** Opens the ledger account and records it; a crash before the second step is healed by `accountOf`. */
async function attachAccount(deps: MerchantDeps, m: MerchantDoc): Promise<string> {
  const account_id = await deps.openAccount(m._id, m.name);
  if (m.account_id !== account_id) await deps.models.Merchant.updateOne({ _id: m._id }, { $set: { account_id } });
  return account_id;
}

async function decide(
  deps: MerchantDeps,
  actor: UserActor,
  merchant_id: string,
  to: 'verified' | 'rejected',
  note: string | null,
): Promise<Merchant> {
  const { Merchant } = deps.models;
  const m = await load(deps, merchant_id);
  if (!operates(actor, m)) throw forbidden('forbidden_scope', '只有商户所在社区的运营人员可以审核');
  if (m.owner_user_id === actor.user_id) throw forbidden('cannot_verify_own', '不能审核自己的店铺');
  const now = new Date();
  // Guarded on the status: two operators deciding at once → one decision, the other gets 409.
  const updated = await Merchant.findOneAndUpdate(
    { _id: merchant_id, 'verification.status': 'pending' },
    {
      $set: {
        'verification.status': to,
        'verification.decided_at': now,
        'verification.decided_by': actor.user_id,
        'verification.rejected_reason': to === 'rejected' ? note : null,
        updated_at: now,
      },
      $push: { history: { at: now, actor_id: actor.user_id, action: to, note } },
    },
    { new: true },
  ).lean<MerchantDoc>();
  if (!updated) {
    const status = (await load(deps, merchant_id)).verification.status;
    throw new AppError(409, 'illegal_transition', `认证状态为「${status}」，只能审核待审核（pending）的申请`, {
      detail: `${status} → ${to}`,
    });
  }
  return toMerchant(updated);
}

async function createMerchant(deps: MerchantDeps, actor: UserActor, body: CreateMerchant): Promise<Merchant> {
  const serves = [...new Set(body.serves_community_ids ?? [body.community_id])];
  if (!(await deps.communityExists(body.community_id))) throw notFound('community_not_found', '社区或村不存在');
  await requireCommunities(deps, serves, 'body.serves_community_ids');
  if (body.logo_image_id) await deps.requireImages([body.logo_image_id], actor.user_id, 'body.logo_image_id');
  const now = new Date();
  const doc: MerchantDoc = {
    _id: newId('mch'),
    owner_user_id: actor.user_id,
    name: body.name,
    kind: body.kind,
    description: body.description ?? '',
    contact_name: body.contact_name,
    contact_phone: body.contact_phone,
    community_id: body.community_id,
    origin_village: body.origin_village ?? null,
    serves_community_ids: serves,
    logo_image_id: body.logo_image_id ?? null,
    account_id: null,
    verification: {
      status: 'unverified',
      real_name: null,
      id_kind: null,
      id_number_masked: null,
      submitted_at: null,
      decided_at: null,
      decided_by: null,
      rejected_reason: null,
    },
    history: [{ at: now, actor_id: actor.user_id, action: 'created', note: null }],
    created_at: now,
    updated_at: now,
  };
  try {
    await deps.models.Merchant.create(doc);
  } catch (err) {
    if (isDuplicateKey(err)) throw nameTaken();
    throw err;
  }
  doc.account_id = await attachAccount(deps, doc);
  return toMerchant(doc);
}

async function updateMerchant(deps: MerchantDeps, actor: UserActor, merchant_id: string, patch: UpdateMerchant): Promise<Merchant> {
  await owned(deps, actor, merchant_id);
  const set: Record<string, unknown> = { ...patch, updated_at: new Date() };
  if (patch.serves_community_ids) {
    set.serves_community_ids = [...new Set(patch.serves_community_ids)];
    await requireCommunities(deps, patch.serves_community_ids, 'body.serves_community_ids');
  }
  if (patch.logo_image_id) await deps.requireImages([patch.logo_image_id], actor.user_id, 'body.logo_image_id');
  try {
    const updated = await deps.models.Merchant.findOneAndUpdate(
      { _id: merchant_id, owner_user_id: actor.user_id },
      { $set: set },
      { new: true },
    ).lean<MerchantDoc>();
    if (!updated) throw notFound('merchant_not_found', '商户不存在');
    return toMerchant(updated);
  } catch (err) {
    if (isDuplicateKey(err)) throw nameTaken();
    throw err;
  }
}

/**
 * The owner submits (or corrects while pending, or resubmits after a rejection) the real-name details. Only the
 * masked number is stored: the operator compares it with the document shown at the station.
 */
async function submitVerification(deps: MerchantDeps, actor: UserActor, merchant_id: string, body: SubmitVerification): Promise<Merchant> {
  const m = await owned(deps, actor, merchant_id);
  if (m.kind === 'coop' && body.id_kind !== 'credit_code') {
    throw badRequest('id_kind_mismatch', '合作社须用统一社会信用代码认证', [
      { path: 'body.id_kind', message: '合作社须用统一社会信用代码认证', code: 'id_kind_mismatch' },
    ]);
  }
  const now = new Date();
  const updated = await deps.models.Merchant.findOneAndUpdate(
    { _id: merchant_id, 'verification.status': { $in: ['unverified', 'pending', 'rejected'] } },
    {
      $set: {
        'verification.status': 'pending',
        'verification.real_name': body.real_name,
        'verification.id_kind': body.id_kind,
        'verification.id_number_masked': maskIdNumber(body.id_number),
        'verification.submitted_at': now,
        'verification.decided_at': null,
        'verification.decided_by': null,
        'verification.rejected_reason': null,
        updated_at: now,
      },
      $push: { history: { at: now, actor_id: actor.user_id, action: 'submitted', note: null } },
    },
    { new: true },
  ).lean<MerchantDoc>();
  if (!updated) throw conflict('already_verified', '店铺已通过实名认证，无需再次提交');
  return toMerchant(updated);
}

/**
 * Merchants and seller rights. Anyone signed in may open a shop; the rights to sell come from the shop itself:
 * every seller route checks that the caller owns the merchant (403 not_merchant_owner), and listing for sale also
 * needs the merchant verified by an operator of the community it is registered in.
 */
export function createMerchantService(deps: MerchantDeps) {
  const { Merchant } = deps.models;
  return {
    load: (merchant_id: string) => load(deps, merchant_id),
    owned: (actor: UserActor, merchant_id: string) => owned(deps, actor, merchant_id),
    operates,
    moderates,
    create: (actor: UserActor, body: CreateMerchant) => createMerchant(deps, actor, body),

    async listMine(actor: UserActor) {
      const docs = await Merchant.find({ owner_user_id: actor.user_id }).sort({ _id: 1 }).limit(50).lean<MerchantDoc[]>();
      return { items: docs.map(toMerchant) };
    },

    /** Anyone: verified merchants only, the others are nobody's business yet. */
    async getPublic(merchant_id: string): Promise<MerchantPublic> {
      const m = await load(deps, merchant_id);
      if (m.verification.status !== 'verified') throw notFound('merchant_not_found', '商户不存在');
      return toMerchantPublic(m);
    },

    update: (actor: UserActor, merchant_id: string, patch: UpdateMerchant) => updateMerchant(deps, actor, merchant_id, patch),
    submitVerification: (actor: UserActor, merchant_id: string, body: SubmitVerification) =>
      submitVerification(deps, actor, merchant_id, body),
    approve: (actor: UserActor, merchant_id: string, note: string | null) => decide(deps, actor, merchant_id, 'verified', note),
    reject: (actor: UserActor, merchant_id: string, reason: string) => decide(deps, actor, merchant_id, 'rejected', reason),

    async listCommunity(actor: UserActor, community_id: string, query: { limit: number; cursor?: string; verification?: string }) {
      if (!hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const filter: Record<string, unknown> = { community_id };
      if (query.verification) filter['verification.status'] = query.verification;
      const page = await pageByCursor(Merchant, filter, query);
      return { items: page.items.map(toMerchant), next_cursor: page.next_cursor };
    },

    /** Verified merchants delivering to a community (search narrows products to these). */
    async servingIds(community_id: string, narrow: { merchant_id?: string; kind?: string } = {}): Promise<MerchantDoc[]> {
      const filter: Record<string, unknown> = { serves_community_ids: community_id, 'verification.status': 'verified' };
      if (narrow.merchant_id) filter._id = narrow.merchant_id;
      if (narrow.kind) filter.kind = narrow.kind;
      return Merchant.find(filter).lean<MerchantDoc[]>();
    },

    /** For checkout: may this merchant sell to a buyer in that community? */
    async servesCommunity(merchant_id: string, community_id: string): Promise<boolean> {
      const m = await load(deps, merchant_id);
      return m.verification.status === 'verified' && m.serves_community_ids.includes(community_id);
    },

    /** The merchant's ledger account (settlement of its sales), opened now if a crash left it unrecorded. */
    async accountOf(merchant_id: string): Promise<string> {
      const m = await load(deps, merchant_id);
      return m.account_id ?? (await attachAccount(deps, m));
    },

    /** Merchants a person owns (their seller pages: incoming orders, earnings). */
    async ownedBy(user_id: string): Promise<Merchant[]> {
      const docs = await Merchant.find({ owner_user_id: user_id }).sort({ _id: 1 }).limit(50).lean<MerchantDoc[]>();
      return docs.map(toMerchant);
    },
  };
}
export type MerchantService = ReturnType<typeof createMerchantService>;
