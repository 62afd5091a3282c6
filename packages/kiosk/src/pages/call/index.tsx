import { useCallback, useEffect, useRef, useState } from 'react';
import { routes, type Service } from '@cc/shared';
import { call, endCardSession, errorCode, errorMessage, isCardSessionOver, isUnauthorized } from '../../api';
import { Frame } from '../../ui';
import {
  AlertIcon,
  CardIcon,
  CheckCircleIcon,
  ClockIcon,
  HelpCallIcon,
  HomeIcon,
  InfoIcon,
  LogoutIcon,
  PinIcon,
  RetryIcon,
} from '../../components/Icons';
import { PAGES, cardUrl, go, goHome, goSetup, replace } from '../../nav';
import { expectedBy, spokenPhone } from '../../call-words';
import { loadCatalogue, newPressKey, pictureOf, toneOf, type KioskCallCreated } from '../../services';
import { cardSession, setCardSession, useCardSession } from '../../session';
import { cachedContext } from '../../terminal';

type Screen =
  | { kind: 'loading' }
  | { kind: 'grid' }
  | { kind: 'sending'; service: Service }
  | { kind: 'sent'; service: Service; result: KioskCallCreated }
  | { kind: 'duplicate'; service: Service }
  | { kind: 'error'; title: string; message: string; hint: string; retry: (() => void) | null; sessionOver: boolean };

/**
 * 呼叫帮助 after card + PIN: the community's services as large pictures, one press sends the call with the
 * registered address (no questions: the station phones back), then a confirmation written big and read aloud.
 * A call in that category still open is answered in plain words, with 仍然发送 for a new problem. No pop-ups.
 */
export default function CallPage() {
  const person = useCardSession();
  const [services, setServices] = useState<Service[]>([]);
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const hotline = cachedContext()?.community.hotline ?? null;
  /** The Idempotency-Key of the press being sent: a retry after a failure is the same press. */
  const pressKey = useRef<string>('');

  const load = useCallback(async () => {
    setScreen({ kind: 'loading' });
    try {
      setServices((await loadCatalogue()).filter((s) => !s.emergency));
      setScreen({ kind: 'grid' });
    } catch (e) {
      if (isUnauthorized(e)) return goSetup('invalid');
      setScreen({
        kind: 'error',
        title: '服务列表没有打开',
        message: errorMessage(e),
        hint: '请点“重试”。',
        retry: () => void load(),
        sessionOver: false,
      });
    }
  }, []);

  useEffect(() => {
    // Opened without a card login (a reload forgets it): card + PIN first, then back here.
    if (!cardSession()) {
      replace(cardUrl('call'));
      return;
    }
    void load();
  }, [load]);

  async function send(service: Service, opts: { confirmNew?: boolean; retry?: boolean } = {}) {
    if (!opts.retry) pressKey.current = newPressKey();
    setScreen({ kind: 'sending', service });
    try {
      const result = await call(routes.kioskCreateCall, {
        body: { service_code: service.service_code, ...(opts.confirmNew ? { confirm_new: true } : {}) },
        idempotencyKey: pressKey.current,
      });
      setScreen({ kind: 'sent', service, result });
    } catch (e) {
      if (isUnauthorized(e)) return goSetup('invalid');
      if (isCardSessionOver(e)) {
        setCardSession(null);
        setScreen({
          kind: 'error',
          title: '呼叫没有发出去',
          message: '登录已超时',
          hint: '请重新刷卡，再呼叫一次。',
          retry: null,
          sessionOver: true,
        });
        return;
      }
      const code = errorCode(e);
      if (code === 'possible_duplicate') return setScreen({ kind: 'duplicate', service });
      if (code === 'address_required')
        return setScreen({
          kind: 'error',
          title: '呼叫没有发出去',
          message: '您还没有登记住址，服务站不知道去哪里',
          hint: '请到社区服务站登记住址，或拨打服务热线。',
          retry: null,
          sessionOver: false,
        });
      if (code === 'too_many_calls')
        return setScreen({
          kind: 'error',
          title: '呼叫没有发出去',
          message: '呼叫太频繁了',
          hint: '请过一会儿再试；着急的话请拨打服务热线。',
          retry: null,
          sessionOver: false,
        });
      setScreen({
        kind: 'error',
        title: '呼叫没有发出去',
        message: errorMessage(e),
        hint: '请点“重试”。',
        retry: () => void send(service, { ...opts, retry: true }),
        sessionOver: false,
      });
    }
  }

  async function logout() {
    await endCardSession();
    goHome();
  }

  const title = '呼叫帮助';
  const speech = speechFor(screen, services, person?.holder_name ?? null, hotline);

  return (
    <Frame title={title} speech={speech}>
      {screen.kind === 'loading' && (
        <section className="panel panel--center" aria-live="polite">
          <p className="panel__title">正在打开服务列表…</p>
        </section>
      )}

      {screen.kind === 'grid' && (
        <>
          <p className="call-intro" data-testid="call-intro">
            {person ? `${person.holder_name}，` : ''}请选择需要的服务，<strong>按一下</strong>就会呼叫服务站
          </p>
          <nav className="svc-grid" aria-label="便民服务" data-testid="service-grid">
            {services.map((s) => {
              const Picture = pictureOf(s);
              return (
                <button
                  key={s.service_code}
                  type="button"
                  className={`svc-tile svc-tile--${toneOf(s.group)}`}
                  data-testid={`service-${s.service_code}`}
                  onClick={() => void send(s)}
                >
                  <span className="svc-tile__picture">
                    <Picture size={128} />
                  </span>
                  <span className="svc-tile__name">{s.service_name}</span>
                  {s.description && <span className="svc-tile__hint">{s.description}</span>}
                </button>
              );
            })}
          </nav>
          <button type="button" className="kbtn kbtn--danger kbtn--wide call-sos" data-testid="call-to-sos" onClick={() => go(PAGES.sos)}>
            <AlertIcon size={44} />
            <span>紧急情况？按这里：紧急求助</span>
          </button>
        </>
      )}

      {screen.kind === 'sending' && (
        <section className="panel panel--center" aria-live="polite" aria-busy="true" data-testid="call-sending">
          <span className="panel__icon">
            <HelpCallIcon size={120} />
          </span>
          <p className="panel__title">正在为您呼叫“{screen.service.service_name}”…</p>
          <p className="panel__text">请稍候，不用再按。</p>
        </section>
      )}

      {screen.kind === 'sent' && <Sent service={screen.service} result={screen.result} onLogout={() => void logout()} />}

      {screen.kind === 'duplicate' && (
        <section className="panel panel--center" data-testid="call-duplicate">
          <span className="panel__icon">
            <InfoIcon size={120} />
          </span>
          <p className="panel__title" data-testid="duplicate-text">
            您已经呼叫过这项服务，服务站正在处理
          </p>
          <p className="panel__text">
            “{screen.service.service_name}”已经在处理了，不用再按，服务站会联系您。
            <br />
            如果是另外一个新问题，请点“仍然发送”。
          </p>
          <div className="actions">
            <button type="button" className="kbtn kbtn--primary kbtn--wide" data-testid="duplicate-home" onClick={goHome}>
              <HomeIcon size={40} />
              <span>返回首页</span>
            </button>
            <button
              type="button"
              className="kbtn kbtn--wide"
              data-testid="send-anyway"
              onClick={() => void send(screen.service, { confirmNew: true })}
            >
              <HelpCallIcon size={40} />
              <span>仍然发送</span>
            </button>
          </div>
        </section>
      )}

      {screen.kind === 'error' && (
        <section className="panel panel--center" data-testid="call-error">
          <div className="notice notice--stack notice--error" role="alert">
            <p className="notice__title">
              <AlertIcon size={40} />
              {screen.title}
            </p>
            <p>{screen.message}</p>
            <p>{screen.hint}</p>
          </div>
          {hotline && (
            <p className="panel__text">
              <HelpCallIcon size={32} /> 服务热线 <strong>{hotline}</strong>
            </p>
          )}
          <div className="actions">
            {screen.sessionOver ? (
              <button type="button" className="kbtn kbtn--primary kbtn--wide" onClick={() => replace(cardUrl('call'))}>
                <CardIcon size={40} />
                <span>重新刷卡</span>
              </button>
            ) : screen.retry ? (
              <button type="button" className="kbtn kbtn--primary kbtn--wide" onClick={screen.retry}>
                <RetryIcon size={40} />
                <span>重试</span>
              </button>
            ) : null}
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

/** The confirmation: what was asked for, where, and that the station will call, in large type. */
function Sent({ service, result, onLogout }: { service: Service; result: KioskCallCreated; onLogout: () => void }) {
  const Picture = pictureOf(service);
  const by = expectedBy(result.call.expected_datetime);
  return (
    <section className="panel panel--center call-sent" data-testid="call-sent">
      <p className="call-sent__head">
        <CheckCircleIcon size={96} />
        <span>呼叫已发送</span>
      </p>
      <dl className="call-facts">
        <div className="call-fact">
          <dt>
            <Picture size={48} />
            <span>您呼叫了</span>
          </dt>
          <dd data-testid="sent-service">{result.call.service_name}</dd>
        </div>
        <div className="call-fact">
          <dt>
            <PinIcon size={48} />
            <span>上门地址</span>
          </dt>
          <dd data-testid="sent-address">{result.call.address}</dd>
        </div>
        <div className="call-fact">
          <dt>
            <HelpCallIcon size={48} />
            <span>接下来</span>
          </dt>
          <dd data-testid="sent-next">社区服务站会打电话联系您</dd>
        </div>
        {by && (
          <div className="call-fact">
            <dt>
              <ClockIcon size={48} />
              <span>预计联系时间</span>
            </dt>
            <dd data-testid="sent-expected">{by.text} 之前</dd>
          </div>
        )}
      </dl>
      <p className="panel__text">
        如有疑问请拨打服务热线 <strong>{result.hotline}</strong>
      </p>
      <div className="actions">
        <button type="button" className="kbtn kbtn--primary kbtn--wide" data-testid="sent-home" onClick={goHome}>
          <HomeIcon size={40} />
          <span>返回首页</span>
        </button>
        <button type="button" className="kbtn kbtn--wide" data-testid="sent-logout" onClick={onLogout}>
          <LogoutIcon size={40} />
          <span>退出登录</span>
        </button>
      </div>
    </section>
  );
}

function speechFor(screen: Screen, services: Service[], holder: string | null, hotline: string | null): string {
  switch (screen.kind) {
    case 'loading':
      return '正在打开服务列表，请稍候。';
    case 'grid':
      return `${holder ? `${holder}，` : ''}请选择需要的服务：${services.map((s) => s.service_name).join('，')}。按一下就会呼叫服务站。紧急情况请按紧急求助。`;
    case 'sending':
      return `正在为您呼叫${screen.service.service_name}，请稍候。`;
    case 'sent': {
      const by = expectedBy(screen.result.call.expected_datetime);
      return (
        `呼叫已发送。您呼叫了${screen.result.call.service_name}。上门地址：${screen.result.call.address}。` +
        `社区服务站会打电话联系您${by ? `，预计${by.spoken}之前` : ''}。如有疑问请拨打服务热线 ${spokenPhone(screen.result.hotline)}。`
      );
    }
    case 'duplicate':
      return `您已经呼叫过这项服务，服务站正在处理。${screen.service.service_name}已经在处理了，不用再按，服务站会联系您。如果是另外一个新问题，请点仍然发送。`;
    case 'error':
      return `${screen.title}。${screen.message}。${screen.hint}${hotline ? `服务热线 ${spokenPhone(hotline)}。` : ''}`;
  }
}
