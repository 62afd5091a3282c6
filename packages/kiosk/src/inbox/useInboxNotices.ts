import { useEffect, useRef, useState } from 'react';
import { routes, type InboxItem } from '@cc/shared';
import { call } from '../api';
import { cardSession } from '../session';
import { noticesSpeech } from './words';

/**
 * The card session whose unread notices were fetched: only the first signed-in screen of a login tells them (the
 * session lives in memory, as this does), so the next screen of the same login does not repeat them.
 */
let toldFor: string | null = null;

export interface LoginNotices {
  /** Unread items at sign-in, newest first: shown and read aloud once, then marked read. */
  notices: InboxItem[];
  /** What the screen reads: the notices before the screen's own words, once; the screen's words alone after that. */
  speech: string;
}

/** Fetches the unread notices once per card session, then marks them read (a failure leaves them for the next login). */
function useUnreadOnce(): { notices: InboxItem[]; settled: boolean } {
  const [state, setState] = useState<{ notices: InboxItem[]; settled: boolean }>(() => {
    const token = cardSession()?.token ?? null;
    return { notices: [], settled: token === null || token === toldFor };
  });
  useEffect(() => {
    const token = cardSession()?.token ?? null;
    if (token === null || token === toldFor) return;
    toldFor = token;
    let gone = false;
    void (async () => {
      try {
        const unread = await call(routes.kioskInbox, {});
        if (gone) return;
        setState({ notices: unread.items, settled: true });
        if (unread.items.length > 0) await call(routes.kioskMarkInboxRead, { body: { ids: unread.items.map((i) => i.id) } });
      } catch {
        if (!gone) setState((s) => ({ ...s, settled: true }));
      }
    })();
    return () => {
      // Left before the answer: the next screen of this login tells them instead.
      if (toldFor === token) toldFor = null;
      gone = true;
    };
  }, []);
  return state;
}

/**
 * The card holder's new notices on the first signed-in screen after card + PIN (issue 15 items 5 and 6), whichever
 * tile the person came for: 您有一笔退款 ¥12.50 已退回市民卡, on the screen and read aloud once before the screen's
 * own words. `ready`: the screen has its content (its first real words); until then it reads its loading words.
 */
export function useLoginNotices(screenSpeech: string, ready: boolean): LoginNotices {
  const { notices, settled } = useUnreadOnce();
  // The screen's words the notices were read with: once the screen says something else, they are not read again.
  const toldWith = useRef<string | null>(null);
  if (ready && settled && notices.length > 0 && toldWith.current === null) toldWith.current = screenSpeech;
  let speech = screenSpeech;
  // Ready but the notices not in yet: say nothing new, so the first reading is not cut off by a second one.
  if (ready && !settled) speech = '';
  else if (toldWith.current === screenSpeech) speech = noticesSpeech(notices) + screenSpeech;
  return { notices, speech };
}

/** The card holder's refunds, read or not, newest first (the balance screen lists them). A failure lists none. */
export function useRefunds(signedIn: boolean): InboxItem[] {
  const [refunds, setRefunds] = useState<InboxItem[]>([]);
  useEffect(() => {
    if (!signedIn) return;
    let gone = false;
    call(routes.kioskInbox, { query: { unread_only: 'false', kind: 'order_refunded' } })
      .then((r) => !gone && setRefunds(r.items))
      .catch(() => undefined);
    return () => {
      gone = true;
    };
  }, [signedIn]);
  return refunds;
}
