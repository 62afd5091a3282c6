import { useState } from 'react';
import { TextField } from './index';

/** A phone number (with an error while short), a money amount, a disabled field. */
export function Demo() {
  const [phone, setPhone] = useState('1380013');
  const [amount, setAmount] = useState('50.00');
  return (
    <>
      <TextField
        testid="demo-phone"
        label="手机号"
        keypad="tel"
        required
        maxLength={11}
        value={phone}
        onChange={setPhone}
        error={phone.length === 11 ? null : '请填写 11 位手机号'}
      />
      <TextField testid="demo-amount" label="充值金额（元）" keypad="decimal" hint="单笔最多 500 元" value={amount} onChange={setAmount} />
      <TextField testid="demo-card" label="市民卡号" value="3301 **** **** 0387" disabled onChange={() => undefined} />
    </>
  );
}
