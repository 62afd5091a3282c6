import type { Me } from '@cc/shared';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { RealtimeBus } from '../platform/realtime';
import type { CallsConfig } from './config';
import { callModels } from './models';
import { createCallService } from './service';
import { createSlaJobs } from './sla';

export interface CallsModuleDeps {
  conn: Connection;
  redis: Redis;
  logger: Logger;
  redisUrl: string;
  /** BullMQ prefix, derived from REDIS_KEY_PREFIX. */
  queuePrefix: string;
  config: CallsConfig;
  bus: RealtimeBus;
  /** Identity, through its service only. */
  profileOf(user_id: string): Promise<Me>;
  hotlineOf(community_id: string): Promise<string>;
}

/** The calls module (便民呼叫): service catalogue, calls and their lifecycle, SLA escalation, emergency alerts. */
export function createCalls(deps: CallsModuleDeps) {
  const models = callModels(deps.conn);
  const sla = createSlaJobs({ redisUrl: deps.redisUrl, prefix: deps.queuePrefix, logger: deps.logger });
  const service = createCallService({
    models,
    redis: deps.redis,
    profileOf: deps.profileOf,
    hotlineOf: deps.hotlineOf,
    publish: (to, event) => deps.bus.publish(to, event),
    scheduleDeadline: (call_id, kind, at) => sla.schedule(call_id, kind, at),
    slaMinuteMs: 60_000 * deps.config.CALLS_SLA_SCALE,
    rateLimit: { points: deps.config.CALLS_PER_USER_LIMIT, durationS: deps.config.CALLS_PER_USER_WINDOW_SECONDS },
  });
  return { service, sla, close: () => sla.close() };
}
export type Calls = ReturnType<typeof createCalls>;
