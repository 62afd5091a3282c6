import type { StaffAlert } from '@cc/shared';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { assertCommunityRole, type TerminalActor, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { AppError, conflict, notFound } from '../platform/problem';
import type { RealtimeEvent, RealtimeTarget } from '../platform/realtime';
import type { StaffAlertDoc, StaffModels } from './models';

/** What the kiosk says after a press; the same words when the staff were already called a moment ago. */
export const STAFF_COMING = '工作人员马上过来，请在这里稍等。';

export interface StaffDeps {
  models: StaffModels;
  redis: Redis;
  publish(to: RealtimeTarget, event: RealtimeEvent): Promise<void>;
  /** Identity's view of the terminal: its name and the station (or community) where it stands. */
  placeOf(terminal: TerminalActor): Promise<{ kiosk_name: string; station_name: string; address: string }>;
  /** The operator's name as colleagues know it (identity's profile). */
  nameOf(user_id: string): Promise<string>;
  /** A second press from the same terminal within this is refused (429): the first alert is still out. */
  repeatAfterSeconds: number;
}

export function toStaffAlert(d: StaffAlertDoc): StaffAlert {
  return {
    id: d._id,
    community_id: d.community_id,
    kiosk_id: d.kiosk_id,
    kiosk_name: d.kiosk_name,
    station_name: d.station_name,
    address: d.address,
    reason: d.reason,
    status: d.status,
    created_at: d.created_at.toISOString(),
    arrived_at: d.arrived_at?.toISOString() ?? null,
    arrived_by_name: d.arrived_by_name,
  };
}

/** 找工作人员: a kiosk calls the staff of its station; operators see it live and mark 已到场. */
export function createStaffService(deps: StaffDeps) {
  const { StaffAlert: Alert } = deps.models;
  // Shared by every API instance through Redis; ioredis's keyPrefix keeps deployments and test runs apart.
  const presses = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: 'rl:staff-call',
    points: 1,
    duration: deps.repeatAfterSeconds,
  });

  async function limitPresses(kiosk_id: string): Promise<void> {
    try {
      await presses.consume(kiosk_id);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retryAfterS = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new AppError(429, 'staff_call_too_soon', '已经通知工作人员，请在这里稍等', {
        headers: { 'Retry-After': String(retryAfterS) },
      });
    }
  }

  return {
    async callFromKiosk(terminal: TerminalActor, reason: StaffAlertDoc['reason']) {
      await limitPresses(terminal.kiosk_id);
      const place = await deps.placeOf(terminal);
      const doc: StaffAlertDoc = {
        _id: newId('sta'),
        community_id: terminal.community_id,
        kiosk_id: terminal.kiosk_id,
        ...place,
        reason,
        status: 'waiting',
        created_at: new Date(),
        arrived_at: null,
        arrived_by: null,
        arrived_by_name: null,
      };
      await Alert.create(doc);
      const alert = toStaffAlert(doc);
      await deps.publish(
        { operators_of: terminal.community_id },
        {
          type: 'staff.call',
          community_id: terminal.community_id,
          alert,
          message: `找工作人员：${place.station_name} · ${place.kiosk_name}`,
        },
      );
      return { alert, message: STAFF_COMING };
    },

    async list(actor: UserActor, community_id: string) {
      assertCommunityRole(actor, community_id, ['operator']);
      const docs = await Alert.find({ community_id }).sort({ created_at: -1 }).limit(100).lean<StaffAlertDoc[]>();
      return { items: docs.map(toStaffAlert) };
    },

    /** Guarded on `waiting`, so two operators pressing 已到场 at once record one arrival and the other gets 409. */
    async markArrived(actor: UserActor, community_id: string, alert_id: string) {
      assertCommunityRole(actor, community_id, ['operator']);
      const name = await deps.nameOf(actor.user_id);
      const now = new Date();
      const doc = await Alert.findOneAndUpdate(
        { _id: alert_id, community_id, status: 'waiting' },
        { $set: { status: 'arrived', arrived_at: now, arrived_by: actor.user_id, arrived_by_name: name } },
        { new: true },
      ).lean<StaffAlertDoc>();
      if (!doc) {
        const exists = await Alert.exists({ _id: alert_id, community_id });
        if (!exists) throw notFound('staff_alert_not_found', '没有这条找工作人员的提醒');
        throw conflict('staff_alert_closed', '已经有工作人员到场了');
      }
      const alert = toStaffAlert(doc);
      await deps.publish({ operators_of: community_id }, { type: 'staff.arrived', community_id, alert });
      return alert;
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
