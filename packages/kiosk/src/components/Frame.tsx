import { useEffect, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { endCardSession } from '../api';
import { kioskConfig } from '../config';
import { useIdle } from '../idle';
import { goHome, PAGES } from '../nav';
import { pendingCardNumber, setPendingCardNumber, useCardSession } from '../session';
import { setSpeechOn, speak, useReadAloud, useSpeechOn } from '../speech';
import { ClockIcon, HomeIcon, QuestionIcon, SpeakerIcon } from './Icons';

/**
 * Every kiosk screen: a bar with 返回首页 (except on the welcome screen), the screen title, the
 * 朗读 toggle and 帮助; the idle warning (in the page, never a pop-up); then the screen itself.
 * `speech` is what the screen reads aloud when it appears.
 * Idle: every screen but the welcome screen, and the welcome screen too while someone is signed in;
 * at the end of the warning the person's card session ends and the welcome screen returns.
 */
export function Frame(props: { title: string; speech: string; home?: boolean; idle?: boolean; children: ReactNode }) {
  const { title, speech, home = false, children } = props;
  const signedIn = useCardSession() !== null;
  const idle = props.idle ?? (!home || signedIn);
  const speechOn = useSpeechOn();
  useReadAloud(speech);
  const cfg = kioskConfig();
  // A card read or signed in: her name, balance and purchases are on the screen, so the shorter private times.
  const privateScreen = signedIn || pendingCardNumber() !== null;
  const graceS = privateScreen ? cfg.privateIdleGraceSeconds : cfg.idleGraceSeconds;
  const idleState = useIdle({
    enabled: idle,
    warnAfterS: privateScreen ? cfg.privateIdleWarnSeconds : cfg.idleWarnSeconds,
    graceS,
    onExpire: () => {
      setPendingCardNumber(null);
      void endCardSession();
      goHome();
    },
  });
  const after = signedIn ? '将退出登录并回到首页' : '将回到首页';

  useEffect(() => {
    if (idleState.warning) speak(`您还在使用吗？${graceS}秒后${after}。如需继续，请点继续使用。`);
  }, [idleState.warning, graceS, after]);

  const isHelp = Taro.getCurrentInstance().router?.path?.startsWith(PAGES.help) ?? false;

  return (
    <div className="kiosk">
      <header className="kiosk-bar">
        <div className="kiosk-bar__side">
          {!home && (
            <button type="button" className="kbtn kbtn--bar" onClick={goHome}>
              <HomeIcon size={36} />
              <span>返回首页</span>
            </button>
          )}
        </div>
        <h1 className="kiosk-bar__title">{title}</h1>
        <div className="kiosk-bar__side kiosk-bar__side--end">
          <button
            type="button"
            className={`kbtn kbtn--bar ${speechOn ? 'kbtn--on' : ''}`}
            aria-pressed={speechOn}
            data-testid="speech-toggle"
            onClick={() => {
              setSpeechOn(!speechOn);
              if (!speechOn) speak(speech);
            }}
          >
            <SpeakerIcon on={speechOn} size={36} />
            <span>朗读：{speechOn ? '开' : '关'}</span>
          </button>
          <button
            type="button"
            className="kbtn kbtn--bar"
            data-testid="help-button"
            aria-current={isHelp ? 'page' : undefined}
            onClick={() => {
              if (!isHelp) void Taro.navigateTo({ url: PAGES.help });
            }}
          >
            <QuestionIcon size={36} />
            <span>帮助</span>
          </button>
        </div>
      </header>

      {idleState.warning && (
        <section className="idle-warning" role="alert" aria-live="assertive">
          <ClockIcon size={56} />
          <p className="idle-warning__text">
            您还在使用吗？<strong>{idleState.secondsLeft}</strong> 秒后{after}。
          </p>
          <button type="button" className="kbtn kbtn--primary" onClick={idleState.extend}>
            继续使用
          </button>
        </section>
      )}

      <main className="kiosk-main">{children}</main>
    </div>
  );
}
