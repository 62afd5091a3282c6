import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Frame } from '../../components/Frame';
import { CardIcon, HelpCallIcon, ParcelIcon } from '../../components/Icons';
import { afterLogin, pinUrl, replace } from '../../nav';
import { isCardNumber, useCardReader } from '../../reader';
import { setPendingCardNumber } from '../../session';

/**
 * 刷卡登录 (also where 查询余额 and 呼叫帮助 start; `?next=call` returns to 呼叫帮助 after the PIN). The card reader is a keyboard: card number, then Enter.
 * A card number goes straight to the PIN screen (kept in memory only, never shown nor put in the
 * address); anything else asks for the card again.
 */
export default function CardPage() {
  const [unreadable, setUnreadable] = useState(false);
  const next = afterLogin(Taro.getCurrentInstance().router?.params?.next);
  const forCall = next === 'call';

  useCardReader((digits) => {
    if (!isCardNumber(digits)) {
      setUnreadable(true);
      return;
    }
    setPendingCardNumber(digits);
    replace(pinUrl(next));
  });

  const why = forCall ? '呼叫帮助要先刷卡，服务站才知道您的住址。' : next === 'pickup' ? '取件要先刷卡，确认是您本人的包裹。' : '';
  const speech = unreadable ? '没有读清卡号，请把市民卡重新放到读卡器上。' : `${why}请把市民卡放到读卡器上。`;

  return (
    <Frame title="刷卡登录" speech={speech}>
      <section className="panel panel--center" aria-live="polite">
        <span className="panel__icon">
          <CardIcon size={120} />
        </span>
        {forCall && (
          <p className="panel__text panel__text--strong" data-testid="login-for-call">
            <HelpCallIcon size={36} /> 呼叫帮助要先刷卡，服务站才知道您的住址
          </p>
        )}
        {next === 'pickup' && (
          <p className="panel__text panel__text--strong" data-testid="login-for-pickup">
            <ParcelIcon size={36} /> 取件要先刷卡，确认是您本人的包裹
          </p>
        )}
        <p className="panel__title">请把市民卡放到读卡器上</p>
        {unreadable && (
          <p className="notice notice--error" role="alert" data-testid="card-unreadable">
            没有读清卡号，请把市民卡重新放到读卡器上。
          </p>
        )}
        <p className="panel__text">读卡器在屏幕下方，听到“嘀”一声即可。</p>
      </section>
    </Frame>
  );
}
