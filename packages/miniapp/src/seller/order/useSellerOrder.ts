import { useState } from 'react';
import Taro from '@tarojs/taro';
import { routes, type Order } from '@cc/shared';
import { call } from '../../api';
import { usePageLoad, type PageLoad } from '../../ui';

export type OrderState = PageLoad<{ order: Order }>;

/** One order, read each time the page is shown and on pull-down; `changed` takes an action's answer. */
export function useSellerOrder(id: string) {
  const { state, setState, load } = usePageLoad(id, async () => ({
    order: await call(routes.getOrder, { params: { order_id: id } }),
  }));
  const [done, setDone] = useState<string | null>(null);

  const changed = (next: Order, message: string) => {
    setState({ kind: 'ready', order: next });
    setDone(message);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };
  return { state, done, load, changed };
}
