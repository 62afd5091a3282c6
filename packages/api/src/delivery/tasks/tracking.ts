import { DELIVERY_POSITION_EVENT, type BodyOf, type OrderTracking, type routes } from '@cc/shared';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { hasCommunityRole, type UserActor } from '../../platform/actor';
import { AppError, badRequest, conflict, notFound } from '../../platform/problem';
import type { RealtimeTarget } from '../../platform/realtime';
import { toStoredDatum } from './datum';
import { HELD } from './duty';
import { estimateArrival } from './eta';
import { haversineM } from './geo';
import type { DeliveryTaskDoc, TaskModels } from './models';
import { positionStore, type StoredPosition } from './positions';

export interface TrackingConfig {
  positionsPerMinute: number;
  maxSpeedKmh: number;
  positionTtlMs: number;
}

/** GPS fixes wander by tens of metres standing still: a move this small is never called a jump. */
const JITTER_M = 50;
/** How far the device's clock may be ahead of ours, and how old a fix may be when it arrives. */
const AHEAD_MS = 60_000;
const BEHIND_MS = 10 * 60_000;

type Publish = (to: RealtimeTarget, event: { type: string; [key: string]: unknown }) => Promise<void>;

const tooMany = (err: RateLimiterRes) =>
  new AppError(429, 'too_many_positions', '位置上报太频繁，请稍后再报', {
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))) },
  });

/** The tracking of one task as its buyer and operators see it: the courier's position only while the task is held. */
export function trackingView(t: DeliveryTaskDoc, position: StoredPosition | null, now: Date): OrderTracking {
  const shown = HELD.includes(t.status) && t.courier_id && position ? position : null;
  const arrival = shown ? estimateArrival(t.status, shown, { pickup: t.pickup.location, drop: t.drop.location }, now) : null;
  return {
    order_id: t.order_id,
    task_id: t._id,
    status: t.status,
    courier_position: shown ? { lat: shown.lat, lng: shown.lng } : null,
    updated_at: shown ? new Date(shown.at_ms).toISOString() : null,
    remaining_m: arrival?.remaining_m ?? null,
    eta_minutes: arrival?.eta_minutes ?? null,
    eta_at: arrival?.eta_at.toISOString() ?? null,
  };
}

/**
 * Couriers' positions (issue 13 §4): accepted while on duty, rate-limited per courier, refused when faster than
 * DELIVERY_MAX_SPEED_KMH from the last accepted one, kept (positions.ts) only while the courier holds a task, and
 * shown only to the buyers of those tasks and the community's operators — by GET and over the real-time channel.
 */
export function createTracking(deps: { models: TaskModels; redis: Redis; publish: Publish; config: TrackingConfig }) {
  const { models, config } = deps;
  const store = positionStore(deps.redis, config.positionTtlMs);
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: 'rl:courier-pos',
    points: config.positionsPerMinute,
    duration: 60,
  });
  const heldBy = (courier_id: string) => models.Task.find({ courier_id, status: { $in: HELD } }).lean<DeliveryTaskDoc[]>();

  async function consume(courier_id: string): Promise<void> {
    try {
      await limiter.consume(courier_id);
    } catch (err) {
      throw err instanceof RateLimiterRes ? tooMany(err) : err;
    }
  }

  function timeOf(at: string | undefined, now: Date): number {
    const at_ms = at ? Date.parse(at) : now.getTime();
    if (at_ms > now.getTime() + AHEAD_MS || at_ms < now.getTime() - BEHIND_MS)
      throw badRequest('position_time_invalid', '定位时间不对，请检查手机时间', [
        { path: 'body.at', message: '应在最近十分钟内', code: 'position_time_invalid' },
      ]);
    return at_ms;
  }

  /** Stores `next` unless it is older than, or impossibly far from, the last accepted position (nothing stored then). */
  async function accept(courier_id: string, next: StoredPosition): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { raw, position: last } = await store.read(courier_id);
      if (last && next.at_ms <= last.at_ms) throw conflict('position_stale', '这个位置比上次上报的还早，已忽略');
      if (last) {
        const reach_m = ((config.maxSpeedKmh * 1000) / 3_600_000) * (next.at_ms - last.at_ms) + JITTER_M;
        if (haversineM(last, next) > reach_m)
          throw new AppError(422, 'position_jump', `位置跳变过大（超过每小时 ${config.maxSpeedKmh} 公里），已拒绝`);
      }
      if (await store.replace(courier_id, raw, next)) return;
    }
    throw conflict('position_stale', '同时上报了多个位置，请稍后再报');
  }

  async function forgetIfIdle(courier_id: string): Promise<void> {
    if ((await models.Task.countDocuments({ courier_id, status: { $in: HELD } })) === 0) await store.forget(courier_id);
  }

  async function report(actor: UserActor, body: BodyOf<typeof routes.reportMyPosition>) {
    const courier_id = actor.user_id;
    await consume(courier_id);
    const duty = await models.Duty.findById(courier_id).lean();
    if (!duty?.on_duty) throw conflict('courier_off_duty', '您尚未上岗，上岗后才上报位置');
    const now = new Date();
    const next: StoredPosition = { ...toStoredDatum(body, body.coord), at_ms: timeOf(body.at, now) };
    const held = await heldBy(courier_id);
    if (held.length === 0) {
      // Nobody may be shown where a courier without a task is: the heartbeat is answered, the position dropped.
      await store.forget(courier_id);
      return { kept: false, at: new Date(next.at_ms).toISOString(), tasks: 0 };
    }
    await accept(courier_id, next);
    // A task may have ended between the read above and the write: then the position must not outlive it.
    await forgetIfIdle(courier_id);
    await Promise.all(
      held.map((t) =>
        deps.publish(
          { user_ids: [t.buyer_id], operators_of: t.community_id },
          { type: DELIVERY_POSITION_EVENT, ...trackingView(t, next, now) },
        ),
      ),
    );
    return { kept: true, at: new Date(next.at_ms).toISOString(), tasks: held.length };
  }

  /** The buyer of the order, the courier holding its task and the community's operators; everyone else gets 404. */
  async function ofOrder(actor: UserActor, order_id: string): Promise<OrderTracking> {
    const t = await models.Task.findOne({ order_id }).lean<DeliveryTaskDoc>();
    const may =
      t && (actor.user_id === t.buyer_id || actor.user_id === t.courier_id || hasCommunityRole(actor, t.community_id, ['operator']));
    if (!t || !may) throw notFound('delivery_task_not_found', '配送任务不存在');
    const position = t.courier_id && HELD.includes(t.status) ? (await store.read(t.courier_id)).position : null;
    return trackingView(t, position, new Date());
  }

  /**
   * After a task's step: when its courier let go of it (delivered, failed, released, reassigned) and holds no other,
   * the position is forgotten. The step has happened already, so a Redis failure here must not fail it: the TTL
   * forgets the position soon anyway, and no read shows it (views check the task).
   */
  async function afterStep(before: DeliveryTaskDoc, after: DeliveryTaskDoc): Promise<void> {
    const courier_id = before.courier_id;
    if (!courier_id || (after.courier_id === courier_id && HELD.includes(after.status))) return;
    await forgetIfIdle(courier_id).catch(() => undefined);
  }

  return { report, ofOrder, afterStep, forgetIfIdle, positionOf: store.position };
}
export type Tracking = ReturnType<typeof createTracking>;
