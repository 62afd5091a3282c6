import { useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useReachBottom, useUnload } from '@tarojs/taro';
import { ORDER_STATUS_WORDS, routes, type Order, type OrderStatus } from '@cc/shared';
import { call } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { usePaged } from '../../commerce/lib';
import { useShop } from '../lib/shop';

export type Tab = OrderStatus | 'all';
/** The work first: to prepare, being prepared, ready, on the way, refunds; then what is done. Words from '@cc/shared'. */
export const TABS: { value: Tab; label: string }[] = [
  ...(['paid', 'preparing', 'ready', 'out_for_delivery', 'refunding', 'delivered', 'completed'] as const).map((s) => ({
    value: s,
    label: ORDER_STATUS_WORDS[s].word,
  })),
  { value: 'all', label: '全部' },
];
/** A new order shows up without pulling: the list is read again this often while it is on screen. */
const POLL_MS = 15_000;

async function countsOf(merchant_id: string): Promise<Partial<Record<Tab, number>>> {
  const pairs = await Promise.all(
    (['paid', 'refunding'] as const).map(async (status) => {
      const page = await call(routes.listMerchantOrders, { params: { merchant_id }, query: { status, limit: 100 } });
      return [status, page.items.length] as const;
    }),
  );
  return Object.fromEntries(pairs);
}

/** Reads the list again every POLL_MS while the page is on screen (a timer of the page, not a scheduler). */
function usePolling(quiet: () => void) {
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);
  const [shown, setShown] = useState(false);
  const stop = () => {
    if (poll.current) clearInterval(poll.current);
    poll.current = null;
  };
  useDidShow(() => {
    if (shown) quiet();
    setShown(true);
    stop();
    poll.current = setInterval(quiet, POLL_MS);
  });
  useDidHide(stop);
  useUnload(stop);
}

/** The shop's orders in one status tab, with the counts of the tabs that need work. */
export function useSellerOrders() {
  const shop = useShop();
  const shopId = shop.state.kind === 'ready' ? shop.state.shop.id : null;
  const [tab, setTab] = useState<Tab>(() => TABS.find((t) => t.value === pageParam('status'))?.value ?? 'paid');
  const [counts, setCounts] = useState<Partial<Record<Tab, number>>>({});
  const { state, reload, more } = usePaged<Order>();
  const refreshCounts = (id: string) => void countsOf(id).then(setCounts, () => undefined);

  useEffect(() => {
    if (!shopId) return;
    void reload((cursor) =>
      call(routes.listMerchantOrders, {
        params: { merchant_id: shopId },
        query: { limit: 20, ...(tab === 'all' ? {} : { status: tab }), ...(cursor ? { cursor } : {}) },
      }),
    );
    refreshCounts(shopId);
  }, [shopId, tab, reload]);

  // The poll outlives this render: it reads the shop through a ref.
  const shopRef = useRef<string | null>(null);
  shopRef.current = shopId;
  const quiet = () => {
    void reload(undefined, { quiet: true });
    if (shopRef.current) refreshCounts(shopRef.current);
  };
  usePolling(quiet);
  usePullDownRefresh(() => {
    quiet();
    Taro.stopPullDownRefresh();
  });
  useReachBottom(() => more());
  return { shop, tab, setTab, counts, state, reload };
}
