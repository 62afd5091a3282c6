import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BodyOf, Community, Kiosk, Station, routes } from '@cc/shared';
import { assertCommunityRole, type TerminalActor, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { pageByCursor } from '../platform/pagination';
import { conflict, notFound } from '../platform/problem';
import type { CommunityDoc, IdentityModels, KioskDoc, StationDoc } from './models';

type CreateCommunity = BodyOf<typeof routes.createCommunity>;
type CreateStation = BodyOf<typeof routes.createStation>;
type UpdateStation = BodyOf<typeof routes.updateStation>;
type RegisterKiosk = BodyOf<typeof routes.registerKiosk>;
type Page = { limit: number; cursor?: string };

/** A terminal that sent a heartbeat within this window is shown as online. */
const ONLINE_WINDOW_MS = 2 * 60 * 1000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function toCommunity(c: CommunityDoc): Community {
  const { _id, created_at, ...rest } = c;
  return { id: _id, ...rest, location: { lat: c.location.lat, lng: c.location.lng }, created_at: created_at.toISOString() };
}

export function toStation(s: StationDoc): Station {
  const { _id, created_at, ...rest } = s;
  return { id: _id, ...rest, location: { lat: s.location.lat, lng: s.location.lng }, created_at: created_at.toISOString() };
}

export function toKiosk(k: KioskDoc, now = Date.now()): Kiosk {
  return {
    id: k._id,
    community_id: k.community_id,
    station_id: k.station_id,
    name: k.name,
    last_seen_at: k.last_seen_at ? k.last_seen_at.toISOString() : null,
    online: k.last_seen_at !== null && now - k.last_seen_at.getTime() < ONLINE_WINDOW_MS,
    created_at: k.created_at.toISOString(),
  };
}

type PlaceDeps = { models: IdentityModels };
type RequireCommunity = (community_id: string) => Promise<CommunityDoc>;

/** Communities and villages, their stations, and the kiosk terminals placed in them. */
export function createPlaceService(deps: PlaceDeps) {
  const { Community } = deps.models;

  async function requireCommunity(community_id: string): Promise<CommunityDoc> {
    const c = await Community.findById(community_id).lean<CommunityDoc>();
    if (!c) throw notFound('community_not_found', '社区或村不存在');
    return c;
  }

  return {
    requireCommunity,
    ...communitiesAndStations(deps, requireCommunity),
    ...kioskTerminals(deps, requireCommunity),
  };
}
export type PlaceService = ReturnType<typeof createPlaceService>;

function communitiesAndStations(deps: PlaceDeps, requireCommunity: RequireCommunity) {
  const { Community, Station } = deps.models;
  return {
    async listCommunities(query: Page & { kind?: 'community' | 'village' }) {
      const page = await pageByCursor(Community, query.kind ? { kind: query.kind } : {}, query);
      return { items: page.items.map(toCommunity), next_cursor: page.next_cursor };
    },

    getCommunity: async (community_id: string) => toCommunity(await requireCommunity(community_id)),

    async createCommunity(body: CreateCommunity): Promise<Community> {
      try {
        const doc = await Community.create({ _id: newId('cmt'), ...body, created_at: new Date() });
        return toCommunity(doc.toObject());
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw conflict('community_code_taken', '该社区编码已被使用');
        throw err;
      }
    },

    async listStations(community_id: string, query: Page) {
      await requireCommunity(community_id);
      const page = await pageByCursor(Station, { community_id }, query);
      return { items: page.items.map(toStation), next_cursor: page.next_cursor };
    },

    async createStation(actor: UserActor, community_id: string, body: CreateStation): Promise<Station> {
      assertCommunityRole(actor, community_id, ['operator']);
      await requireCommunity(community_id);
      try {
        const doc = await Station.create({ _id: newId('stn'), community_id, ...body, created_at: new Date() });
        return toStation(doc.toObject());
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw conflict('station_name_taken', '本社区已有同名服务站');
        throw err;
      }
    },

    async updateStation(actor: UserActor, station_id: string, patch: UpdateStation): Promise<Station> {
      const current = await Station.findById(station_id).lean<StationDoc>();
      if (!current) throw notFound('station_not_found', '服务站不存在');
      assertCommunityRole(actor, current.community_id, ['operator']);
      let updated: StationDoc | null;
      try {
        updated = await Station.findByIdAndUpdate(station_id, { $set: patch }, { new: true }).lean<StationDoc>();
      } catch (err) {
        // Renamed to the name of another station of the community (found by the API fuzzer: it was a 500).
        if ((err as { code?: number }).code === 11000) throw conflict('station_name_taken', '本社区已有同名服务站');
        throw err;
      }
      if (!updated) throw notFound('station_not_found', '服务站不存在');
      return toStation(updated);
    },
  };
}

/** The kiosk terminals placed in communities: registration, credentials, heartbeat. */
function kioskTerminals(deps: PlaceDeps, requireCommunity: RequireCommunity) {
  const { Station, Kiosk } = deps.models;

  async function stationIn(community_id: string, station_id: string): Promise<StationDoc> {
    const s = await Station.findOne({ _id: station_id, community_id }).lean<StationDoc>();
    if (!s) throw notFound('station_not_found', '该社区没有这个服务站');
    return s;
  }

  async function context(kiosk: KioskDoc) {
    const community = await requireCommunity(kiosk.community_id);
    const station = kiosk.station_id ? await Station.findById(kiosk.station_id).lean<StationDoc>() : null;
    return {
      kiosk: toKiosk(kiosk),
      community: toCommunity(community),
      station: station ? toStation(station) : null,
      server_time: new Date().toISOString(),
    };
  }

  return {
    async listKiosks(actor: UserActor, community_id: string, query: Page) {
      assertCommunityRole(actor, community_id, ['operator']);
      const page = await pageByCursor(Kiosk, { community_id }, query);
      return { items: page.items.map((k) => toKiosk(k)), next_cursor: page.next_cursor };
    },

    /** Registers a terminal; the secret is returned this once and only its hash is kept. */
    async registerKiosk(actor: UserActor, community_id: string, body: RegisterKiosk) {
      assertCommunityRole(actor, community_id, ['operator']);
      await requireCommunity(community_id);
      if (body.station_id) await stationIn(community_id, body.station_id);
      const terminal_secret = randomBytes(32).toString('base64url');
      const doc = await Kiosk.create({
        _id: newId('ksk'),
        community_id,
        station_id: body.station_id,
        name: body.name,
        secret_sha256: sha256(terminal_secret),
        registered_by: actor.user_id,
        last_seen_at: null,
        created_at: new Date(),
      });
      return { kiosk: toKiosk(doc.toObject()), terminal_secret };
    },

    /** Issues a new secret for a terminal (lost credentials, or the demo seed run again); the old one stops working. */
    async rotateKioskSecret(kiosk_id: string): Promise<string> {
      const terminal_secret = randomBytes(32).toString('base64url');
      const updated = await Kiosk.updateOne({ _id: kiosk_id }, { $set: { secret_sha256: sha256(terminal_secret) } });
      if (updated.matchedCount === 0) throw notFound('kiosk_not_found', '终端不存在');
      return terminal_secret;
    },

    /** Terminal credentials → actor; a constant-time comparison of the secret's hash. */
    async authenticateTerminal(kiosk_id: string, secret: string): Promise<TerminalActor | null> {
      const kiosk = await Kiosk.findById(kiosk_id).lean<KioskDoc>();
      if (!kiosk) return null;
      const expected = Buffer.from(kiosk.secret_sha256, 'hex');
      const given = Buffer.from(sha256(secret), 'hex');
      if (!timingSafeEqual(expected, given)) return null;
      return { kind: 'terminal', kiosk_id: kiosk._id, community_id: kiosk.community_id };
    },

    async heartbeat(terminal: TerminalActor) {
      const kiosk = await Kiosk.findByIdAndUpdate(
        terminal.kiosk_id,
        { $set: { last_seen_at: new Date() } },
        { new: true },
      ).lean<KioskDoc>();
      if (!kiosk) throw notFound('kiosk_not_found', '终端不存在');
      return context(kiosk);
    },

    async kioskContext(terminal: TerminalActor) {
      const kiosk = await Kiosk.findById(terminal.kiosk_id).lean<KioskDoc>();
      if (!kiosk) throw notFound('kiosk_not_found', '终端不存在');
      return context(kiosk);
    },
  };
}
