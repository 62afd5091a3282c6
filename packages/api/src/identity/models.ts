import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';
import type { Role } from '@cc/shared';

export interface UserDoc {
  _id: string;
  openid: string;
  nickname: string;
  /** Full number, for couriers and providers to call; only ever shown masked, never logged. */
  phone: string | null;
  /** Home community or village; makes the person a resident of it. */
  community_id: string | null;
  /** Registered home address. */
  address: string | null;
  /** Granted roles (resident is derived from community_id and not stored). */
  roles: { role: Role; community_id: string | null }[];
  /** Told when this person calls for emergency help. Phones are full (operators ring them) and never logged. */
  family_contacts?: { name: string; relation: string; phone: string }[];
  /** The address book; phones are full (couriers ring them), shown masked. */
  addresses?: { id: string; label: string; recipient: string; phone: string; detail: string; is_default: boolean }[];
  created_at: Date;
  updated_at: Date;
}

export interface CommunityDoc {
  _id: string;
  code: string;
  name: string;
  kind: 'community' | 'village';
  city: string;
  district: string;
  address: string;
  location: { lat: number; lng: number };
  hotline: string;
  created_at: Date;
}

export interface StationDoc {
  _id: string;
  community_id: string;
  name: string;
  kind: 'pickup' | 'service' | 'village_station';
  address: string;
  location: { lat: number; lng: number };
  phone: string | null;
  opening_hours: { weekday: number; open: string; close: string }[];
  created_at: Date;
}

export interface KioskDoc {
  _id: string;
  community_id: string;
  station_id: string | null;
  name: string;
  /** SHA-256 of the terminal secret: the secret is 32 random bytes, so a fast hash is enough. */
  secret_sha256: string;
  registered_by: string;
  last_seen_at: Date | null;
  created_at: Date;
}

const LatLng = { lat: { type: Number, required: true }, lng: { type: Number, required: true } };

const userSchema = new Schema<UserDoc>(
  {
    _id: String,
    openid: { type: String, required: true, unique: true },
    nickname: { type: String, required: true },
    phone: { type: String, default: null },
    community_id: { type: String, default: null, index: true },
    address: { type: String, default: null },
    roles: [{ _id: false, role: { type: String, required: true }, community_id: { type: String, default: null } }],
    family_contacts: { type: [{ _id: false, name: String, relation: String, phone: String }], default: [] },
    addresses: {
      type: [{ _id: false, id: String, label: String, recipient: String, phone: String, detail: String, is_default: Boolean }],
      default: [],
    },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false },
);
userSchema.index({ 'roles.community_id': 1, 'roles.role': 1 });
// Family contacts who use the app are found by their bound phone.
userSchema.index({ phone: 1 });

const communitySchema = new Schema<CommunityDoc>(
  {
    _id: String,
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    city: String,
    district: String,
    address: String,
    location: LatLng,
    hotline: String,
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);

const stationSchema = new Schema<StationDoc>(
  {
    _id: String,
    community_id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    address: String,
    location: LatLng,
    phone: { type: String, default: null },
    opening_hours: [{ _id: false, weekday: Number, open: String, close: String }],
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);
stationSchema.index({ community_id: 1, name: 1 }, { unique: true });

const kioskSchema = new Schema<KioskDoc>(
  {
    _id: String,
    community_id: { type: String, required: true, index: true },
    station_id: { type: String, default: null },
    name: { type: String, required: true },
    secret_sha256: { type: String, required: true },
    registered_by: { type: String, required: true },
    last_seen_at: { type: Date, default: null },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);

/** The identity module's models, registered on one connection. Other modules never import these. */
export function identityModels(conn: Connection) {
  return {
    User: modelOn<UserDoc>(conn, 'User', userSchema, 'users'),
    Community: modelOn<CommunityDoc>(conn, 'Community', communitySchema, 'communities'),
    Station: modelOn<StationDoc>(conn, 'Station', stationSchema, 'stations'),
    Kiosk: modelOn<KioskDoc>(conn, 'Kiosk', kioskSchema, 'kiosks'),
  };
}
export type IdentityModels = ReturnType<typeof identityModels>;
