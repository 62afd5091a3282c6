import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, type Order } from '@cc/shared';
import { call, errorMessage } from '../../api';

export type OrderState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; order: Order };

/** One order, read each time the page is shown and on pull-down; `changed` takes an action's answer. */
export function useSellerOrder(id: string) {
  const [state, setState] = useState<OrderState>({ kind: 'loading' });
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState({ kind: 'ready', order: await call(routes.getOrder, { params: { order_id: id } }) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  const changed = (next: Order, message: string) => {
    setState({ kind: 'ready', order: next });
    setDone(message);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };
  return { state, done, load, changed };
}
