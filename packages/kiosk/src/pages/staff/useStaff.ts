import { useEffect, useRef, useState } from 'react';
import { routes, type StaffAlert } from '@cc/shared';
import { call, errorCode, errorMessage, isUnauthorized } from '../../api';
import { spokenPhone } from '../../call-words';
import { goSetup } from '../../nav';
import { cachedContext } from '../../terminal';

export type StaffScreen =
  | { kind: 'sending' }
  | { kind: 'sent'; alert: StaffAlert }
  /** This terminal called the staff a moment ago (429): that alert is still out, they are on their way. */
  | { kind: 'already' }
  | { kind: 'failed'; message: string };

/** The words the server answers with; the kiosk says the same when the staff were already called. */
export const STAFF_COMING = '工作人员马上过来';

/** What the screen reads aloud. */
export function staffSpeech(screen: StaffScreen, place: string, hotline: string | null): string {
  switch (screen.kind) {
    case 'sending':
      return '正在通知工作人员，请稍候。';
    case 'sent':
      return `${STAFF_COMING}，请在这里稍等。已经通知${place}的值班人员。`;
    case 'already':
      return `已经通知过了，${STAFF_COMING}，请在这里稍等。`;
    case 'failed':
      return `没有通知到工作人员。${hotline ? `请拨打服务热线 ${spokenPhone(hotline)}，` : ''}或者按再试一次。`;
  }
}

/**
 * 找工作人员: the press on the welcome screen is the call — this screen sends it at once (once, even when React runs
 * the effect twice) and says that someone is coming; 再试一次 sends it again.
 */
export function useStaff() {
  const [screen, setScreen] = useState<StaffScreen>({ kind: 'sending' });
  const sent = useRef(false);
  const ctx = cachedContext();

  async function send() {
    setScreen({ kind: 'sending' });
    try {
      const answer = await call(routes.kioskCallStaff, { body: { reason: 'general' } });
      setScreen({ kind: 'sent', alert: answer.alert });
    } catch (e) {
      if (isUnauthorized(e)) return goSetup('invalid');
      if (errorCode(e) === 'staff_call_too_soon') return setScreen({ kind: 'already' });
      setScreen({ kind: 'failed', message: errorMessage(e) });
    }
  }

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void send();
  }, []);

  const place = screen.kind === 'sent' ? screen.alert.station_name : (ctx?.station?.name ?? ctx?.community.name ?? '服务站');
  return { screen, place, hotline: ctx?.community.hotline ?? null, retry: () => void send() };
}
