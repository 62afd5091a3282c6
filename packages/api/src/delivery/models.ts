import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';

export interface SlotTemplateDoc {
  _id: string;
  community_id: string;
  weekdays: number[];
  /** Asia/Shanghai wall-clock "HH:MM". */
  start: string;
  end: string;
  capacity: number;
  cutoff_minutes: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface SlotExceptionDoc {
  /** `${community_id}|${date}`: one exception per community and day. */
  _id: string;
  community_id: string;
  date: string;
  kind: 'closed' | 'windows';
  reason: string;
  windows: { start: string; end: string; capacity: number; cutoff_minutes: number }[];
  updated_at: Date;
}

/**
 * How many bookings one window of one day holds. Created by the first booking (upsert); the capacity guard is in the
 * booking's filter, so a capacity change by the operator applies to the next booking at once.
 */
export interface SlotCountDoc {
  /** `${community_id}|${slot_key}` */
  _id: string;
  community_id: string;
  date: string;
  booked: number;
}

/** One holder's seat in a window (an order), so booking and release are idempotent per holder. */
export interface SlotBookingDoc {
  /** The holder, e.g. an order id. */
  _id: string;
  community_id: string;
  slot_key: string;
  /** pending: the count is being moved; held: the seat is taken; released: given back (or never got). */
  status: 'pending' | 'held' | 'released';
  created_at: Date;
  released_at: Date | null;
}

const templateSchema = new Schema<SlotTemplateDoc>(
  {
    _id: String,
    community_id: { type: String, required: true, index: true },
    weekdays: { type: [Number], required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
    capacity: { type: Number, required: true },
    cutoff_minutes: { type: Number, required: true },
    active: { type: Boolean, default: true },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false },
);

const exceptionSchema = new Schema<SlotExceptionDoc>(
  {
    _id: String,
    community_id: { type: String, required: true, index: true },
    date: { type: String, required: true },
    kind: { type: String, required: true },
    reason: { type: String, required: true },
    windows: { type: [{ _id: false, start: String, end: String, capacity: Number, cutoff_minutes: Number }], default: [] },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false },
);

const countSchema = new Schema<SlotCountDoc>(
  {
    _id: String,
    community_id: { type: String, required: true },
    date: { type: String, required: true },
    booked: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);
countSchema.index({ community_id: 1, date: 1 });

const bookingSchema = new Schema<SlotBookingDoc>(
  {
    _id: String,
    community_id: { type: String, required: true },
    slot_key: { type: String, required: true },
    status: { type: String, required: true },
    created_at: { type: Date, required: true },
    released_at: { type: Date, default: null },
  },
  { versionKey: false },
);
bookingSchema.index({ community_id: 1, slot_key: 1, status: 1 });

export function deliveryModels(conn: Connection) {
  return {
    SlotTemplate: modelOn(conn, 'SlotTemplate', templateSchema, 'delivery_slot_templates'),
    SlotException: modelOn(conn, 'SlotException', exceptionSchema, 'delivery_slot_exceptions'),
    SlotCount: modelOn(conn, 'SlotCount', countSchema, 'delivery_slot_counts'),
    SlotBooking: modelOn(conn, 'SlotBooking', bookingSchema, 'delivery_slot_bookings'),
  };
}
export type DeliveryModels = ReturnType<typeof deliveryModels>;
