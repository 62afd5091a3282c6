import { useCallback, useEffect, useState } from 'react';
import { formatFen, routes, shanghaiDate, shanghaiTime, type RouteOutput } from '@cc/shared';
import { call, endCardSession, errorMessage, isCardSessionOver, isUnauthorized } from '../../api';
import { Frame } from '../../ui';
import { CardIcon, LogoutIcon } from '../../components/Icons';
import { fenToChineseWords } from '../../money-words';
import { PAGES, goHome, goSetup, replace } from '../../nav';
import { cardSession, setCardSession } from '../../session';

type KioskWallet = RouteOutput<typeof routes.kioskWallet>;
type State = { kind: 'loading' } | { kind: 'error'; message: string; sessionOver: boolean } | { kind: 'ready'; wallet: KioskWallet };

/** "12月1日 10:30" in Asia/Shanghai. */
function when(iso: string): { text: string; spoken: string } {
  const d = new Date(iso);
  const [, m, day] = shanghaiDate(d).split('-');
  const date = `${Number(m)}月${Number(day)}日`;
  return { text: `${date} ${shanghaiTime(d)}`, spoken: date };
}

function speechFor(w: KioskWallet): string {
  const payments = w.last_payments.length
    ? `最近${w.last_payments.length}笔支付：${w.last_payments
        .map((p) => `${when(p.created_at).spoken}，${p.memo}，${fenToChineseWords(p.amount_fen)}`)
        .join('；')}。`
    : '最近没有支付记录。';
  return `${w.holder_name}，您好。您的市民卡余额 ${fenToChineseWords(w.balance_fen)}。${payments}用完请点退出。`;
}

/** 我的余额: the balance in very large type, the last five payments, read aloud; 退出 ends the card session. */
export default function BalancePage() {
  const [state, setState] = useState<State>({ kind: 'loading' });
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

  async function logout() {
    setLeaving(true);
    await endCardSession();
    goHome();
  }

  const speech =
    state.kind === 'ready'
      ? speechFor(state.wallet)
      : state.kind === 'error'
        ? `${state.message}。${state.sessionOver ? '请重新刷卡。' : '请点重试。'}`
        : '正在查询余额，请稍候。';

  return (
    <Frame title="我的余额" speech={speech}>
      {state.kind === 'loading' && (
        <section className="panel panel--center" aria-live="polite">
          <p className="panel__title">正在查询余额…</p>
        </section>
      )}

      {state.kind === 'error' && (
        <section className="panel panel--center">
          <p className="notice notice--error" role="alert" data-testid="balance-error">
            {state.message}
          </p>
          {state.sessionOver ? (
            <button type="button" className="kbtn kbtn--primary kbtn--wide" onClick={() => replace(PAGES.card)}>
              <CardIcon size={40} />
              <span>重新刷卡</span>
            </button>
          ) : (
            <button type="button" className="kbtn kbtn--primary kbtn--wide" onClick={() => void load()}>
              <span>重试</span>
            </button>
          )}
        </section>
      )}

      {state.kind === 'ready' && (
        <div className="balance-layout">
          <section className="panel panel--center balance">
            <p className="balance__holder" data-testid="holder-name">
              {state.wallet.holder_name}，您好
            </p>
            <p className="balance__label">市民卡余额</p>
            <p className="balance__amount" data-testid="balance-amount">
              {formatFen(state.wallet.balance_fen)}
            </p>
          </section>

          <section className="panel payments" aria-labelledby="payments-title">
            <h2 id="payments-title" className="payments__title">
              最近五笔支付
            </h2>
            {state.wallet.last_payments.length === 0 ? (
              <p className="panel__text" data-testid="payments-empty">
                最近没有支付记录。
              </p>
            ) : (
              <ol className="payments__list" data-testid="payments">
                {state.wallet.last_payments.map((p) => (
                  <li key={p.transfer_id} className="payment">
                    <span className="payment__what">{p.memo}</span>
                    <span className="payment__when">{when(p.created_at).text}</span>
                    <span className="payment__amount">{formatFen(p.amount_fen)}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      )}

      {state.kind !== 'error' || !state.sessionOver ? (
        <button
          type="button"
          className="kbtn kbtn--primary kbtn--wide balance__logout"
          data-testid="logout"
          disabled={leaving}
          onClick={() => void logout()}
        >
          <LogoutIcon size={40} />
          <span>{leaving ? '正在退出…' : '退出'}</span>
        </button>
      ) : null}
    </Frame>
  );
}
