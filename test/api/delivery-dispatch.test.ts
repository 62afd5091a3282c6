/**
 * Auto-dispatch (issue 13 §2): a task still open at its deadline is given by the BullMQ delayed job to the on-duty
 * courier with the fewest tasks. Time is compressed by the lead: DELIVERY_DISPATCH_LEAD_MINUTES of a year puts every
 * deadline in the past, so the job is due as soon as the task exists.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { courier, readyOrder, storedTask } from '../support/delivery';
import { until } from '../support/outcome';
import { seed, stack, useOrdersStack } from '../support/orders-stack';

useOrdersStack({ env: { DELIVERY_DISPATCH_LEAD_MINUTES: String(366 * 24 * 60), DELIVERY_MAX_TASKS_PER_COURIER: '2' } });

const dispatchedTo = (task_id: string) =>
  until(`task ${task_id} dispatched`, async () => {
    const s = await storedTask(task_id);
    return s?.status === 'claimed' ? (s.courier_id as string) : null;
  });

test.serial('the deadline job dispatches to the on-duty courier with the fewest tasks; off duty and full couriers get none', async (t) => {
  const away = await courier(seed.communities.wenxin, false);
  const first = await courier();
  const one = await readyOrder();
  t.is(await dispatchedTo(one.task.id), first.user_id, 'the only courier on duty');
  const s = await storedTask(one.task.id);
  t.like(s?.history.at(-1), { action: 'dispatch', actor_role: 'system', actor_id: null });

  const second = await courier();
  const two = await readyOrder();
  t.is(await dispatchedTo(two.task.id), second.user_id, 'fewest tasks: the new courier');

  const three = await readyOrder();
  const four = await readyOrder();
  const [c3, c4] = [await dispatchedTo(three.task.id), await dispatchedTo(four.task.id)];
  t.deepEqual([c3, c4].sort(), [first.user_id, second.user_id].sort(), 'one more each, never two to one');
  for (const c of [first, second]) t.like(await c.client.call(routes.getMyDuty, {}), { active_tasks: 2 });

  // Everyone on duty is full: the job leaves the task open (and looks again later); the courier off duty gets nothing.
  const five = await readyOrder();
  await until('the job ran for task five', async () => (await stack.api.delivery.tasks.dispatchDue(five.task.id)).courier_id === null);
  t.is((await storedTask(five.task.id))?.status, 'open');
  t.is(await stack.api.conn.collection('delivery_tasks').countDocuments({ courier_id: away.user_id }), 0);

  // A released task is open again: its deadline is re-armed, and the job hands it to the courier with the free unit.
  await first.client.call(routes.releaseDeliveryTask, { params: { task_id: one.task.id }, body: { reason: '电动车没电了' } });
  t.is(await dispatchedTo(one.task.id), first.user_id);
  t.is((await storedTask(five.task.id))?.status, 'open', 'still nobody free for task five');
});
