import { useState } from 'react';
import { Frame } from '../../components/Frame';
import { CardIcon } from '../../components/Icons';
import { PAGES, replace } from '../../nav';
import { isCardNumber, useCardReader } from '../../reader';
import { setPendingCardNumber } from '../../session';

/**
 * 刷卡登录 (also where 查询余额 starts). The card reader is a keyboard: card number, then Enter.
 * A card number goes straight to the PIN screen (kept in memory only, never shown nor put in the
 * address); anything else asks for the card again.
 */
export default function CardPage() {
  const [unreadable, setUnreadable] = useState(false);

  useCardReader((digits) => {
    if (!isCardNumber(digits)) {
      setUnreadable(true);
      return;
    }
    setPendingCardNumber(digits);
    replace(PAGES.pin);
  });

  const speech = unreadable ? '没有读清卡号，请把市民卡重新放到读卡器上。' : '请把市民卡放到读卡器上。';

  return (
    <Frame title="刷卡登录" speech={speech}>
      <section className="panel panel--center" aria-live="polite">
        <span className="panel__icon">
          <CardIcon size={120} />
        </span>
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
