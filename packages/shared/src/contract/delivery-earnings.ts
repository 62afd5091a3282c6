import { z } from 'zod';
import { defineRoute } from './route';

/**
 * A courier's earnings (issue 13 §6), summed by the server over every task whose work is done (delivered, or left at
 * its drop station), so totals never depend on how many tasks a list page happens to load.
 */
export const EarningsDay = z.object({
  /** The Shanghai calendar day (YYYY-MM-DD) the courier finished the tasks. */
  date: z.string(),
  count: z.number().int().min(0),
  total_fen: z.number().int().min(0),
});

export const CourierEarnings = z.object({
  /** Every finished task's fee, all time. */
  total_fen: z.number().int().min(0),
  /** Of that, what has reached the courier's wallet; the rest is being paid (the fee command finishes it). */
  paid_fen: z.number().int().min(0),
  pending_fen: z.number().int().min(0),
  count: z.number().int().min(0),
  today_fen: z.number().int().min(0),
  /** The last `days` Shanghai days with at least one finished task, newest first. */
  days: z.array(EarningsDay),
});
export type CourierEarnings = z.infer<typeof CourierEarnings>;

export const deliveryEarningsRoutes = {
  getMyEarnings: defineRoute({
    id: 'getMyEarnings',
    method: 'GET',
    path: '/api/v1/couriers/me/earnings',
    summary: '我的配送收入：合计、已到账、入账中，按天汇总',
    tag: 'delivery',
    access: { kind: 'user', roles: ['courier', 'admin'] },
    query: z.strictObject({ days: z.coerce.number().int().min(1).max(90).default(30) }),
    response: CourierEarnings,
  }),
};
