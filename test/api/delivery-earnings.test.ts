/**
 * Earnings after a crash (issue 13 §6): the process delivering a task dies right after the fee's ledger transfer; the
 * command sweep of the API finishes the fee command — the task marked paid, the money moved once — and the ledger
 * and books checks stay clean (the books check runs after the suite, test/support/orders-stack.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import test from 'ava';
import { routes, shanghaiDate } from '@cc/shared';
import { courier, readyOrder, storedTask } from '../support/delivery';
import { until } from '../support/outcome';
import { buyer, key, seed, stack, useOrdersStack } from '../support/orders-stack';
import { failureOf } from '../support/outcome';
import { raw } from '../support/stack';

const repoRoot = path.resolve(import.meta.dirname, '../..');
useOrdersStack({ env: { ORDER_AUTO_CONFIRM_SECONDS: '3600' } });

test.serial('killed between the fee’s transfer and marking it paid: the sweep finishes, the fee is paid once', async (t) => {
  const { liu, order, task, codes } = await readyOrder();
  const c = await courier();
  await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
  await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: task.id }, body: { code: codes.pickup } });
  const account = () => stack.api.wallet.ledger.ensureAccount('courier', c.user_id, '配送收入');
  const before = (await account()).balance_fen;

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/crash-fee.ts')], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      ...stack.env(),
      JOBS_ENABLED: 'false',
      TASK_ID: task.id,
      COURIER_ID: c.user_id,
      COMMUNITY_ID: seed.communities.wenxin,
      CODE: codes.delivery,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
  t.is(signal, 'SIGKILL');
  const left = await storedTask(task.id);
  t.like(left, { status: 'delivered', fee_paid: false }, 'the crash came after the step, before the fee was marked');
  t.is((await liu.client.call(routes.getOrder, { params: { order_id: order.id } })).status, 'delivered');

  // The API's command-recovery job takes the command over once the child's lease ran out.
  await until('the sweep to mark the fee paid', async () => (await storedTask(task.id))?.fee_paid === true, 20_000);
  t.is(await stack.api.conn.collection('ledger_transfers').countDocuments({ idempotency_key: `delivery:${task.id}:fee` }), 1);
  t.is((await account()).balance_fen, before + task.fee_fen);
  await stack.api.delivery.tasks.payFee(task.id);
  t.is((await account()).balance_fen, before + task.fee_fen, 'a later replay pays nothing more');
  t.true((await stack.api.wallet.check()).ok);
});

test.serial('我的收入 is summed by the server: every finished task, by Shanghai day, paid and pending apart', async (t) => {
  const c = await courier();
  t.like(await c.client.call(routes.getMyEarnings, { query: {} }), { total_fen: 0, count: 0, today_fen: 0, days: [] });
  const fees: number[] = [];
  for (let k = 0; k < 3; k++) {
    const { task, codes } = await readyOrder();
    await c.client.call(routes.claimDeliveryTask, { params: { task_id: task.id }, body: {}, idempotencyKey: key() });
    await c.client.call(routes.pickUpDeliveryTask, { params: { task_id: task.id }, body: { code: codes.pickup } });
    if (k < 2) await c.client.call(routes.deliverDeliveryTask, { params: { task_id: task.id }, body: { code: codes.delivery } });
    if (k < 2) fees.push(task.fee_fen);
  }
  const sum = fees.reduce((a, b) => a + b, 0);
  t.true(sum > 0);
  const earned = await c.client.call(routes.getMyEarnings, { query: { days: 7 } });
  t.like(earned, { total_fen: sum, paid_fen: sum, pending_fen: 0, count: 2, today_fen: sum }, 'the picked-up task is not earned yet');
  t.deepEqual(earned.days, [{ date: shanghaiDate(new Date()), count: 2, total_fen: sum }]);
  // A fee not yet marked paid counts as pending, and the totals still add up.
  const [first] = await stack.api.conn.collection('delivery_tasks').find({ courier_id: c.user_id, status: 'delivered' }).toArray();
  await stack.api.conn.collection('delivery_tasks').updateOne({ _id: first!._id }, { $set: { fee_paid: false } });
  const pending = await c.client.call(routes.getMyEarnings, { query: {} });
  t.is(pending.paid_fen + pending.pending_fen, sum);
  t.is(pending.pending_fen, first!.fee_fen as number);
  await stack.api.conn.collection('delivery_tasks').updateOne({ _id: first!._id }, { $set: { fee_paid: true } });

  t.is(await failureOf((await buyer()).client.call(routes.getMyEarnings, { query: {} })), '403 forbidden_role');
  for (const days of ['0', '91', 'x']) {
    const res = await raw(`${stack.apiUrl}/api/v1/couriers/me/earnings?days=${days}`, { headers: { authorization: `Bearer ${c.token}` } });
    t.is(res.status, 400, days);
    t.is(res.body?.code, 'validation_failed');
  }
});
