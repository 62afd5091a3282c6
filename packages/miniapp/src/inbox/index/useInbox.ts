import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { routes, type InboxItem } from '@cc/shared';
import { call } from '../../api';
import { usePaged } from '../../commerce/lib';
import { toastProblem } from '../../ui';

const PAGE = 20;
const fetchPage = (cursor: string | undefined) => call(routes.listMyInbox, { query: { limit: PAGE, ...(cursor ? { cursor } : {}) } });

/** The person's inbox, newest first (older pages on reaching the bottom), its unread count, marking read. */
export function useInbox() {
  const { state, reload, more, patch } = usePaged<InboxItem>();
  const [unread, setUnread] = useState(0);

  const load = useCallback(async () => {
    const count = call(routes.getMyInboxUnread, {}).then(
      (r) => setUnread(r.unread),
      () => undefined,
    );
    await Promise.all([reload(fetchPage, { quiet: true }), count]);
    Taro.stopPullDownRefresh();
  }, [reload]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  useReachBottom(() => more());

  /** Marks read (these items, or all), and shows what the API says is left unread. */
  const markRead = useCallback(
    async (ids: string[] | 'all') => {
      try {
        const left = await call(routes.markMyInboxRead, { body: ids === 'all' ? { all: true } : { ids } });
        setUnread(left.unread);
        if (state.kind !== 'ready') return;
        for (const item of state.items) {
          if (!item.read && (ids === 'all' || ids.includes(item.id))) patch(item.id, { ...item, read: true }, (i) => i.id);
        }
      } catch (e) {
        toastProblem(e);
      }
    },
    [state, patch],
  );

  /** Opening an item reads it; an item about an order or a call opens that page. */
  const open = useCallback(
    (item: InboxItem) => {
      if (!item.read) void markRead([item.id]);
      if (item.link) void Taro.navigateTo({ url: item.link });
    },
    [markRead],
  );

  return { state, unread, load, markRead, open };
}
