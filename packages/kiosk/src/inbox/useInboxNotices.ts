import { useEffect, useState } from 'react';
import { routes, type InboxItem } from '@cc/shared';
import { call } from '../api';

export interface InboxNotices {
  /** Unread items, newest first: shown and read aloud once, then marked read. */
  notices: InboxItem[];
  /** The card holder's refunds, read or not (the balance screen lists them). */
  refunds: InboxItem[];
  /** Both lists have answered (or failed) since sign-in: the screen may read itself now. */
  settled: boolean;
}

/**
 * The card holder's inbox at the kiosk (issue 15 items 5 and 6): the unread notices after login, marked read once
 * they are on the screen (so the next login does not repeat them), and the refunds for the balance screen. A failure
 * leaves both empty: the balance still shows.
 */
export function useInboxNotices(signedIn: boolean): InboxNotices {
  const [state, setState] = useState<InboxNotices>({ notices: [], refunds: [], settled: false });
  useEffect(() => {
    if (!signedIn) return;
    let gone = false;
    void (async () => {
      try {
        const [unread, refunds] = await Promise.all([
          call(routes.kioskInbox, {}),
          call(routes.kioskInbox, { query: { unread_only: 'false', kind: 'order_refunded' } }),
        ]);
        if (gone) return;
        setState({ notices: unread.items, refunds: refunds.items, settled: true });
        if (unread.items.length > 0) await call(routes.kioskMarkInboxRead, { body: { ids: unread.items.map((i) => i.id) } });
      } catch {
        if (!gone) setState((s) => ({ ...s, settled: true }));
      }
    })();
    return () => {
      gone = true;
    };
  }, [signedIn]);
  return state;
}
