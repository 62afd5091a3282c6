/**
 * A courier's delivery in a process that dies while paying the fee: run as a child (env: the stack's configuration plus
 * TASK_ID, COURIER_ID, COMMUNITY_ID, CODE), it delivers the task through the delivery service and SIGKILLs itself
 * right after the fee's ledger transfer, before the task is marked paid — a real death that leaves the fee command
 * running with a live lease for the sweep of another process to finish.
 */
import { cliContext, loadConfig } from '@cc/api';

if (process.argv[1]?.endsWith('crash-fee.ts')) {
  const env = process.env as Record<string, string>;
  const ctx = await cliContext(loadConfig({ ...process.env, COMMAND_LEASE_MS: '500' }));
  // The kill point: the wallet port reaches paying.settle at call time, so the transfer really happens first.
  const settle = ctx.wallet.paying.settle.bind(ctx.wallet.paying);
  ctx.wallet.paying.settle = async (req) => {
    const out = await settle(req);
    if (req.idempotency_key === `delivery:${env.TASK_ID}:fee`) process.kill(process.pid, 'SIGKILL');
    return out;
  };
  const actor = {
    kind: 'user' as const,
    user_id: env.COURIER_ID!,
    roles: [{ role: 'courier' as const, community_id: env.COMMUNITY_ID! }],
    community_id: env.COMMUNITY_ID!,
    session_id: 'crash-fee',
  };
  await ctx.delivery.tasks.deliver(actor, env.TASK_ID!, { code: env.CODE! });
  process.exit(3); // only reached when the kill point never came
}
