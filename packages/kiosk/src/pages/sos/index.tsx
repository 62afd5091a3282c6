import { useEffect, useRef, useState } from 'react';
import { routes } from '@cc/shared';
import { call, errorCode, errorMessage, isCardSessionOver, isUnauthorized } from '../../api';
import { Frame } from '../../ui';
import { AlertIcon, BackIcon, CheckCircleIcon, HelpCallIcon, HomeIcon, RetryIcon } from '../../components/Icons';
import { goHome, goSetup } from '../../nav';
import { spokenPhone } from '../../call-words';
import { loadCatalogue, newPressKey, type KioskCallCreated } from '../../services';
import { cardSession, markSosRaised, setCardSession, sosRaisedByThisVisit, useCardSession } from '../../session';
import { cachedContext } from '../../terminal';

/** How long "正在发出求助" may show before the screen gives the hotline anyway. */
const SLOW_MS = 8000;

type Screen =
  | { kind: 'confirm' }
  | { kind: 'sending' }
  | { kind: 'sent'; result: KioskCallCreated }
  /**
   * An emergency from here (or from this person) is already open: help is already coming. `mine`: raised during this
   * visit; otherwise someone before her asked for help at this terminal, and she can add her own.
   */
  | { kind: 'already'; mine: boolean }
  | { kind: 'failed'; message: string };

/**
 * 紧急求助: one full screen asks once (确认求助 / 取消, no pop-up), then the call goes out and the screen says, in
 * very large type and aloud, that help is coming and which number to call. No card login is needed: without one
 * the terminal itself raises the call (kioskEmergency) at the station where it stands; with one, the person's own
 * call (kioskCreateCall), so the station knows who it is.
 */
export default function SosPage() {
  const person = useCardSession();
  const [screen, setScreen] = useState<Screen>({ kind: 'confirm' });
  const ctx = cachedContext();
  const place = ctx?.station?.name ?? ctx?.community.name ?? '社区服务站';
  const [hotline, setHotline] = useState<string | null>(ctx?.community.hotline ?? null);
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
    const confirm = opts.confirmNew ? { confirm_new: true } : {};
    setScreen({ kind: 'sending' });
    // A slow network must not leave the person waiting on "正在发出": after a few seconds the screen says how to
    // call; if the answer still comes, it shows that help is coming after all.
    const slow = setTimeout(
      () => setScreen((s) => (s.kind === 'sending' ? { kind: 'failed', message: '网络很慢，求助可能还没有发出去' } : s)),
      SLOW_MS,
    );
    try {
      let result: KioskCallCreated | null = null;
      const code = cardSession() ? await (sosCode.current ?? Promise.resolve(null)) : null;
      if (code) {
        try {
          result = await call(routes.kioskCreateCall, { body: { service_code: code, ...confirm }, idempotencyKey });
        } catch (e) {
          // A login that ran out must not hold up help: the terminal raises it instead.
          if (!isCardSessionOver(e)) throw e;
          setCardSession(null);
        }
      }
      result ??= await call(routes.kioskEmergency, { body: confirm, idempotencyKey });
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

  const phone = hotline ? spokenPhone(hotline) : null;
  const speech = {
    confirm: `您需要紧急帮助吗？需要的话，请按确认求助，${place}的值班人员会马上收到。${person ? '' : '不用刷卡，也不用输入密码。'}不需要请按取消。`,
    sending: '正在发出求助，请稍候。',
    sent: `求助已发出，马上有人来帮您，请在这里等候。${phone ? `社区热线 ${phone}。` : ''}危及生命请拨打 1 2 0。`,
    already:
      screen.kind === 'already' && !screen.mine
        ? `这台终端刚才已经有人求助，服务站已经收到。如果您也需要帮助，请按我也需要帮助。${phone ? `社区热线 ${phone}。` : ''}危及生命请拨打 1 2 0。`
        : `您刚才已经求助过，服务站已经收到，马上有人来帮您，请在这里等候。${phone ? `社区热线 ${phone}。` : ''}危及生命请拨打 1 2 0。`,
    failed: `求助没有发出去。${phone ? `请马上拨打社区热线 ${phone}。` : ''}危及生命请拨打 1 2 0，报警请拨打 1 1 0。`,
  }[screen.kind];

  return (
    <Frame title="紧急求助" speech={speech}>
      {screen.kind === 'confirm' && (
        <section className="panel panel--center sos" data-testid="sos-ask">
          <span className="sos__icon">
            <AlertIcon size={128} />
          </span>
          <p className="sos__question">您需要紧急帮助吗？</p>
          <p className="panel__text">
            按“确认求助”，<strong>{place}</strong>的值班人员
            <br />
            会马上收到，赶来帮您。
          </p>
          {!person && <p className="panel__text panel__text--strong">不用刷卡，也不用输入密码。</p>}
          <div className="sos__choices">
            <button type="button" className="sos-btn sos-btn--go" data-testid="sos-confirm" onClick={() => void raise()}>
              <AlertIcon size={72} />
              <span>确认求助</span>
            </button>
            <button type="button" className="sos-btn sos-btn--cancel" data-testid="sos-cancel" onClick={goHome}>
              <BackIcon size={72} />
              <span>取消</span>
            </button>
          </div>
          <p className="panel__text">
            危及生命请直接拨打 <strong>120</strong>
          </p>
        </section>
      )}

      {screen.kind === 'sending' && (
        <section className="panel panel--center" aria-live="polite" aria-busy="true" data-testid="sos-sending">
          <span className="sos__icon">
            <AlertIcon size={128} />
          </span>
          <p className="sos__question">正在发出求助…</p>
          <p className="panel__text">请稍候，不用再按。</p>
        </section>
      )}

      {(screen.kind === 'sent' || screen.kind === 'already') && (
        <section className="panel panel--center sos-done" data-testid="sos-sent" role="status">
          <span className="panel__icon panel__icon--ok">
            <CheckCircleIcon size={128} />
          </span>
          <p className="sos-done__title" data-testid="sos-done-title">
            {screen.kind === 'sent' ? '求助已发出' : screen.mine ? '您刚才已经求助过' : '这台终端刚才已有人求助'}
          </p>
          <p className="sos-done__text" data-testid="sos-coming">
            {screen.kind === 'sent' ? '马上有人来帮您' : '服务站已经收到，马上有人来帮您'}
            <br />
            请在这里等候
          </p>
          {hotline && <HotlineBig hotline={hotline} />}
          <p className="panel__text panel__text--strong">
            危及生命请拨打 <strong>120</strong>
          </p>
          <div className="actions">
            {screen.kind === 'already' && (
              <button
                type="button"
                className="kbtn kbtn--danger kbtn--wide"
                data-testid="sos-again"
                onClick={() => void raise({ confirmNew: true })}
              >
                <AlertIcon size={40} />
                <span>{screen.mine ? '再次通知服务站' : '我也需要帮助'}</span>
              </button>
            )}
            <button type="button" className="kbtn kbtn--wide" data-testid="sos-home" onClick={goHome}>
              <HomeIcon size={40} />
              <span>返回首页</span>
            </button>
          </div>
        </section>
      )}

      {screen.kind === 'failed' && (
        <section className="panel panel--center sos-done" data-testid="sos-failed" role="alert">
          <div className="notice notice--stack notice--error">
            <p className="notice__title">
              <AlertIcon size={40} />
              求助没有发出去
            </p>
            <p>{screen.message}</p>
          </div>
          <p className="sos-done__text">请马上打电话求助：</p>
          {hotline && <HotlineBig hotline={hotline} />}
          <p className="panel__text panel__text--strong">
            危及生命请拨打 <strong>120</strong>，报警请拨打 <strong>110</strong>
          </p>
          <div className="actions">
            <button
              type="button"
              className="kbtn kbtn--danger kbtn--wide"
              data-testid="sos-retry"
              onClick={() => void raise({ retry: true })}
            >
              <RetryIcon size={40} />
              <span>再试一次</span>
            </button>
            <button type="button" className="kbtn kbtn--wide" onClick={goHome}>
              <HomeIcon size={40} />
              <span>返回首页</span>
            </button>
          </div>
        </section>
      )}
    </Frame>
  );
}

function HotlineBig({ hotline }: { hotline: string }) {
  return (
    <div className="hotline-big">
      <p className="hotline-big__label">
        <HelpCallIcon size={44} />
        <span>社区热线</span>
      </p>
      <p className="hotline-big__number" data-testid="sos-hotline">
        {hotline}
      </p>
    </div>
  );
}
