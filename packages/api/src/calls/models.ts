import type { CallStatus } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';

export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface ServiceAttributeDoc {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  order: number;
  description: string;
  datatype_description: string | null;
  values: { key: string; name: string }[];
}

/** One entry of a community's service catalogue (Open311 service). Unique per (community, service_code). */
export interface ServiceDoc {
  _id: string;
  community_id: string;
  service_code: string;
  service_name: string;
  description: string;
  group: string;
  keywords: string[];
  type: 'realtime' | 'batch' | 'blackbox';
  attributes: ServiceAttributeDoc[];
  sla: { acknowledge_minutes: number; resolve_minutes: number };
  emergency: boolean;
  /** Absent on entries stored before the flag existed: active. */
  active?: boolean;
  order: number;
  created_at: Date;
  updated_at?: Date;
}

/** The service as it was when a call was made: later catalogue edits leave existing calls alone. */
export interface ServiceSnapshotDoc {
  service_name: string;
  group: string;
  sla: { acknowledge_minutes: number; resolve_minutes: number };
  emergency: boolean;
  attributes: ServiceAttributeDoc[];
}

/** A resolved call's fee: paid once, from the resident's wallet to the provider (see fees.ts). */
export interface CallFeeDoc {
  amount_fen: number;
  status: 'due' | 'paying' | 'paid';
  /** Ledger idempotency key is `callfee:<call>:<attempt>`; a new attempt only after the last surely moved nothing. */
  attempt: number;
  set_by: string;
  set_at: Date;
  paid_at: Date | null;
  transfer_id: string | null;
}

/** Open311 contact fields of a call a partner system submitted (there is no platform user behind it). */
export interface CallContactDoc {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  account_id: string | null;
  device_id: string | null;
}

export interface CallHistoryDoc {
  at: Date;
  actor_id: string | null;
  actor_role: 'resident' | 'operator' | 'provider' | 'admin' | 'system';
  from: CallStatus | null;
  to: CallStatus | null;
  action: string;
  note: string | null;
}

export interface CallDoc {
  _id: string;
  /** The short number people read out (2412-0387, platform/numbers.ts); unique. */
  number: string;
  /** `${requester_id}:${Idempotency-Key}` (`kiosk:${kiosk_id}:…` when anonymous) — a replay returns the first call. */
  idempotency_key: string;
  params_hash: string;
  community_id: string;
  service_code: string;
  service_name: string;
  /** null only for an anonymous 紧急求助 at a kiosk (no card login). */
  requester_id: string | null;
  channel: 'miniapp' | 'kiosk' | 'hotline' | 'open311';
  /** The terminal a kiosk call was raised at. */
  kiosk_id?: string | null;
  taken_by: string | null;
  priority: 'emergency' | 'normal';
  status: CallStatus;
  description: string;
  address: string;
  location: { lat: number; lng: number } | null;
  attributes: Record<string, unknown>;
  preferred_time: Date | null;
  provider_id: string | null;
  acknowledge_by: Date;
  resolve_by: Date | null;
  expected_datetime: Date;
  escalation_level: number;
  /** Deadlines already escalated (ack, resolve): each escalates once. */
  escalated: string[];
  service_notice: string | null;
  rating: number | null;
  rating_comment: string | null;
  /** Attached photos (upload ids and their URLs, copied so a call never has to ask the uploads module again). */
  photos?: { id: string; url: string }[];
  history: CallHistoryDoc[];
  /** Absent on calls made before snapshots were kept: read from the catalogue then. */
  service_snapshot?: ServiceSnapshotDoc | null;
  fee?: CallFeeDoc | null;
  /** Open311: the partner key it came through, the person's contact, a media link, and the token of the request. */
  partner_key_id?: string | null;
  /** The partner system's name, kept with the call so pages can say who passed it on. */
  partner_name?: string | null;
  contact?: CallContactDoc | null;
  media_url?: string | null;
  open311_token?: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A provider's skills (service codes) in one community, and their aggregated rating there. */
export interface ProviderSkillDoc {
  _id: string;
  community_id: string;
  user_id: string;
  skills: string[];
  rating_sum: number;
  rating_count: number;
  updated_at: Date;
}

const serviceSchema = new Schema<ServiceDoc>(
  {
    _id: String,
    community_id: { type: String, required: true },
    service_code: { type: String, required: true },
    service_name: { type: String, required: true },
    description: { type: String, default: '' },
    group: { type: String, required: true },
    keywords: { type: [String], default: [] },
    type: { type: String, required: true },
    attributes: [
      {
        _id: false,
        code: String,
        datatype: String,
        required: Boolean,
        order: Number,
        description: String,
        datatype_description: { type: String, default: null },
        values: [{ _id: false, key: String, name: String }],
      },
    ],
    sla: { acknowledge_minutes: Number, resolve_minutes: Number },
    emergency: { type: Boolean, default: false },
    active: { type: Boolean, default: true },
    order: { type: Number, default: 0 },
    created_at: { type: Date, required: true },
    updated_at: { type: Date },
  },
  { versionKey: false },
);
serviceSchema.index({ community_id: 1, service_code: 1 }, { unique: true });

const callSchema = new Schema<CallDoc>(
  {
    _id: String,
    number: { type: String },
    idempotency_key: { type: String, required: true, unique: true },
    params_hash: { type: String, required: true },
    community_id: { type: String, required: true },
    service_code: { type: String, required: true },
    service_name: { type: String, required: true },
    requester_id: { type: String, default: null },
    channel: { type: String, required: true },
    kiosk_id: { type: String, default: null },
    taken_by: { type: String, default: null },
    priority: { type: String, required: true },
    status: { type: String, required: true },
    description: { type: String, default: '' },
    address: { type: String, required: true },
    location: { type: new Schema({ lat: Number, lng: Number }, { _id: false }), default: null },
    attributes: { type: Schema.Types.Mixed, default: {} },
    preferred_time: { type: Date, default: null },
    provider_id: { type: String, default: null },
    acknowledge_by: { type: Date, required: true },
    resolve_by: { type: Date, default: null },
    expected_datetime: { type: Date, required: true },
    escalation_level: { type: Number, default: 0 },
    escalated: { type: [String], default: [] },
    service_notice: { type: String, default: null },
    rating: { type: Number, default: null },
    rating_comment: { type: String, default: null },
    photos: { type: [{ _id: false, id: String, url: String }], default: [] },
    history: [
      {
        _id: false,
        at: Date,
        actor_id: { type: String, default: null },
        actor_role: String,
        from: { type: String, default: null },
        to: { type: String, default: null },
        action: String,
        note: { type: String, default: null },
      },
    ],
    service_snapshot: { type: Schema.Types.Mixed, default: null },
    fee: {
      type: new Schema(
        {
          amount_fen: Number,
          status: String,
          attempt: Number,
          set_by: String,
          set_at: Date,
          paid_at: { type: Date, default: null },
          transfer_id: { type: String, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    partner_key_id: { type: String, default: null },
    partner_name: { type: String, default: null },
    contact: {
      type: new Schema(
        { first_name: String, last_name: String, email: String, phone: String, account_id: String, device_id: String },
        { _id: false },
      ),
      default: null,
    },
    media_url: { type: String, default: null },
    open311_token: { type: String, default: null },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
callSchema.index({ requester_id: 1, service_code: 1, status: 1 });
callSchema.index({ community_id: 1, status: 1 });
callSchema.index({ provider_id: 1, status: 1 });
// The operator queue (emergency < normal as strings, then the nearest deadline) and Open311's date window.
callSchema.index({ community_id: 1, priority: 1, expected_datetime: 1, _id: 1 });
callSchema.index({ community_id: 1, created_at: -1 });
callSchema.index({ open311_token: 1 });
// Sparse: calls older than the numbers have none until `pnpm backfill:numbers` gives them one.
callSchema.index({ number: 1 }, { unique: true, sparse: true });

const skillSchema = new Schema<ProviderSkillDoc>(
  {
    _id: String,
    community_id: { type: String, required: true },
    user_id: { type: String, required: true },
    skills: { type: [String], default: [] },
    rating_sum: { type: Number, default: 0 },
    rating_count: { type: Number, default: 0 },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false },
);
skillSchema.index({ community_id: 1, user_id: 1 }, { unique: true });
skillSchema.index({ community_id: 1, skills: 1 });

export function callModels(conn: Connection) {
  return {
    Service: modelOn(conn, 'CallService', serviceSchema, 'call_services'),
    Call: modelOn(conn, 'Call', callSchema, 'calls'),
    ProviderSkill: modelOn(conn, 'ProviderSkill', skillSchema, 'call_provider_skills'),
  };
}
export type CallModels = ReturnType<typeof callModels>;
