import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { routes } from '@cc/shared';
import { call, endCardSession, errorCode, errorMessage, isUnauthorized } from '../../api';
import { Frame } from '../../components/Frame';
import { AlertIcon, BackIcon, CardIcon, CheckIcon, DeleteIcon, HelpCallIcon } from '../../components/Icons';
import { afterLogin, afterLoginPage, cardUrl, goSetup, replace } from '../../nav';
import { isCardNumber, useCardReader } from '../../reader';
import { pendingCardNumber, setCardSession, setPendingCardNumber } from '../../session';
import { cachedContext } from '../../terminal';

const PIN_LENGTH = 6;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** What went wrong, in words to show and read, and whether another PIN may be tried with this card. */
interface Trouble {
  message: string;
  hint: string;
  retry: boolean;
}

function troubleOf(error: unknown): Trouble {
  const message = errorMessage(error);
  switch (errorCode(error)) {
    case 'pin_incorrect':
      return { message, hint: '请重新输入密码。', retry: true };
    case 'card_locked':
      return { message, hint: '请 30 分钟后再试，或请社区服务站帮忙。', retry: false };
    case 'card_frozen':
    case 'card_replaced':
      return { message, hint: '请到社区服务站办理。', retry: false };
    case 'card_not_bound':
      return { message, hint: '可以在微信小程序“市民卡钱包”里绑定，或到社区服务站办理。', retry: false };
    case 'pin_not_set':
      return { message, hint: '可以在微信小程序“市民卡钱包”里设置，或到社区服务站办理。', retry: false };
    case 'validation_failed':
      return { message: '没有读清卡号', hint: '请把市民卡重新放到读卡器上。', retry: false };
    default:
      return { message, hint: '请再试一次。', retry: true };
  }
}

/**
 * The PIN after a card was read: a large on-screen pad (the digits are never shown or spoken, only
 * dots), then 确认 signs in and opens 我的余额 (or returns to 呼叫帮助, `?next=call`). Every refusal is written on the screen and read aloud,
 * with what to do next; no pop-ups.
 */
export default function PinPage() {
  const [cardNumber, setCardNumber] = useState(() => pendingCardNumber());
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [trouble, setTrouble] = useState<Trouble | null>(null);
  const hotline = cachedContext()?.community.hotline;
  const next = afterLogin(Taro.getCurrentInstance().router?.params?.next);

  // Opened without a card (a reload forgets it): read the card first.
  useEffect(() => {
    if (!cardNumber) replace(cardUrl(next));
  }, [cardNumber, next]);

  // Another card on the reader starts over with that card.
  useCardReader((digits) => {
    if (!isCardNumber(digits) || busy) return;
    setPendingCardNumber(digits);
    setCardNumber(digits);
    setPin('');
    setTrouble(null);
  });

  const tail = cardNumber?.slice(-4) ?? '';
  const blocked = trouble !== null && !trouble.retry;

  async function confirm() {
    if (!cardNumber || busy || pin.length !== PIN_LENGTH) return;
    setBusy(true);
    try {
      const session = await call(routes.kioskCardLogin, { body: { card_number: cardNumber, pin } });
      // Someone else's session left open on this terminal ends first.
      await endCardSession();
      setCardSession({ token: session.token, holder_name: session.holder_name });
      setPendingCardNumber(null);
      replace(afterLoginPage(next));
    } catch (e) {
      if (isUnauthorized(e)) {
        goSetup('invalid');
        return;
      }
      setPin('');
      setTrouble(troubleOf(e));
      setBusy(false);
    }
  }

  function press(digit: string) {
    if (busy || blocked) return;
    setPin((p) => (p.length < PIN_LENGTH ? p + digit : p));
  }

  const speech = trouble
    ? `${trouble.message}。${trouble.hint}${!trouble.retry && hotline ? `需要帮助请拨打服务热线 ${hotline}。` : ''}`
    : `已读到卡片，尾号 ${tail.split('').join(' ')}。请输入 6 位密码，然后点确认。`;

  return (
    <Frame title="输入密码" speech={speech}>
      <section className="panel panel--center pin">
        <p className="panel__title" data-testid="card-read">
          <CardIcon size={48} /> 已读到卡片，尾号 {tail}
        </p>

        {trouble && (
          <div
            className={`notice notice--stack ${trouble.retry ? 'notice--warn' : 'notice--error'}`}
            role="alert"
            data-testid="pin-trouble"
          >
            <p className="notice__title">
              <AlertIcon size={40} />
              {trouble.message}
            </p>
            <p>{trouble.hint}</p>
          </div>
        )}

        {!blocked && (
          <>
            <p className="panel__text">请输入 6 位密码，然后点“确认”</p>
            <div className="pin-dots" role="status" aria-label={`已输入 ${pin.length} 位`} data-testid="pin-dots" data-filled={pin.length}>
              {Array.from({ length: PIN_LENGTH }, (_, i) => (
                <span key={i} className={`pin-dot ${i < pin.length ? 'pin-dot--filled' : ''}`} />
              ))}
            </div>
            <div className="pin-pad" data-testid="pin-pad">
              {KEYS.map((k) => (
                <button key={k} type="button" className="pin-key" data-key={k} disabled={busy} onClick={() => press(k)}>
                  {k}
                </button>
              ))}
              <button
                type="button"
                className="pin-key pin-key--action"
                data-key="delete"
                disabled={busy || pin.length === 0}
                onClick={() => setPin((p) => p.slice(0, -1))}
              >
                <DeleteIcon size={40} />
                <span>删除</span>
              </button>
              <button type="button" className="pin-key" data-key="0" disabled={busy} onClick={() => press('0')}>
                0
              </button>
              <button
                type="button"
                className="pin-key pin-key--confirm"
                data-key="confirm"
                disabled={busy || pin.length !== PIN_LENGTH}
                onClick={() => void confirm()}
              >
                <CheckIcon size={40} />
                <span>{busy ? '请稍候' : '确认'}</span>
              </button>
            </div>
          </>
        )}

        {blocked && (
          <>
            {hotline && (
              <p className="panel__text">
                <HelpCallIcon size={32} /> 需要帮助请拨打服务热线 <strong>{hotline}</strong>
              </p>
            )}
            <button type="button" className="kbtn kbtn--primary kbtn--wide" onClick={() => replace(cardUrl(next))}>
              <CardIcon size={40} />
              <span>重新刷卡</span>
            </button>
          </>
        )}

        {!blocked && (
          <button type="button" className="kbtn kbtn--wide" onClick={() => replace(cardUrl(next))}>
            <BackIcon size={40} />
            <span>换一张卡</span>
          </button>
        )}
      </section>
    </Frame>
  );
}
