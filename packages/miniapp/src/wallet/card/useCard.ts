import { useState } from 'react';
import { CardNumber, routes } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { useWallet } from '../useWallet';

/** 挂失 and 补卡: the confirmation step, the new card number, and what the person is told after each. */
export function useCard() {
  const [reissued, setReissued] = useState<{ last4: string } | null>(null);
  const { load, reload } = useWallet(reissued !== null);
  const [confirming, setConfirming] = useState(false);
  const [newNumber, setNewNumber] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /** Runs one command with the busy flag and its error shown; answers whether it went through. */
  async function run(command: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await command();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const reportLost = () =>
    run(async () => {
      await call(routes.reportCardLost, { body: {} });
      setConfirming(false);
      setNotice('挂失成功，卡片已冻结。任何人都不能再用这张卡付款或在终端登录。');
      await reload();
    });

  const reissue = async () => {
    const new_card_number = newNumber.replace(/\s+/g, '');
    const parsed = CardNumber.safeParse(new_card_number);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '卡号应为 16–19 位数字');
    await run(async () => {
      const card = await call(routes.reissueCard, { body: { new_card_number } });
      setReissued({ last4: card.last4 });
    });
  };

  return {
    load,
    reload,
    confirming,
    setConfirming,
    newNumber,
    setNewNumber: (v: string) => {
      setNewNumber(v);
      setError(null);
    },
    busy,
    error,
    notice,
    reissued,
    reportLost,
    reissue,
  };
}
