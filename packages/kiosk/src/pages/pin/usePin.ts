import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { routes } from '@cc/shared';
import { call, endCardSession, errorCode, errorMessage, isUnauthorized } from '../../api';
import { afterLogin, afterLoginPage, cardUrl, goSetup, replace } from '../../nav';
import { isCardNumber, useCardReader } from '../../reader';
import { pendingCardNumber, setCardSession, setPendingCardNumber } from '../../session';
import { cachedContext } from '../../terminal';

export const PIN_LENGTH = 6;

/** What went wrong, in words to show and read, and whether another PIN may be tried with this card. */
export interface Trouble {
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

/** What the PIN screen reads aloud: the card's last four digits (never the PIN), or the trouble and what to do. */
export function pinSpeech(trouble: Trouble | null, tail: string, hotline: string | undefined): string {
  return trouble
    ? `${trouble.message}。${trouble.hint}${!trouble.retry && hotline ? `需要帮助请拨打服务热线 ${hotline}。` : ''}`
    : `已读到卡片，尾号 ${tail.split('').join(' ')}。请输入 6 位密码，然后点确认。`;
}

/**
 * The PIN screen's state: the card read (another card on the reader starts over with it), the digits typed (kept
 * here only, never shown), and 确认, which signs in and goes on (`?next=`), or says what went wrong.
 */
export function usePin() {
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

  return {
    tail: cardNumber?.slice(-4) ?? '',
    filled: pin.length,
    busy,
    trouble,
    blocked,
    hotline,
    press,
    erase: () => setPin((p) => p.slice(0, -1)),
    confirm: () => void confirm(),
    otherCard: () => replace(cardUrl(next)),
  };
}
