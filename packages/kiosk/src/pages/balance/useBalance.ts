import { useCallback, useEffect, useState } from 'react';
import { routes, shanghaiDate, shanghaiTime, type RouteOutput } from '@cc/shared';
import { call, endCardSession, errorMessage, isCardSessionOver, isUnauthorized } from '../../api';
import { fenToChineseWords } from '../../money-words';
import { PAGES, goHome, goSetup, replace } from '../../nav';
import { cardSession, setCardSession } from '../../session';

export type KioskWallet = RouteOutput<typeof routes.kioskWallet>;
export type BalanceState =
  { kind: 'loading' } | { kind: 'error'; message: string; sessionOver: boolean } | { kind: 'ready'; wallet: KioskWallet };

/** "12月1日 10:30" in Asia/Shanghai (and "12月1日" to be read aloud). */
export function when(iso: string): { text: string; spoken: string } {
  const d = new Date(iso);
  const [, m, day] = shanghaiDate(d).split('-');
  const date = `${Number(m)}月${Number(day)}日`;
  return { text: `${date} ${shanghaiTime(d)}`, spoken: date };
}

function walletSpeech(w: KioskWallet): string {
  const payments = w.last_payments.length
    ? `最近${w.last_payments.length}笔支付：${w.last_payments
        .map((p) => `${when(p.created_at).spoken}，${p.memo}，${fenToChineseWords(p.amount_fen)}`)
        .join('；')}。`
    : '最近没有支付记录。';
  return `${w.holder_name}，您好。您的市民卡余额 ${fenToChineseWords(w.balance_fen)}。${payments}用完请点退出。`;
}

/** What 我的余额 reads aloud in each state. */
export function balanceSpeech(state: BalanceState): string {
  if (state.kind === 'ready') return walletSpeech(state.wallet);
  if (state.kind === 'error') return `${state.message}。${state.sessionOver ? '请重新刷卡。' : '请点重试。'}`;
  return '正在查询余额，请稍候。';
}

/**
 * 我的余额's state: the signed-in person's wallet (a reload without a card session goes to the card screen), and
 * 退出, which ends the card session and returns to the welcome screen.
 */
export function useBalance() {
  const [state, setState] = useState<BalanceState>({ kind: 'loading' });
  const [leaving, setLeaving] = useState(false);

  const load = useCallback(async () => {
    if (!cardSession()) {
      replace(PAGES.card);
      return;
    }
    setState({ kind: 'loading' });
    try {
      setState({ kind: 'ready', wallet: await call(routes.kioskWallet, {}) });
    } catch (e) {
      if (isUnauthorized(e)) {
        goSetup('invalid');
        return;
      }
      const sessionOver = isCardSessionOver(e);
      if (sessionOver) setCardSession(null);
      setState({ kind: 'error', message: errorMessage(e), sessionOver });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const logout = useCallback(async () => {
    setLeaving(true);
    await endCardSession();
    goHome();
  }, []);

  return { state, leaving, retry: load, logout };
}
