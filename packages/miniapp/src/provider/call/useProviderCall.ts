import { useState } from 'react';
import { CALL_FEE_MAX_FEN, formatFen, routes, yuanStringToFen, type Call, type Service } from '@cc/shared';
import { call } from '../../api';
import { pageParam, stamp } from '../../calls-common/lib';
import { useCallAction, useCallLoad, type CallState } from '../../calls-common/useCallLoad';

export type State = CallState<{ service: Service | null }>;
export type Mode = 'none' | 'decline' | 'resolve';

/** The call and its service. */
async function fetchCall(id: string) {
  const [c] = stamp([await call(routes.getCall, { params: { call_id: id }, query: {} })]) as [Call];
  const service = await call(routes.getService, {
    params: { community_id: c.community_id, service_code: c.service_code },
    query: {},
  }).catch(() => null);
  return { call: c, service };
}

/** The typed fee in fen, or -1 when it is not an amount from 0 to CALL_FEE_MAX_FEN. */
function feeFen(fee: string): number {
  let fen = 0;
  try {
    fen = fee.trim() ? yuanStringToFen(fee) : 0;
  } catch {
    fen = -1;
  }
  return fen < 0 || fen > CALL_FEE_MAX_FEN ? -1 : fen;
}

/** One service order for its provider: the call, what is open (decline / resolve), each action and its outcome. */
export function useProviderCall() {
  const id = pageParam('id') ?? '';
  const { state, load, now, update } = useCallLoad(id, () => fetchCall(id), 1000);
  const [mode, setMode] = useState<Mode>('none');
  const [fee, setFee] = useState('');
  const { busy, error, setError, done, act } = useCallAction(update, () => setMode('none'));

  // The loaded call's id: the page may have been opened by another form of it.
  const params = { call_id: state.kind === 'ready' ? state.call.id : id };
  const accept = () => act(() => call(routes.acceptCall, { params, body: {} }), '已接单，请按时上门');
  const decline = (reason: string) => act(() => call(routes.declineCall, { params, body: { reason } }), '已拒单，服务站会改派他人');
  const addNote = (note: string) => act(() => call(routes.addCallNote, { params, body: { note } }), '进展已记录');
  async function resolve(note: string): Promise<boolean> {
    const fee_fen = feeFen(fee);
    if (fee_fen < 0) {
      setError(`服务费请填 0–${CALL_FEE_MAX_FEN / 100} 元，最多两位小数`);
      return false;
    }
    return act(
      () => call(routes.resolveCall, { params, body: { ...(note ? { note } : {}), ...(fee_fen > 0 ? { fee_fen } : {}) } }),
      fee_fen > 0 ? `服务已完成，服务费 ${formatFen(fee_fen)} 等待居民支付` : '服务已完成，等待居民评价',
    );
  }

  return { state, load, now, mode, setMode, busy, error, done, fee, setFee, accept, decline, addNote, resolve };
}

export type ProviderCall = ReturnType<typeof useProviderCall>;
