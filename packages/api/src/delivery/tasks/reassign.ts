import type { DeliveryTask } from '@cc/shared';
import { assertCommunityRole, type UserActor } from '../../platform/actor';
import { badRequest } from '../../platform/problem';
import type { TaskCtx } from './context';
import { giveUnit, takeUnit } from './duty';
import type { CourierDutyDoc } from './models';
import { toTask } from './present';
import { applyStep, assertFrom, loadTask } from './transition';

/**
 * 改派 from the dispatch board: an operator of the task's community gives a task not yet picked up to another courier
 * whose duty is in that community. The new courier's unit is taken first (on duty, below the maximum), then the task
 * moves with its holder in the filter, then the old holder's unit comes back; a lost race gives the new unit back.
 */
export async function reassign(
  C: TaskCtx,
  actor: UserActor,
  task_id: string,
  body: { courier_id: string; reason: string },
): Promise<DeliveryTask> {
  const t = await loadTask(C, task_id);
  assertCommunityRole(actor, t.community_id, ['operator']);
  assertFrom(t, 'reassign');
  const duty = await C.models.Duty.findById(body.courier_id).lean<CourierDutyDoc>();
  if (duty?.community_id !== t.community_id)
    throw badRequest('courier_unknown', '该配送员不在本社区', [
      { path: 'body.courier_id', message: '该配送员不在本社区', code: 'courier_unknown' },
    ]);
  if (t.courier_id === body.courier_id) return toTask(t, actor.user_id);
  await takeUnit(C, body.courier_id);
  try {
    const updated = await applyStep(
      C,
      t,
      'reassign',
      { role: 'operator', user_id: actor.user_id },
      { reason: body.reason, set: { courier_id: body.courier_id }, guard: { courier_id: t.courier_id } },
    );
    if (t.courier_id) await giveUnit(C, t.courier_id);
    return toTask(updated, actor.user_id);
  } catch (err) {
    await giveUnit(C, body.courier_id);
    throw err;
  }
}
