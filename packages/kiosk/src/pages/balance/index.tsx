import { Frame, LoadingView } from '../../ui';
import { BalanceError, LogoutButton, Wallet } from './sections';
import { balanceSpeech, useBalance } from './useBalance';

/** 我的余额: the balance in very large type, the last five payments, read aloud; 退出 ends the card session. */
export default function BalancePage() {
  const { state, leaving, retry, logout } = useBalance();
  return (
    <Frame title="我的余额" speech={balanceSpeech(state)}>
      {state.kind === 'loading' && <LoadingView text="正在查询余额…" />}
      {state.kind === 'error' && <BalanceError message={state.message} sessionOver={state.sessionOver} onRetry={() => void retry()} />}
      {state.kind === 'ready' && <Wallet wallet={state.wallet} />}
      {state.kind !== 'error' || !state.sessionOver ? <LogoutButton leaving={leaving} onLogout={() => void logout()} /> : null}
    </Frame>
  );
}
