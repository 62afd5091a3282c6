import { useState } from 'react';
import Taro from '@tarojs/taro';
import { CardNumber, routes } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { WALLET_PAGES } from '../lib';
import { useWallet } from '../useWallet';

/** Why the form cannot be sent yet, or null. */
function invalid(card_number: string, holder_name: string): string | null {
  const number = CardNumber.safeParse(card_number);
  if (!number.success) return number.error.issues[0]?.message ?? '卡号应为 16–19 位数字';
  const chars = [...holder_name].length;
  if (chars < 2 || chars > 20) return '请填写持卡人姓名（2–20 个字）';
  return null;
}

/** 绑定市民卡: the two fields and sending them; the card centre checks that they belong together. */
export function useBind() {
  const { load, reload } = useWallet();
  const [cardNumber, setCardNumber] = useState('');
  const [holder, setHolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    const card_number = cardNumber.replace(/\s+/g, '');
    const holder_name = holder.trim();
    const why = invalid(card_number, holder_name);
    setError(why);
    if (why) return;
    setBusy(true);
    try {
      const card = await call(routes.bindCard, { body: { card_number, holder_name } });
      // Next: the payment PIN, which paying over the PIN-free limit and kiosk login need.
      await Taro.redirectTo({ url: card.pin_set ? WALLET_PAGES.home : `${WALLET_PAGES.pin}?from=bind` });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return {
    load,
    reload,
    cardNumber,
    holder,
    busy,
    error,
    submit,
    setCardNumber: (v: string) => {
      setCardNumber(v);
      setError(null);
    },
    setHolder: (v: string) => {
      setHolder(v);
      setError(null);
    },
  };
}
