import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { routes } from '@cc/shared';
import { call } from '../api';

/**
 * The unread count for the badge on the resident home (我的消息): read each time the page shows, so it drops as soon
 * as the person comes back from the inbox. A failed read shows no badge rather than a wrong one.
 */
export function useUnread(): number {
  const [unread, setUnread] = useState(0);
  const load = useCallback(async () => {
    try {
      setUnread((await call(routes.getMyInboxUnread, {})).unread);
    } catch {
      setUnread(0);
    }
  }, []);
  useDidShow(() => void load());
  return unread;
}

/** The badge's words: a number people can read at a glance, capped so it never grows wider than the tag. */
export const unreadWords = (n: number) => (n > 99 ? '99+' : String(n));
