import { useState } from 'react';
import Taro from '@tarojs/taro';
import { afterLogin, pinUrl, replace } from '../../nav';
import { isCardNumber, useCardReader } from '../../reader';
import { setPendingCardNumber } from '../../session';

/**
 * 刷卡登录's state: where to go after the PIN (`?next=`), and the card reader (a keyboard: card number, then Enter).
 * A card number goes straight to the PIN screen (kept in memory only, never shown nor put in the address); anything
 * else asks for the card again.
 */
export function useCard() {
  const [unreadable, setUnreadable] = useState(false);
  const next = afterLogin(Taro.getCurrentInstance().router?.params?.next);

  useCardReader((digits) => {
    if (!isCardNumber(digits)) {
      setUnreadable(true);
      return;
    }
    setPendingCardNumber(digits);
    replace(pinUrl(next));
  });

  const why = next === 'call' ? '呼叫帮助要先刷卡，服务站才知道您的住址。' : next === 'pickup' ? '取件要先刷卡，确认是您本人的包裹。' : '';
  const speech = unreadable ? '没有读清卡号，请把市民卡重新放到读卡器上。' : `${why}请把市民卡放到读卡器上。`;
  return { next, unreadable, speech };
}
