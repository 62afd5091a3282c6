import type { BodyOf, DeliveryTask, QueryOf, routes } from '@cc/shared';
import { assertCommunityRole, hasCommunityRole, type UserActor } from '../../platform/actor';
import { pageByCursor, pageBySort, pageNewestFirst } from '../../platform/pagination';
import { notFound } from '../../platform/problem';
import type { TaskCtx } from './context';
import type { DeliveryTaskDoc, FeeRuleDoc } from './models';
import { toTask } from './present';
import { loadTask } from './transition';

/** Not picked up yet: what is late once its slot has started. */
const HELD_BEFORE_PICKUP = ['open', 'claimed'];

const missing = () => notFound('delivery_task_not_found', '配送任务不存在');

/**
 * Who may see a task: its buyer and seller, the courier holding it, the community's operators, and — while it is open
 * — the community's couriers. Everyone else is told it does not exist.
 */
function maySee(actor: UserActor, t: DeliveryTaskDoc): boolean {
  if ([t.buyer_id, t.seller_id, t.courier_id].includes(actor.user_id)) return true;
  if (hasCommunityRole(actor, t.community_id, ['operator'])) return true;
  return t.status === 'open' && hasCommunityRole(actor, t.community_id, ['courier']);
}

export async function getTask(C: TaskCtx, actor: UserActor, task_id: string): Promise<DeliveryTask> {
  const t = await loadTask(C, task_id);
  if (!maySee(actor, t)) throw missing();
  return toTask(t, actor.user_id);
}

/** The order's task for its buyer (with the delivery code) or seller (with the pickup code), or whoever may see it. */
export async function getOrderDelivery(C: TaskCtx, actor: UserActor, order_id: string): Promise<DeliveryTask> {
  const t = await C.models.Task.findOne({ order_id }).lean<DeliveryTaskDoc>();
  if (!t || !maySee(actor, t)) throw missing();
  return toTask(t, actor.user_id);
}

export async function getFeeRule(C: TaskCtx, actor: UserActor, community_id: string) {
  assertCommunityRole(actor, community_id, ['operator']);
  const rule = (await C.models.FeeRule.findById(community_id).lean<FeeRuleDoc>()) ?? C.config.defaultFee;
  return { community_id, base_fee_fen: rule.base_fee_fen, per_km_fen: rule.per_km_fen };
}

export async function setFeeRule(C: TaskCtx, actor: UserActor, community_id: string, body: BodyOf<typeof routes.setDeliveryFeeRule>) {
  assertCommunityRole(actor, community_id, ['operator']);
  await C.ports.communityPlace(community_id);
  await C.models.FeeRule.updateOne({ _id: community_id }, { $set: { ...body, updated_at: new Date() } }, { upsert: true });
  return { community_id, ...body };
}

/**
 * The operators' dispatch board: the community's tasks by status, oldest first; `late` = the slot has started and the
 * goods are not picked up yet (open or claimed), the longest overdue first; `withdrawn` (已撤回: taken off the road,
 * seller-delivered or refunded) newest first, since an operator looks there for what just left. Operators see no codes.
 */
export async function listCommunityTasks(
  C: TaskCtx,
  actor: UserActor,
  community_id: string,
  q: QueryOf<typeof routes.listCommunityDeliveryTasks>,
) {
  assertCommunityRole(actor, community_id, ['operator']);
  const where: Record<string, unknown>[] = [{ community_id }];
  if (q.status) where.push({ status: q.status });
  if (q.late === 'true') where.push({ status: { $in: HELD_BEFORE_PICKUP }, slot_starts_at: { $lte: new Date() } });
  const filter = { $and: where };
  const page =
    q.late === 'true'
      ? await pageBySort(C.models.Task, filter, q, [{ field: 'slot_starts_at', type: 'date' }])
      : q.status === 'withdrawn'
        ? await pageNewestFirst(C.models.Task, filter, q)
        : await pageByCursor(C.models.Task, filter, q);
  return { items: page.items.map((t) => toTask(t, actor.user_id)), next_cursor: page.next_cursor };
}
