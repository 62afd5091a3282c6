import { useEffect, useRef, useState } from 'react';
import { routes } from '@cc/shared';
import { call, errorCode, errorMessage, isCardSessionOver, isUnauthorized } from '../../api';
import { spokenPhone } from '../../call-words';
import { goSetup } from '../../nav';
import { loadCatalogue, newPressKey, type KioskCallCreated } from '../../services';
import { cardSession, markSosRaised, setCardSession, sosRaisedByThisVisit } from '../../session';
import { cachedContext } from '../../terminal';

/** How long "正在发出求助" may show before the screen gives the hotline anyway. */
const SLOW_MS = 8000;

export type SosScreen =
  | { kind: 'confirm' }
  | { kind: 'sending' }
  | { kind: 'sent'; result: KioskCallCreated }
  /**
   * An emergency from here (or from this person) is already open: help is already coming. `mine`: raised during this
   * visit; otherwise someone before her asked for help at this terminal, and she can add her own.
   */
  | { kind: 'already'; mine: boolean }
  | { kind: 'failed'; message: string };

/** What 紧急求助 reads aloud on each screen. */
export function sosSpeech(screen: SosScreen, place: string, signedIn: boolean, hotline: string | null): string {
  const phone = hotline ? spokenPhone(hotline) : null;
  const line = phone ? `社区热线 ${phone}。` : '';
  switch (screen.kind) {
    case 'confirm':
      return `您需要紧急帮助吗？需要的话，请按确认求助，${place}的值班人员会马上收到。${signedIn ? '' : '不用刷卡，也不用输入密码。'}不需要请按取消。`;
    case 'sending':
      return '正在发出求助，请稍候。';
    case 'sent':
      return `求助已发出，马上有人来帮您，请在这里等候。${line}危及生命请拨打 1 2 0。`;
    case 'already':
      return screen.mine
        ? `您刚才已经求助过，服务站已经收到，马上有人来帮您，请在这里等候。${line}危及生命请拨打 1 2 0。`
        : `这台终端刚才已经有人求助，服务站已经收到。如果您也需要帮助，请按我也需要帮助。${line}危及生命请拨打 1 2 0。`;
    case 'failed':
      return `求助没有发出去。${phone ? `请马上拨打社区热线 ${phone}。` : ''}危及生命请拨打 1 2 0，报警请拨打 1 1 0。`;
  }
}

/** The signed-in person's own emergency call (so the station knows who it is); null: the terminal raises it. */
async function personalCall(sosCode: Promise<string | null> | null, body: { confirm_new?: true }, idempotencyKey: string) {
  const code = cardSession() ? await (sosCode ?? Promise.resolve(null)) : null;
  if (!code) return null;
  try {
    return await call(routes.kioskCreateCall, { body: { service_code: code, ...body }, idempotencyKey });
  } catch (e) {
    // A login that ran out must not hold up help: the terminal raises it instead.
    if (!isCardSessionOver(e)) throw e;
    setCardSession(null);
    return null;
  }
}

/**
 * 紧急求助's state: one press raises the call (the person's own with a card login, else the terminal's), a slow
 * network turns into the hotline after SLOW_MS, and a retry is the same press (the same Idempotency-Key).
 */
export function useSos() {
  const [screen, setScreen] = useState<SosScreen>({ kind: 'confirm' });
  const [hotline, setHotline] = useState<string | null>(cachedContext()?.community.hotline ?? null);
  /** The community's emergency service code, for a signed-in person's call. */
  const sosCode = useRef<Promise<string | null> | null>(null);
  const pressKey = useRef('');

  useEffect(() => {
    if (!cardSession()) return;
    sosCode.current = loadCatalogue()
      .then((items) => items.find((s) => s.emergency)?.service_code ?? null)
      .catch(() => null);
  }, []);

  async function raise(opts: { confirmNew?: boolean; retry?: boolean } = {}) {
    if (!opts.retry) pressKey.current = newPressKey();
    const idempotencyKey = pressKey.current;
    const confirm = opts.confirmNew ? ({ confirm_new: true } as const) : {};
    setScreen({ kind: 'sending' });
    // A slow network must not leave the person waiting on "正在发出": after a few seconds the screen says how to
    // call; if the answer still comes, it shows that help is coming after all.
    const slow = setTimeout(
      () => setScreen((s) => (s.kind === 'sending' ? { kind: 'failed', message: '网络很慢，求助可能还没有发出去' } : s)),
      SLOW_MS,
    );
    try {
      const result =
        (await personalCall(sosCode.current, confirm, idempotencyKey)) ??
        (await call(routes.kioskEmergency, { body: confirm, idempotencyKey }));
      setHotline(result.hotline);
      markSosRaised();
      setScreen({ kind: 'sent', result });
    } catch (e) {
      if (isUnauthorized(e)) return goSetup('invalid');
      if (errorCode(e) === 'possible_duplicate') return setScreen({ kind: 'already', mine: sosRaisedByThisVisit() });
      setScreen({ kind: 'failed', message: errorMessage(e) });
    } finally {
      clearTimeout(slow);
    }
  }

  return {
    screen,
    hotline,
    raise: () => void raise(),
    again: () => void raise({ confirmNew: true }),
    retry: () => void raise({ retry: true }),
  };
}
