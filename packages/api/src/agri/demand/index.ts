import type { CompletedOrderFacts } from '../../orders/ports';
import type { JobRunner } from '../../platform/jobs';
import type { DemandCtx, DemandDeps } from './context';
import { demandModels } from './models';
import { publishLastWeek } from './publish';
import { recordCompletedOrder } from './record';
import { weekOf } from './week';

export type { DemandDeps, DemandStation, ListedProduct } from './context';

/** Monday 06:00 in Asia/Shanghai: last week is over, and villages see the demand before the week's harvests. */
export const COMMUNITY_DEMAND_CRON = '0 6 * * 1';

/**
 * Shop orders into agricultural information (issue 14 items 5 and 6): a completed order's lines that came from supply
 * posts become 行情 observations and demand lines (through a job, so a completion is retried, never lost), and each
 * Monday the communities' demand of last week is published as standing purchase posts.
 */
export function createAgriDemand(deps: DemandDeps & { jobs: JobRunner; now?: () => Date }) {
  const D: DemandCtx = { M: demandModels(deps.conn), deps };
  const now = deps.now ?? (() => new Date());
  const recorder = deps.jobs.delayed<CompletedOrderFacts>('agri-order-completed', (order) => recordCompletedOrder(D, order));
  deps.jobs.cron('agri-community-demand', COMMUNITY_DEMAND_CRON, 'Asia/Shanghai', () => publishLastWeek(D, now()));
  return {
    /** The orders' completion port: enqueues the recording (one job per order; a repeat is the same job). */
    onOrderCompleted: (order: CompletedOrderFacts) => recorder.schedule(`agri-order-${order.order_id}`, order, new Date()),
    /** Records one completed order now (the job's handler; idempotent per order line). */
    recordOrder: (order: CompletedOrderFacts) => recordCompletedOrder(D, order),
    /** The weekly job's run for the week before `at` (default now); reruns update the same posts. */
    publishLastWeek: (at: Date = now()) => publishLastWeek(D, at),
    /** A community's standing demand posts (post ids by variety key), for operators' tools and tests. */
    standing: (community_id: string) => D.M.Standing.find({ community_id }).lean(),
    weekOf,
  };
}
export type AgriDemand = ReturnType<typeof createAgriDemand>;
