import type { Me } from '@cc/shared';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Commands } from '../platform/commands';
import type { JobRunner } from '../platform/jobs';
import { createLocks } from '../platform/lock';
import { createNumbers } from '../platform/numbers';
import type { RealtimeBus } from '../platform/realtime';
import type { CallsConfig } from './config';
import { createCatalogueEditor } from './catalogue-edit';
import { createCallFees, type FeeWallet } from './fees';
import { callModels } from './models';
import { createOpen311 } from './open311';
import { payFeeCommand } from './pay-fee';
import { createCallService, type CallsDeps } from './service';
import { createSlaJobs } from './sla';

export interface CallsModuleDeps {
  conn: Connection;
  redis: Redis;
  logger: Logger;
  /** The platform's job runner: SLA deadlines are its delayed jobs. */
  jobs: JobRunner;
  /** The command kernel: fee payments run on it. */
  commands: Commands;
  config: CallsConfig;
  bus: RealtimeBus;
  publishInbox: CallsDeps['publishInbox'];
  /** Identity, through its service only. */
  profileOf(user_id: string): Promise<Me>;
  hotlineOf(community_id: string): Promise<string>;
  kioskPlaceOf: CallsDeps['kioskPlaceOf'];
  /** Identity's family service: tells family contacts about an emergency. */
  notifyFamily?: CallsDeps['notifyFamily'];
  photosOf?: CallsDeps['photosOf'];
  /** The wallet's paying service and ledger look-ups, for the fee of a resolved call (never its models). */
  wallet: FeeWallet;
  /** How long after a payment left pending to look at it again (after the ledger's recovery had its turn). */
  feeRecheckAfterMs: number;
  /** Identity: a community's name and hotline (Open311's agency and notices); 404 when unknown. */
  communityOf(community_id: string): Promise<{ name: string; hotline: string }>;
}

/** The calls module (便民呼叫): service catalogue, calls and their lifecycle, SLA escalation, emergency alerts. */
export function createCalls(deps: CallsModuleDeps) {
  const models = callModels(deps.conn);
  const numbers = createNumbers(deps.conn);
  // The handler is bound late: the worker may start before the service exists, but runs jobs only after.
  const sla = createSlaJobs(deps.jobs, (call_id, kind) => service.checkDeadline(call_id, kind));
  const service = createCallService({
    models,
    numbers,
    redis: deps.redis,
    profileOf: deps.profileOf,
    hotlineOf: deps.hotlineOf,
    kioskPlaceOf: deps.kioskPlaceOf,
    notifyFamily: deps.notifyFamily,
    photosOf: deps.photosOf,
    logger: deps.logger,
    publish: (to, event) => deps.bus.publish(to, event),
    publishInbox: deps.publishInbox,
    scheduleDeadline: (call_id, kind, at) => sla.schedule(call_id, kind, at),
    slaMinuteMs: 60_000 * deps.config.CALLS_SLA_SCALE,
    rateLimit: { points: deps.config.CALLS_PER_USER_LIMIT, durationS: deps.config.CALLS_PER_USER_WINDOW_SECONDS },
  });
  const catalogue = createCatalogueEditor({
    models,
    seedCatalogue: (community_id) => service.seedCatalogue(community_id),
    requireCommunity: deps.hotlineOf,
  });
  const fees = createCallFees({
    models,
    locks: createLocks(deps.redis),
    wallet: deps.wallet,
    jobs: deps.jobs,
    publish: (to, event) => deps.bus.publish(to, event),
    recheckAfterMs: deps.feeRecheckAfterMs,
  });
  const open311 = createOpen311({
    models,
    calls: service,
    redis: deps.redis,
    communityOf: deps.communityOf,
    defaultJurisdiction: deps.config.OPEN311_DEFAULT_JURISDICTION ?? null,
    writesPerMinute: deps.config.OPEN311_WRITES_PER_MINUTE,
  });
  const payFee = deps.commands.define(payFeeCommand(fees));
  /** The migration for calls made before readable numbers (`pnpm backfill:numbers`). */
  const backfillNumbers = () => numbers.backfill(models.Call, 'call');
  return { service, catalogue, fees, payFee, open311, backfillNumbers };
}
export type Calls = ReturnType<typeof createCalls>;
