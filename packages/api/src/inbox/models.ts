import type { InboxKind } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';

/** What became of the WeChat subscribe message of an item. */
export type PushStatus = 'pending' | 'sending' | 'sent' | 'refused' | 'failed' | 'not_in_app';

export interface InboxItemDoc {
  _id: string;
  /** The publisher's stable id of the happening; unique with user_id, so a replay adds nothing. */
  event_id: string;
  user_id: string;
  kind: InboxKind;
  title: string;
  body: string;
  link: string | null;
  amount_fen: number | null;
  read_at: Date | null;
  /**
   * The subscribe message: `pending` until a run of the send job claims it (`sending`, with the claim time so a claim
   * left by a crash can be taken over), then its outcome, which every later run of the job respects (sent once). The
   * template is recorded with the outcome.
   */
  push: {
    status: PushStatus;
    template_id: string | null;
    claimed_at: Date | null;
    done_at: Date | null;
    /** Runs that claimed it (items stored before the send job have none). */
    tries?: number;
  };
  created_at: Date;
}

/** Messages a person may still get per template: each “accept” in wx.requestSubscribeMessage allows one. */
export interface InboxAllowanceDoc {
  _id: string;
  user_id: string;
  template_id: string;
  remaining: number;
  updated_at: Date;
}

const itemSchema = new Schema<InboxItemDoc>(
  {
    _id: String,
    event_id: { type: String, required: true },
    user_id: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    link: { type: String, default: null },
    amount_fen: { type: Number, default: null },
    read_at: { type: Date, default: null },
    push: {
      status: { type: String, required: true },
      template_id: { type: String, default: null },
      claimed_at: { type: Date, default: null },
      done_at: { type: Date, default: null },
      tries: { type: Number, default: 0 },
    },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);
// Shown once: one item per happening and person, whatever the number of publishes.
itemSchema.index({ event_id: 1, user_id: 1 }, { unique: true });
// The inbox newest first, and the unread count.
itemSchema.index({ user_id: 1, _id: -1 });
itemSchema.index({ user_id: 1, read_at: 1 });

const allowanceSchema = new Schema<InboxAllowanceDoc>(
  {
    _id: String,
    user_id: { type: String, required: true },
    template_id: { type: String, required: true },
    remaining: { type: Number, required: true },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false },
);
allowanceSchema.index({ user_id: 1, template_id: 1 }, { unique: true });

export function inboxModels(conn: Connection) {
  return {
    Item: modelOn(conn, 'InboxItem', itemSchema, 'inbox_items'),
    Allowance: modelOn(conn, 'InboxAllowance', allowanceSchema, 'inbox_allowances'),
  };
}
export type InboxModels = ReturnType<typeof inboxModels>;
