import { COURIER_RATING_MAX, type CommunityCourier, type CourierRating } from '@cc/shared';
import { assertCommunityRole, type UserActor } from '../../platform/actor';
import { conflict, notFound } from '../../platform/problem';
import type { TaskCtx } from './context';
import type { CourierDutyDoc, DeliveryTaskDoc } from './models';
import { loadTask } from './transition';

/**
 * Dispatch weighs ratings as a Bayesian average: every courier starts with PRIOR_WEIGHT ratings of PRIOR_STARS, so
 * one 5-star rating does not outrank a long record of 4.8, and a new courier is neither favoured nor punished much.
 */
const PRIOR_STARS = 4;
const PRIOR_WEIGHT = 5;
/** One star below the best counts as this much more distance to the pickup when dispatch compares couriers. */
export const RATING_STAR_AS_M = 500;

const notDelivered = () => conflict('task_not_delivered', '送达后才能评价配送员');
const rated = () => conflict('already_rated', '这单已经评价过了');

/** The courier's average for dispatch (Bayesian, see PRIOR_*). */
export function dispatchStars(d: Pick<CourierDutyDoc, 'rating_sum' | 'rating_count'>): number {
  return ((d.rating_sum ?? 0) + PRIOR_STARS * PRIOR_WEIGHT) / ((d.rating_count ?? 0) + PRIOR_WEIGHT);
}

/** What dispatch minimises among couriers of equal load: metres to the pickup plus RATING_STAR_AS_M per missing star. */
export function dispatchCostM(distance_m: number, d: Pick<CourierDutyDoc, 'rating_sum' | 'rating_count'>): number {
  return distance_m + RATING_STAR_AS_M * (COURIER_RATING_MAX - dispatchStars(d));
}

/**
 * The buyer rates the courier of a delivered task, once: the rating is set on the task with `rating: null` in the
 * filter (of two racing ratings one wins, the other is 409 already_rated), then the courier's sum and count move by
 * one $inc on their duty document — atomic, so any number of buyers rating at once add up exactly. A crash between
 * the two updates would leave one rating out of the average (never in twice).
 */
export async function rateCourier(
  C: TaskCtx,
  actor: UserActor,
  task_id: string,
  body: { stars: number; comment?: string | undefined },
): Promise<CourierRating> {
  const t = await loadTask(C, task_id);
  if (t.buyer_id !== actor.user_id) throw notFound('delivery_task_not_found', '配送任务不存在');
  if (t.status !== 'delivered' || !t.courier_id) throw notDelivered();
  if (t.rating) throw rated();
  const rating = { stars: body.stars, comment: body.comment ?? null, at: new Date() };
  const updated = await C.models.Task.findOneAndUpdate(
    { _id: task_id, buyer_id: actor.user_id, status: 'delivered', rating: null },
    { $set: { rating } },
    { new: true },
  ).lean<DeliveryTaskDoc>();
  if (!updated) throw rated();
  await C.models.Duty.updateOne({ _id: t.courier_id }, { $inc: { rating_sum: body.stars, rating_count: 1 } });
  return { task_id, courier_id: t.courier_id, stars: rating.stars, comment: rating.comment, rated_at: rating.at.toISOString() };
}

const COURIERS_MAX = 200;

/** The community's couriers for its operators: duty, load and rating (plain average, 1 decimal; null until rated). */
export async function listCouriers(C: TaskCtx, actor: UserActor, community_id: string): Promise<{ items: CommunityCourier[] }> {
  assertCommunityRole(actor, community_id, ['operator']);
  const duties = await C.models.Duty.find({ community_id }).sort({ on_duty: -1, _id: 1 }).limit(COURIERS_MAX).lean<CourierDutyDoc[]>();
  return {
    items: duties.map((d) => {
      const count = d.rating_count ?? 0;
      return {
        courier_id: d._id,
        on_duty: d.on_duty,
        station_id: d.station_id,
        active_tasks: d.active_tasks,
        max_tasks: C.config.maxTasksPerCourier,
        rating: { average: count > 0 ? Math.round(((d.rating_sum ?? 0) / count) * 10) / 10 : null, count },
      };
    }),
  };
}
