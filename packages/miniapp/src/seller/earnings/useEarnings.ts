import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { routes, type Order, type OrderStatus } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { useShop } from '../lib/shop';

/** Orders read for the sums; a shop with more sees the newest ones and is told so. */
const PAGES_MAX = 10;

async function allOrders(merchant_id: string, status: OrderStatus): Promise<{ items: Order[]; partial: boolean }> {
  const items: Order[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < PAGES_MAX; i++) {
    const page = await call(routes.listMerchantOrders, {
      params: { merchant_id },
      query: { status, limit: 100, ...(cursor ? { cursor } : {}) },
    });
    items.push(...page.items);
    if (!page.next_cursor) return { items, partial: false };
    cursor = page.next_cursor;
  }
  return { items, partial: true };
}

/** When the order was completed (the buyer's or the system's confirmation). */
export const completedAt = (o: Order) => [...o.history].reverse().find((h) => h.to === 'completed')?.at ?? o.created_at;
export const sum = (orders: Order[]) => orders.reduce((s, o) => s + o.total_fen, 0);

export type Load =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; completed: Order[]; waiting: Order[]; refunded: number; partial: boolean };

/** 收入: the shop, and its completed, delivered and refunded orders (reloaded on pull-down). */
export function useEarnings() {
  const { state: shopState, reload: reloadShop } = useShop();
  const shop = shopState.kind === 'ready' ? shopState.shop : null;
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  const fetchAll = useCallback(async (merchant_id: string) => {
    try {
      const [completed, delivered, refunded] = await Promise.all([
        allOrders(merchant_id, 'completed'),
        allOrders(merchant_id, 'delivered'),
        allOrders(merchant_id, 'refunded'),
      ]);
      setLoad({
        kind: 'ready',
        completed: completed.items.sort((a, b) => completedAt(b).localeCompare(completedAt(a))),
        waiting: delivered.items,
        refunded: sum(refunded.items),
        partial: completed.partial || delivered.partial,
      });
    } catch (e) {
      setLoad({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useEffect(() => {
    if (shop) void fetchAll(shop.id);
  }, [shop?.id, fetchAll]);
  usePullDownRefresh(() => {
    if (shop) void fetchAll(shop.id);
  });

  return { shopState, reloadShop, load, fetchAll };
}
