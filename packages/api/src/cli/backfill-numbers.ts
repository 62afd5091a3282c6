import { cliContext } from './context';

/**
 * pnpm backfill:numbers — the migration that gives orders and calls made before readable numbers existed their
 * number (2412-0387, of the month each was created in). Safe to run again and on several machines at once; new
 * orders and calls get theirs when they are made. `pnpm seed` runs it too.
 */
const ctx = await cliContext();
try {
  const orders = await ctx.orders.backfillNumbers();
  const calls = await ctx.calls.backfillNumbers();
  console.log(`已补编号：订单 ${orders} 个，呼叫 ${calls} 个`);
} finally {
  await ctx.close();
}
