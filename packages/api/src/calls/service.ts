import type { Me, PublishInboxEvent } from '@cc/shared';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Numbers } from '../platform/numbers';
import type { RealtimeEvent, RealtimeTarget } from '../platform/realtime';
import { aftercare } from './aftercare';
import { creating } from './create';
import { handling } from './handling';
import type { CallContactDoc, CallDoc, CallModels } from './models';
import { catalogueAndLists } from './queries';

export { validateAttributes } from './attributes';
export { CLOSED_STATUSES, OPEN_STATUSES, TRANSITIONS, type CallAction } from './statuses';
export { snapshotOf, toCall, toService } from './views';

export type Channel = CallDoc['channel'];
export interface CreateCallInput {
  service_code: string;
  description?: string | undefined;
  address?: string | undefined;
  location?: { lat: number; lng: number } | undefined;
  attributes?: Record<string, unknown> | undefined;
  preferred_time?: string | undefined;
  confirm_new?: boolean | undefined;
  /** Uploads of the sender (the resident, or the operator taking a hotline call). */
  photo_ids?: string[] | undefined;
}

export interface KioskPlace {
  kiosk_name: string;
  /** The station's name, else the community's. */
  place_name: string;
  address: string;
  location: { lat: number; lng: number };
}

/** How one family contact was told about an emergency (from identity's family service). */
type FamilyNotice = {
  name: string;
  relation: string;
  phone: string;
  phone_masked: string;
  user_id: string | null;
  wechat: 'sent' | 'refused' | 'failed' | 'not_in_app';
};

/** A call a partner system submits over Open311: who sent it, the person's contact, and its own rate limit. */
export interface PartnerSubmission {
  key_id: string;
  name: string;
  contact: CallContactDoc;
  media_url: string | null;
  /** The Open311 token of the request (GET /tokens/{token}.json). */
  token: string;
  /** Consumes the partner's write limit (429 above it); called once the input is known to be good. */
  consume(): Promise<void>;
}

export interface CallsDeps {
  models: CallModels;
  /** Readable call numbers (platform/numbers.ts). */
  numbers: Numbers;
  redis: Redis;
  /** Identity, through its service only. */
  profileOf(user_id: string): Promise<Me>;
  hotlineOf(community_id: string): Promise<string>;
  /** Where a kiosk terminal stands (its station, else the community office): the place of a 紧急求助 pressed there. */
  kioskPlaceOf(kiosk_id: string, community_id: string): Promise<KioskPlace>;
  publish(to: RealtimeTarget, event: RealtimeEvent): Promise<void>;
  /** The inbox's publish: the resident is told when their call is acknowledged, assigned, resolved or late. */
  publishInbox: PublishInboxEvent;
  logger?: Pick<Logger, 'warn'>;
  /** Uploads, through their service: the photos must be the sender's own uploads (400 otherwise). */
  photosOf?(ids: readonly string[], uploader_id: string, field: string): Promise<{ id: string; url: string }[]>;
  /** Identity tells the person's family contacts about an emergency (WeChat message when they use the app). */
  notifyFamily?(user_id: string, alert: { call_id: string; service_name: string; address: string; at: Date }): Promise<FamilyNotice[]>;
  /** Schedules the SLA check of a deadline (BullMQ delayed job). */
  scheduleDeadline(call_id: string, kind: 'ack' | 'resolve', at: Date): Promise<void>;
  /** One SLA minute in milliseconds (60 000; compressed in tests). */
  slaMinuteMs: number;
  rateLimit: { points: number; durationS: number };
}

/** Convenience calls: the catalogue, creating calls, their lifecycle, ratings and SLA escalation. */
export function createCallService(deps: CallsDeps) {
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: 'rl:calls',
    points: deps.rateLimit.points,
    duration: deps.rateLimit.durationS,
  });
  return {
    ...catalogueAndLists(deps),
    ...creating(deps, limiter),
    ...handling(deps),
    ...aftercare(deps),
  };
}
export type CallService = ReturnType<typeof createCallService>;
