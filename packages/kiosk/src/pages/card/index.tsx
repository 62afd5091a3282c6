import { useEffect, useRef, useState } from 'react';
import { Frame } from '../../components/Frame';
import { BackIcon, CardIcon, CheckIcon } from '../../components/Icons';
import { goHome } from '../../nav';

/** A card reader types the card number and Enter within a few hundred ms; slower keys start over. */
const MAX_KEY_GAP_MS = 1000;

/**
 * 刷卡登录. The card reader is a keyboard: card number, then Enter. Only the last four digits are
 * ever shown or kept; the number itself goes nowhere until the wallet issue adds card + PIN login.
 */
export default function CardPage() {
  const [tail, setTail] = useState<string | null>(null);
  const buffer = useRef('');
  const lastKeyAt = useRef(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = Date.now();
      if (t - lastKeyAt.current > MAX_KEY_GAP_MS) buffer.current = '';
      lastKeyAt.current = t;
      if (e.key === 'Enter') {
        const digits = buffer.current;
        buffer.current = '';
        if (digits.length >= 8) setTail(digits.slice(-4));
        e.preventDefault();
        return;
      }
      if (/^[0-9]$/.test(e.key)) {
        buffer.current = (buffer.current + e.key).slice(-32);
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      buffer.current = '';
    };
  }, []);

  const speech = tail ? `已读到卡片，尾号 ${tail.split('').join(' ')}。输入密码登录的功能即将开通。` : '请把市民卡放到读卡器上。';

  return (
    <Frame title="刷卡登录" speech={speech}>
      <section className="panel panel--center" aria-live="polite">
        {tail ? (
          <>
            <span className="panel__icon panel__icon--ok">
              <CheckIcon size={96} />
            </span>
            <p className="panel__title" data-testid="card-read">
              已读到卡片，尾号 {tail}
            </p>
            <p className="panel__text">输入密码登录的功能即将开通。</p>
            <button type="button" className="kbtn kbtn--primary kbtn--wide" onClick={goHome}>
              <BackIcon size={40} />
              <span>返回首页</span>
            </button>
          </>
        ) : (
          <>
            <span className="panel__icon">
              <CardIcon size={120} />
            </span>
            <p className="panel__title">请把市民卡放到读卡器上</p>
            <p className="panel__text">读卡器在屏幕下方，听到“嘀”一声即可。</p>
          </>
        )}
      </section>
    </Frame>
  );
}
