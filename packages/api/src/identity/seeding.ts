import type { BodyOf, Role, routes } from '@cc/shared';
import { newId } from '../platform/ids';
import type { CommunityDoc, IdentityModels, KioskDoc, StationDoc, UserDoc } from './models';

/**
 * Idempotent upserts by natural key, for the demo seed and provisioning scripts: running them twice changes nothing
 * but the fields given.
 */
export function createIdentitySeeding(models: IdentityModels) {
  const { User, Community, Station, Kiosk } = models;

  return {
    async community(body: BodyOf<typeof routes.createCommunity>): Promise<CommunityDoc> {
      return (await Community.findOneAndUpdate(
        { code: body.code },
        { $set: body, $setOnInsert: { _id: newId('cmt'), created_at: new Date() } },
        { upsert: true, new: true },
      ).lean<CommunityDoc>()) as CommunityDoc;
    },

    async station(community_id: string, body: BodyOf<typeof routes.createStation>): Promise<StationDoc> {
      return (await Station.findOneAndUpdate(
        { community_id, name: body.name },
        { $set: body, $setOnInsert: { _id: newId('stn'), created_at: new Date() } },
        { upsert: true, new: true },
      ).lean<StationDoc>()) as StationDoc;
    },

    /** The kiosk row only; its secret is set by places.rotateKioskSecret. */
    async kiosk(community_id: string, name: string, station_id: string | null, registered_by: string): Promise<KioskDoc> {
      return (await Kiosk.findOneAndUpdate(
        { community_id, name },
        {
          $set: { station_id },
          $setOnInsert: { _id: newId('ksk'), secret_sha256: '0'.repeat(64), registered_by, last_seen_at: null, created_at: new Date() },
        },
        { upsert: true, new: true },
      ).lean<KioskDoc>()) as KioskDoc;
    },

    async user(u: {
      openid: string;
      nickname: string;
      phone: string | null;
      address: string | null;
      community_id: string | null;
      roles: { role: Role; community_id: string | null }[];
    }): Promise<UserDoc> {
      const now = new Date();
      const { openid, ...fields } = u;
      return (await User.findOneAndUpdate(
        { openid },
        { $set: { ...fields, updated_at: now }, $setOnInsert: { _id: newId('usr'), created_at: now } },
        { upsert: true, new: true },
      ).lean<UserDoc>()) as UserDoc;
    },
  };
}
