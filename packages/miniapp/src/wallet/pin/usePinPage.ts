import { useState } from 'react';
import { ApiError, Pin, routes } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { useWallet } from '../useWallet';

export type PinField = 'current' | 'new' | 'confirm';
const LENGTH = 6;

/** Why the three fields cannot be sent yet, or null. */
function invalid(changing: boolean, values: Record<PinField, string>): string | null {
  if (changing && !Pin.safeParse(values.current).success) return '请输入 6 位原支付密码';
  if (!Pin.safeParse(values.new).success) return '请输入 6 位数字的新密码';
  if (values.new !== values.confirm) return '两次输入的新密码不一致，请重新输入';
  return null;
}

/** 设置 / 修改支付密码: the card, the three six-digit fields, the field the pad types into, and sending. */
export function usePinPage() {
  const [done, setDone] = useState(false);
  const { load, reload } = useWallet(done);
  const [values, setValues] = useState<Record<PinField, string>>({ current: '', new: '', confirm: '' });
  const [chosen, setChosen] = useState<PinField | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const card = load.kind === 'ready' ? load.wallet.card : null;
  const changing = Boolean(card?.pin_set);
  const fields: PinField[] = changing ? ['current', 'new', 'confirm'] : ['new', 'confirm'];
  // The pad types into the field the person picked, else into the first one still short of six digits.
  const active = chosen ?? fields.find((f) => values[f].length < LENGTH) ?? fields[fields.length - 1]!;

  const set = (field: PinField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setError(null);
    if (value.length === LENGTH) setChosen(null);
  };
  const clear = (...which: PinField[]) => setValues((v) => ({ ...v, ...Object.fromEntries(which.map((f) => [f, ''])) }));

  async function submit() {
    const why = invalid(changing, values);
    if (why) {
      setError(why);
      if (values.new !== values.confirm) clear('confirm');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call(routes.setPin, { body: changing ? { pin: values.new, current_pin: values.current } : { pin: values.new } });
      setDone(true);
    } catch (e) {
      setError(errorMessage(e));
      const code = e instanceof ApiError ? e.code : '';
      if (code === 'pin_incorrect' || code === 'card_locked') clear('current');
      if (code === 'pin_too_simple') clear('new', 'confirm');
      if (code === 'card_locked') void reload();
    } finally {
      setBusy(false);
    }
  }

  return {
    load,
    reload,
    card,
    changing,
    fields,
    values,
    active,
    busy,
    error,
    done,
    set,
    choose: setChosen,
    typeDigit: (digit: string) => set(active, (values[active] + digit).slice(0, LENGTH)),
    deleteDigit: () => set(active, values[active].slice(0, -1)),
    submit,
  };
}
