import { useState } from 'react';
import { PinDots, PinPad } from './index';

/** The PIN pad with its dots: type digits, 删除 one, 确认 when all six are in (it only empties here). */
export function Demo() {
  const [filled, setFilled] = useState(2);
  return (
    <>
      <PinDots length={6} filled={filled} />
      <PinPad
        length={6}
        filled={filled}
        busy={false}
        onDigit={() => setFilled(Math.min(6, filled + 1))}
        onDelete={() => setFilled(Math.max(0, filled - 1))}
        onConfirm={() => setFilled(0)}
      />
    </>
  );
}
