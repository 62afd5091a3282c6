import { NoticeFrame } from '../../inbox/NoticeFrame';
import { RefundList } from '../../inbox/Notices';
import { useRefunds } from '../../inbox/useInboxNotices';
import { LoadingView } from '../../ui';
import { BalanceError, LogoutButton, Wallet } from './sections';
import { balanceSpeech, useBalance, when } from './useBalance';

/**
 * 我的余额: the balance in very large type, the last five payments, read aloud; 退出 ends the card session. Right
 * after login the new notices (a refund back on the card…) come first, on the screen and aloud (NoticeFrame), and
 * the refunds are listed.
 */
export default function BalancePage() {
  const { state, leaving, retry, logout } = useBalance();
  const refunds = useRefunds(state.kind === 'ready');
  return (
    <NoticeFrame title="我的余额" speech={balanceSpeech(state)} ready={state.kind !== 'loading'}>
      {state.kind === 'loading' && <LoadingView text="正在查询余额…" />}
      {state.kind === 'error' && <BalanceError message={state.message} sessionOver={state.sessionOver} onRetry={() => void retry()} />}
      {state.kind === 'ready' && <Wallet wallet={state.wallet} />}
      <RefundList items={refunds} when={when} />
      {state.kind !== 'error' || !state.sessionOver ? <LogoutButton leaving={leaving} onLogout={() => void logout()} /> : null}
    </NoticeFrame>
  );
}
