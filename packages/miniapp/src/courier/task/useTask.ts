import { useState } from 'react';
import { routes, type DeliveryTask } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { lostRace } from '../lib/tasks';
import { doorActions, type WelfareCall } from './doorActions';
import { usePageLoad, type PageLoad } from '../../ui';

export type TaskState = PageLoad<{ task: DeliveryTask }>;
/**
 * What the courier is doing on the page besides typing a code: writing why they give up or failed, delivering or
 * leaving the parcel at the station with a photo, or saying nobody answered the door.
 */
export type Asking = 'release' | 'fail' | 'photo' | 'station' | 'no_answer' | null;

/**
 * One task for its courier: read on show and pull-down; each step goes through the API and the page shows the task
 * it returned. A wrong code keeps the page and says the tries left (the API's words); a locked one says ask the station.
 */
export function useTask(id: string, justClaimed: boolean) {
  const { state, setState, load } = usePageLoad(id, async () => ({
    task: await call(routes.getDeliveryTask, { params: { task_id: id }, query: {} }),
  }));
  const [done, setDone] = useState<string | null>(justClaimed ? '抢单成功，请按时段到卖家处取件' : null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [busy, setBusy] = useState(false);
  const [welfare, setWelfare] = useState<WelfareCall | null>(null);

  /** Runs one step; true when it went through (a code field or reason box then empties). */
  const step = async (work: () => Promise<DeliveryTask>, message: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setState({ kind: 'ready', task: await work() });
      setDone(message);
      setAsking(null);
      return true;
    } catch (e) {
      setError(lostRace(e) ? '已被其他配送员抢走' : errorMessage(e));
      // A locked code or a task moved on meanwhile: show it as it is now.
      await load();
      return false;
    } finally {
      setBusy(false);
    }
  };
  const params = { task_id: id };
  const actions = {
    claim: () =>
      step(
        () => call(routes.claimDeliveryTask, { params, body: {}, idempotencyKey: `claim-${id}-${Date.now()}` }),
        '抢单成功，请按时段到卖家处取件',
      ),
    pickUp: (code: string) => step(() => call(routes.pickUpDeliveryTask, { params, body: { code } }), '已取件，请送到收件人手中'),
    deliver: (code: string) => step(() => call(routes.deliverDeliveryTask, { params, body: { code } }), '已送达，配送费将记入您的钱包'),
    release: (reason: string) => step(() => call(routes.releaseDeliveryTask, { params, body: { reason } }), '已放弃，任务回到任务大厅'),
    fail: (reason: string) => step(() => call(routes.failDeliveryTask, { params, body: { reason } }), '已记录配送失败，服务站会跟进'),
    ...doorActions(id, step, setWelfare, setError),
  };
  // The call just opened, or the one kept on the task (after a reload the page still says the community was asked).
  const shownWelfare = welfare ?? (state.kind === 'ready' ? state.task.welfare_call : null);
  return { state, done, error, asking, setAsking, busy, load, actions, welfare: shownWelfare };
}
