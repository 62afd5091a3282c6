import { useState } from 'react';
import { routes, type Order } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { usePageLoad, type PageLoad } from '../../ui';

export type OrderState = PageLoad<{ order: Order }>;
export type Ask = null | 'cancel' | 'confirm' | 'refund' | 'dispute';

const DONE_WORDS: Record<Exclude<Ask, null>, string> = {
  cancel: '订单已取消',
  confirm: '已确认收货，交易完成',
  refund: '退款申请已提交，等待商家处理',
  dispute: '已申请服务站介入，工作人员会联系您',
};

function send(what: Exclude<Ask, null>, order_id: string, reason: string): Promise<Order> {
  const params = { order_id };
  if (what === 'cancel') return call(routes.cancelOrder, { params, body: { reason: '买家取消订单' } });
  if (what === 'confirm') return call(routes.confirmOrder, { params, body: {} });
  if (what === 'refund') return call(routes.requestOrderRefund, { params, body: { reason } });
  return call(routes.disputeOrderRefund, { params, body: { reason } });
}

/** The order (with its own review, which the API carries) and what the buyer does to it: cancel, confirm, refund, dispute. */
export function useOrder(id: string) {
  const { state, setState, load } = usePageLoad(id, async () => ({
    order: await call(routes.getOrder, { params: { order_id: id } }),
  }));
  const [ask, setAskRaw] = useState<Ask>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const setAsk = (a: Ask) => {
    setAskRaw(a);
    setError(null);
  };
  async function act(what: Exclude<Ask, null>) {
    if ((what === 'refund' || what === 'dispute') && reason.trim().length < 2) {
      setError(what === 'refund' ? '请写明退款原因（至少 2 个字）' : '请写明为什么需要服务站介入（至少 2 个字）');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setState({ kind: 'ready', order: await send(what, id, reason.trim()) });
      setAskRaw(null);
      setReason('');
      setDone(DONE_WORDS[what]);
    } catch (e) {
      setError(errorMessage(e));
      void load();
    } finally {
      setBusy(false);
    }
  }
  return { state, load, ask, setAsk, reason, setReason, busy, error, done, act };
}
export type OrderModel = ReturnType<typeof useOrder>;
