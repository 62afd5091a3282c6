import type { DeliveryTaskAction, DeliveryTaskActorRole, DeliveryTaskStatus } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../../platform/db';

export type LatLngDoc = { lat: number; lng: number };
export interface PlaceDoc {
  label: string;
  address: string;
  location: LatLngDoc;
  station_id: string | null;
}

/**
 * One code a party says to the courier: random, attempt-limited, never shown to anyone but that party. Locked is
 * derived (wrong_attempts ≥ DELIVERY_CODE_ATTEMPTS_MAX), so the count's one atomic $inc is also the lock.
 */
export interface CodeDoc {
  value: string;
  wrong_attempts: number;
}

export interface TaskHistoryDoc {
  at: Date;
  action: DeliveryTaskAction | 'unlock_code';
  from: DeliveryTaskStatus;
  to: DeliveryTaskStatus;
  actor_id: string | null;
  actor_role: DeliveryTaskActorRole;
  position: LatLngDoc | null;
  reason: string | null;
}

/** One delivery of one order (dlv_): created from the orders module's port, one per order (unique order_id). */
export interface DeliveryTaskDoc {
  _id: string;
  order_id: string;
  /** The order's readable number (null on tasks made before it was kept). */
  order_number: string | null;
  community_id: string;
  buyer_id: string;
  merchant_id: string;
  /** The merchant's owner: the one person shown the pickup code. */
  seller_id: string;
  status: DeliveryTaskStatus;
  slot_key: string;
  slot_starts_at: Date;
  pickup: PlaceDoc;
  drop: PlaceDoc;
  distance_m: number;
  fee_fen: number;
  courier_id: string | null;
  codes: { pickup: CodeDoc; delivery: CodeDoc };
  fee_paid: boolean;
  /** The village trip it rides in (trips.ts); absent on tasks made before trips existed. */
  trip_id?: string | null;
  /** How its delivery was proven (proof.ts, kiosk.ts). */
  proof?: ProofDoc | null;
  /** Left at its drop station by the courier, with the photo (proof.ts). */
  station_drop?: { at: Date; courier_id: string; upload_id: string; photo_url: string } | null;
  history: TaskHistoryDoc[];
  /** The buyer's rating of the courier after delivery: set once (null in the filter), see ratings.ts. */
  rating?: { stars: number; comment: string | null; at: Date } | null;
  /** The first 无人应答 at the door of a person registered as elderly living alone, and the call it opened (welfare.ts). */
  welfare_check?: {
    at: Date;
    note: string;
    position: LatLngDoc;
    courier_id: string;
    call_id: string | null;
    /** The call's readable number, kept with its id (older checks lack it). */
    call_number?: string | null;
  } | null;
  /** Where a failed task's goods went back to (aftercare.ts). */
  returned_to?: PlaceDoc | null;
  created_at: Date;
  updated_at: Date;
}

export type ProofDoc =
  | { kind: 'code'; at: Date }
  | { kind: 'photo'; at: Date; upload_id: string; photo_url: string; reason: string; note: string }
  | { kind: 'card'; at: Date; kiosk_id: string };

/**
 * A village trip (trp_): the open tasks of one slot dropped at one station, grouped as they are created (trips.ts).
 * `task_count` mirrors task_ids' length so a claim's filter can hold "the trip I counted units for".
 */
export interface TripDoc {
  _id: string;
  community_id: string;
  station_id: string;
  station_name: string;
  slot_key: string;
  slot_starts_at: Date;
  seq: number;
  status: 'open' | 'claimed';
  courier_id: string | null;
  task_ids: string[];
  task_count: number;
  fee_fen: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * A courier's duty (one per courier, _id = user id). `active_tasks` is the guarded counter that enforces the maximum:
 * a claim first takes a unit with `active_tasks < max` in the filter, so no race can take more than the maximum.
 */
export interface CourierDutyDoc {
  _id: string;
  on_duty: boolean;
  community_id: string | null;
  station_id: string | null;
  home: LatLngDoc | null;
  active_tasks: number;
  /** The residents' ratings, summed and counted by one $inc each (ratings.ts): average = sum / count. */
  rating_sum?: number;
  rating_count?: number;
  updated_at: Date;
}

/** Fee rule per community or village (_id = community id). */
export interface FeeRuleDoc {
  _id: string;
  base_fee_fen: number;
  per_km_fen: number;
  updated_at: Date;
}

const Place = {
  label: String,
  address: String,
  location: { lat: Number, lng: Number },
  station_id: { type: String, default: null },
};
const Code = { value: String, wrong_attempts: Number };

const historySchema = new Schema<TaskHistoryDoc>(
  {
    at: Date,
    action: String,
    from: String,
    to: String,
    actor_id: { type: String, default: null },
    actor_role: String,
    position: { type: Schema.Types.Mixed, default: null },
    reason: { type: String, default: null },
  },
  { _id: false },
);

const taskSchema = new Schema<DeliveryTaskDoc>(
  {
    _id: String,
    order_id: { type: String, required: true, unique: true },
    order_number: { type: String, default: null },
    community_id: { type: String, required: true },
    buyer_id: { type: String, required: true },
    merchant_id: { type: String, required: true },
    seller_id: { type: String, required: true },
    status: { type: String, required: true },
    slot_key: { type: String, required: true },
    slot_starts_at: { type: Date, required: true },
    pickup: Place,
    drop: Place,
    distance_m: { type: Number, required: true },
    fee_fen: { type: Number, required: true },
    courier_id: { type: String, default: null },
    codes: { pickup: Code, delivery: Code },
    fee_paid: { type: Boolean, default: false },
    trip_id: { type: String, default: null },
    proof: { type: Schema.Types.Mixed, default: null },
    station_drop: { type: Schema.Types.Mixed, default: null },
    history: { type: [historySchema], default: [] },
    rating: { type: Schema.Types.Mixed, default: null },
    welfare_check: { type: Schema.Types.Mixed, default: null },
    returned_to: { type: Schema.Types.Mixed, default: null },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
// "Near me" without geo operators (DESIGN §3): a bounding box on indexed coordinates of open tasks, then haversine.
taskSchema.index({ status: 1, 'pickup.location.lat': 1, 'pickup.location.lng': 1 });
taskSchema.index({ courier_id: 1, status: 1 });
taskSchema.index({ community_id: 1, status: 1 });
// The kiosk's 取件 list: parcels waiting at one station for one person.
taskSchema.index({ 'drop.station_id': 1, status: 1, buyer_id: 1 });

const tripSchema = new Schema<TripDoc>(
  {
    _id: String,
    community_id: { type: String, required: true },
    station_id: { type: String, required: true },
    station_name: String,
    slot_key: { type: String, required: true },
    slot_starts_at: Date,
    seq: { type: Number, required: true },
    status: { type: String, required: true },
    courier_id: { type: String, default: null },
    task_ids: { type: [String], default: [] },
    task_count: { type: Number, required: true },
    fee_fen: { type: Number, required: true },
    created_at: Date,
    updated_at: Date,
  },
  { versionKey: false },
);
// One trip per (station, slot, seq): two tasks racing to open the next trip make one.
tripSchema.index({ station_id: 1, slot_key: 1, seq: 1 }, { unique: true });
tripSchema.index({ community_id: 1, status: 1 });

const dutySchema = new Schema<CourierDutyDoc>(
  {
    _id: String,
    on_duty: { type: Boolean, required: true },
    community_id: { type: String, default: null },
    station_id: { type: String, default: null },
    home: { type: Schema.Types.Mixed, default: null },
    active_tasks: { type: Number, required: true, default: 0 },
    rating_sum: { type: Number, default: 0 },
    rating_count: { type: Number, default: 0 },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false },
);
dutySchema.index({ community_id: 1, on_duty: 1, active_tasks: 1 });

const feeSchema = new Schema<FeeRuleDoc>(
  { _id: String, base_fee_fen: Number, per_km_fen: Number, updated_at: Date },
  { versionKey: false },
);

export function taskModels(conn: Connection) {
  return {
    Task: modelOn(conn, 'DeliveryTask', taskSchema, 'delivery_tasks'),
    Duty: modelOn(conn, 'CourierDuty', dutySchema, 'delivery_courier_duty'),
    FeeRule: modelOn(conn, 'DeliveryFeeRule', feeSchema, 'delivery_fee_rules'),
    Trip: modelOn(conn, 'DeliveryTrip', tripSchema, 'delivery_trips'),
  };
}
export type TaskModels = ReturnType<typeof taskModels>;
