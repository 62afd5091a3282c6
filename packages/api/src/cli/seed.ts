import { cliContext } from './context';
import { seedDemo } from './seed-demo';

/** pnpm seed: loads the demo community (safe to run again). */
const ctx = await cliContext();
try {
  const seed = await seedDemo(ctx, (step) => console.log(step));
  // Demo data kept from before readable numbers (the start command's database) gets them here, once.
  const numbered = (await ctx.orders.backfillNumbers()) + (await ctx.calls.backfillNumbers());
  if (numbered > 0) console.log(`已为 ${numbered} 个旧订单和呼叫补上编号`);
  console.log(
    `完成：3 个社区/村，${Object.keys(seed.users).length} 位用户，${Object.keys(seed.merchants).length} 家商户，终端 ${seed.kiosk.id}`,
  );
  console.log(`终端凭证（仅此显示一次）: ${seed.kiosk.id}:${seed.kiosk.secret}`);
} finally {
  await ctx.close();
}
