import { useState } from 'react';
import { PinInput } from './index';

/** An empty PIN (the six boxes are outlined before a digit is typed) and one with four digits typed. */
export function Demo() {
  const [pin, setPin] = useState('');
  const [typed, setTyped] = useState('1234');
  return (
    <>
      <PinInput name="demo-empty" label="支付密码" value={pin} onChange={setPin} />
      <PinInput name="demo-typed" label="再次输入确认" value={typed} onChange={setTyped} active />
    </>
  );
}
