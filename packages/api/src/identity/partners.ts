import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { partnerKeyRoutes, type PartnerKey } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { assertCommunityRole, type PartnerActor, type UserActor } from '../platform/actor';
import { modelOn } from '../platform/db';
import type { Handlers } from '../platform/http';
import { newId } from '../platform/ids';
import { pageByCursor } from '../platform/pagination';
import { notFound } from '../platform/problem';

/** An api_key a partner system (Open311 client) holds for one community. Only the SHA-256 of its secret is kept. */
export interface PartnerKeyDoc {
  _id: string;
  community_id: string;
  name: string;
  /** SHA-256 of the secret part: 32 random bytes, so a fast hash is enough (as for kiosk secrets). */
  secret_sha256: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

const partnerKeySchema = new Schema<PartnerKeyDoc>(
  {
    _id: String,
    community_id: { type: String, required: true },
    name: { type: String, required: true },
    secret_sha256: { type: String, required: true },
    created_by: { type: String, required: true },
    created_at: { type: Date, required: true },
    revoked_at: { type: Date, default: null },
    revoked_by: { type: String, default: null },
  },
  { versionKey: false },
);
partnerKeySchema.index({ community_id: 1, _id: 1 });

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** `<key id>.<secret>`: the id finds the row, the secret is compared by hash in constant time. */
const API_KEY = /^(ptk_[0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9_-]{43})$/;

function toPartnerKey(k: PartnerKeyDoc): PartnerKey {
  return {
    id: k._id,
    community_id: k.community_id,
    name: k.name,
    created_by: k.created_by,
    created_at: k.created_at.toISOString(),
    revoked_at: k.revoked_at ? k.revoked_at.toISOString() : null,
    revoked_by: k.revoked_by ?? null,
  };
}

/**
 * Partner api_keys (Open311 writes): issued by an operator of the community (or an admin), shown once, stored
 * hashed, revoked at once. A key is valid only for its community.
 */
export function createPartnerKeys(deps: { conn: Connection; requireCommunity(community_id: string): Promise<unknown> }) {
  const PartnerKeyModel = modelOn(deps.conn, 'PartnerKey', partnerKeySchema, 'partner_keys');

  return {
    async issue(actor: UserActor, community_id: string, name: string) {
      assertCommunityRole(actor, community_id, ['operator']);
      await deps.requireCommunity(community_id);
      const secret = randomBytes(32).toString('base64url');
      const doc: PartnerKeyDoc = {
        _id: newId('ptk'),
        community_id,
        name,
        secret_sha256: sha256(secret),
        created_by: actor.user_id,
        created_at: new Date(),
        revoked_at: null,
        revoked_by: null,
      };
      await PartnerKeyModel.create(doc);
      return { key: toPartnerKey(doc), api_key: `${doc._id}.${secret}` };
    },

    async list(actor: UserActor, community_id: string, page: { limit: number; cursor?: string | undefined }) {
      assertCommunityRole(actor, community_id, ['operator']);
      const rows = await pageByCursor(PartnerKeyModel, { community_id }, page);
      return { items: rows.items.map(toPartnerKey), next_cursor: rows.next_cursor };
    },

    /** Revoking twice is fine: the first revocation stays. */
    async revoke(actor: UserActor, community_id: string, key_id: string): Promise<PartnerKey> {
      assertCommunityRole(actor, community_id, ['operator']);
      await PartnerKeyModel.updateOne(
        { _id: key_id, community_id, revoked_at: null },
        { $set: { revoked_at: new Date(), revoked_by: actor.user_id } },
      );
      const doc = await PartnerKeyModel.findOne({ _id: key_id, community_id }).lean<PartnerKeyDoc>();
      if (!doc) throw notFound('partner_key_not_found', '没有这个合作系统密钥');
      return toPartnerKey(doc);
    },

    /** api_key → the partner, or null (unknown, wrong secret, revoked). */
    async authenticate(api_key: string): Promise<PartnerActor | null> {
      const m = API_KEY.exec(api_key);
      if (!m) return null;
      const doc = await PartnerKeyModel.findById(m[1]).lean<PartnerKeyDoc>();
      if (!doc || doc.revoked_at) return null;
      if (!timingSafeEqual(Buffer.from(doc.secret_sha256, 'hex'), Buffer.from(sha256(m[2] as string), 'hex'))) return null;
      return { kind: 'partner', key_id: doc._id, community_id: doc.community_id, name: doc.name };
    },
  };
}
export type PartnerKeys = ReturnType<typeof createPartnerKeys>;

/** Thin handlers of the partner-key routes. */
export function partnerKeyHandlers(keys: PartnerKeys): Handlers<typeof partnerKeyRoutes> {
  return {
    createPartnerKey: ({ actor, params, body }) => keys.issue(actor, params.community_id, body.name),
    listPartnerKeys: ({ actor, params, query }) => keys.list(actor, params.community_id, query),
    revokePartnerKey: ({ actor, params }) => keys.revoke(actor, params.community_id, params.key_id),
  };
}
