import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';

/** One 找工作人员 press at a kiosk, waiting until an operator marks 已到场. */
export interface StaffAlertDoc {
  _id: string;
  community_id: string;
  kiosk_id: string;
  kiosk_name: string;
  station_name: string;
  address: string;
  reason: 'general' | 'card' | 'payment' | 'shopping';
  status: 'waiting' | 'arrived';
  created_at: Date;
  arrived_at: Date | null;
  arrived_by: string | null;
  arrived_by_name: string | null;
}

const staffAlertSchema = new Schema<StaffAlertDoc>(
  {
    _id: String,
    community_id: { type: String, required: true },
    kiosk_id: { type: String, required: true },
    kiosk_name: { type: String, required: true },
    station_name: { type: String, required: true },
    address: { type: String, required: true },
    reason: { type: String, required: true },
    status: { type: String, required: true },
    created_at: { type: Date, required: true },
    arrived_at: { type: Date, default: null },
    arrived_by: { type: String, default: null },
    arrived_by_name: { type: String, default: null },
  },
  { versionKey: false },
);
// The operator pages' list: a community's alerts, newest first.
staffAlertSchema.index({ community_id: 1, created_at: -1 });

export function staffModels(conn: Connection) {
  return { StaffAlert: modelOn(conn, 'StaffAlert', staffAlertSchema, 'staff_alerts') };
}
export type StaffModels = ReturnType<typeof staffModels>;
