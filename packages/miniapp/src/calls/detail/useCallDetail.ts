import { useState } from 'react';
import { routes, type Call, type Service } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam, stamp } from '../../calls-common/lib';
import { useCallLoad, type CallState } from '../../calls-common/useCallLoad';

export type State = CallState<{ service: Service | null; me: string }>;

/** The call, its service and who is looking at it. */
async function fetchDetail(id: string) {
  const [c, me] = await Promise.all([call(routes.getCall, { params: { call_id: id }, query: {} }), call(routes.getMe, {})]);
  stamp([c]);
  const service = await call(routes.getService, {
    params: { community_id: c.community_id, service_code: c.service_code },
    query: {},
  }).catch(() => null);
  return { call: c, service, me: me.id };
}

/** 呼叫详情: the call, its service and who is looking, kept fresh; the clock for the SLA; cancelling. */
export function useCallDetail() {
  const id = pageParam('id') ?? '';
  // The resident's page shows minutes, not seconds: a slow clock.
  const { state, load, now, update } = useCallLoad(id, () => fetchDetail(id), 15_000);
  const [cancelling, setCancelling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [justCreated] = useState(() => pageParam('created') === '1');

  async function cancel(c: Call, note: string): Promise<boolean> {
    try {
      update(await call(routes.cancelCall, { params: { call_id: c.id }, body: note ? { note } : {} }));
      setCancelling(false);
      setActionError(null);
      return true;
    } catch (e) {
      setActionError(errorMessage(e));
      return false;
    }
  }

  return { state, load, now, justCreated, cancelling, setCancelling, actionError, update, cancel };
}

export type CallDetail = ReturnType<typeof useCallDetail>;
