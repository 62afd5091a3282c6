import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, type DeliveryTask } from '@cc/shared';
import { call, errorMessage } from '../../api';

export type MyTasksState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: DeliveryTask[] };

/** The courier's tasks as the API orders them: those in progress first, then the finished ones. */
export function useMyTasks() {
  const [state, setState] = useState<MyTasksState>({ kind: 'loading' });
  const load = useCallback(async () => {
    try {
      setState({ kind: 'ready', items: (await call(routes.listMyTasks, { query: {} })).items });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  return { state, load };
}
