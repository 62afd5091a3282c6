import { useCallback, useEffect, useRef, useState } from 'react';
import { routes, WELFARE_CHECK_SERVICE, type Service } from '@cc/shared';
import { call, endCardSession, errorCode, errorMessage, isCardSessionOver, isUnauthorized } from '../../api';
import { expectedBy, spokenPhone } from '../../call-words';
import { cardUrl, goHome, goSetup, replace } from '../../nav';
import { loadCatalogue, newPressKey, type KioskCallCreated } from '../../services';
import { cardSession, setCardSession } from '../../session';

export type CallError = { kind: 'error'; title: string; message: string; hint: string; retry: (() => void) | null; sessionOver: boolean };
export type CallScreen =
  | { kind: 'loading' }
  | { kind: 'grid' }
  | { kind: 'sending'; service: Service }
  | { kind: 'sent'; service: Service; result: KioskCallCreated }
  | { kind: 'duplicate'; service: Service }
  | CallError;

const NOT_SENT = '呼叫没有发出去';

/** The screen after a press that failed (other than a duplicate): what went wrong and what to do next. */
function sendFailure(e: unknown, retry: () => void): CallError {
  const plain = { kind: 'error', title: NOT_SENT, retry: null, sessionOver: false } as const;
  if (isCardSessionOver(e)) return { ...plain, message: '登录已超时', hint: '请重新刷卡，再呼叫一次。', sessionOver: true };
  const code = errorCode(e);
  if (code === 'address_required')
    return { ...plain, message: '您还没有登记住址，服务站不知道去哪里', hint: '请到社区服务站登记住址，或拨打服务热线。' };
  if (code === 'too_many_calls') return { ...plain, message: '呼叫太频繁了', hint: '请过一会儿再试；着急的话请拨打服务热线。' };
  return { ...plain, message: errorMessage(e), hint: '请点“重试”。', retry };
}

/** What 呼叫帮助 reads aloud on each screen. */
export function callSpeech(screen: CallScreen, services: Service[], holder: string | null, hotline: string | null): string {
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

/**
 * 呼叫帮助's state: the community's services (not the emergency one), and a press that sends the call with the
 * registered address. A retry after a failure is the same press (the same Idempotency-Key); 仍然发送 a new one.
 */
export function useCall() {
  const [services, setServices] = useState<Service[]>([]);
  const [screen, setScreen] = useState<CallScreen>({ kind: 'loading' });
  /** The Idempotency-Key of the press being sent: a retry after a failure is the same press. */
  const pressKey = useRef<string>('');

  const load = useCallback(async () => {
    setScreen({ kind: 'loading' });
    try {
      // 紧急求助 has its own button; 关怀探访 is asked for the elder, not by her at the terminal.
      setServices((await loadCatalogue()).filter((s) => !s.emergency && s.service_code !== WELFARE_CHECK_SERVICE));
      setScreen({ kind: 'grid' });
    } catch (e) {
      if (isUnauthorized(e)) return goSetup('invalid');
      const retry = () => void load();
      setScreen({ kind: 'error', title: '服务列表没有打开', message: errorMessage(e), hint: '请点“重试”。', retry, sessionOver: false });
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
      if (isCardSessionOver(e)) setCardSession(null);
      else if (errorCode(e) === 'possible_duplicate') return setScreen({ kind: 'duplicate', service });
      setScreen(sendFailure(e, () => void send(service, { ...opts, retry: true })));
    }
  }

  async function logout() {
    await endCardSession();
    goHome();
  }

  return {
    services,
    screen,
    send: (service: Service, confirmNew = false) => void send(service, confirmNew ? { confirmNew } : {}),
    logout: () => void logout(),
  };
}
