import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { endCardSession } from '../../api';
import { ClockIcon, HomeIcon, QuestionIcon, SpeakerIcon } from '../../components/Icons';
import { kioskConfig } from '../../config';
import { useIdle } from '../../idle';
import { goHome, PAGES } from '../../nav';
import { pendingCardNumber, setPendingCardNumber, useCardSession } from '../../session';
import { setSpeechOn, speak, useReadAloud, useSpeechOn } from '../../speech';
import { BigButton } from '../BigButton';
import type { FrameProps, IdleWarningProps } from './types';
import './index.css';

export type { FrameProps, IdleWarningProps } from './types';

/** The idle timer of a screen: the shorter private times while a card is read or someone is signed in. */
function useScreenIdle(enabled: boolean, signedIn: boolean) {
  const cfg = kioskConfig();
  // A card read or signed in: her name, balance and purchases are on the screen, so the shorter private times.
  const privateScreen = signedIn || pendingCardNumber() !== null;
  const graceS = privateScreen ? cfg.privateIdleGraceSeconds : cfg.idleGraceSeconds;
  const idleState = useIdle({
    enabled,
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
  return { ...idleState, after };
}

/**
 * Every kiosk screen: a bar with 返回首页 (except on the welcome screen), the screen title, the
 * 朗读 toggle and 帮助; the idle warning (in the page, never a pop-up); then the screen itself.
 * Idle: every screen but the welcome screen, and the welcome screen too while someone is signed in;
 * at the end of the warning the person's card session ends and the welcome screen returns.
 */
export function Frame(props: FrameProps) {
  const { title, speech, home = false, children } = props;
  const signedIn = useCardSession() !== null;
  useReadAloud(speech);
  const idle = useScreenIdle(props.idle ?? (!home || signedIn), signedIn);
  return (
    <div className="kiosk">
      <header className="kiosk-bar">
        <div className="kiosk-bar__side">{!home && <BigButton bar icon={<HomeIcon size={36} />} label="返回首页" onClick={goHome} />}</div>
        <h1 className="kiosk-bar__title">{title}</h1>
        <div className="kiosk-bar__side kiosk-bar__side--end">
          <SpeechToggle speech={speech} />
          <HelpButton />
        </div>
      </header>
      {idle.warning && <IdleWarning secondsLeft={idle.secondsLeft} after={idle.after} onExtend={idle.extend} />}
      <main className="kiosk-main">{children}</main>
    </div>
  );
}

function SpeechToggle({ speech }: { speech: string }) {
  const speechOn = useSpeechOn();
  return (
    <BigButton
      bar
      pressed={speechOn}
      testid="speech-toggle"
      icon={<SpeakerIcon on={speechOn} size={36} />}
      label={`朗读：${speechOn ? '开' : '关'}`}
      onClick={() => {
        setSpeechOn(!speechOn);
        if (!speechOn) speak(speech);
      }}
    />
  );
}

function HelpButton() {
  const isHelp = Taro.getCurrentInstance().router?.path?.startsWith(PAGES.help) ?? false;
  return (
    <BigButton
      bar
      testid="help-button"
      current={isHelp}
      icon={<QuestionIcon size={36} />}
      label="帮助"
      onClick={() => {
        if (!isHelp) void Taro.navigateTo({ url: PAGES.help });
      }}
    />
  );
}

/** The idle warning: part of the page, not a pop-up, with 继续使用. */
export function IdleWarning({ secondsLeft, after, onExtend }: IdleWarningProps) {
  return (
    <section className="idle-warning" role="alert" aria-live="assertive">
      <ClockIcon size={56} />
      <p className="idle-warning__text">
        您还在使用吗？<strong>{secondsLeft}</strong> 秒后{after}。
      </p>
      <BigButton tone="primary" label="继续使用" onClick={onExtend} />
    </section>
  );
}
