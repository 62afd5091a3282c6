import { InboxNotices, RefundList } from '../../inbox/Notices';
import { useInboxNotices } from '../../inbox/useInboxNotices';
import { noticesSpeech } from '../../inbox/words';
import { Frame, LoadingView } from '../../ui';
import { BalanceError, LogoutButton, Wallet } from './sections';
import { balanceSpeech, useBalance, when } from './useBalance';

/**
 * 我的余额: the balance in very large type, the last five payments, read aloud; 退出 ends the card session. After
 * login the new notices (a refund back on the card…) come first, on the screen and aloud, and the refunds are listed.
 */
export default function BalancePage() {
  const { state, leaving, retry, logout } = useBalance();
  const inbox = useInboxNotices(state.kind === 'ready');
  // The screen reads itself once the notices are in, so the first reading is not cut off by a second one.
  const speech =
    state.kind === 'ready' && !inbox.settled ? balanceSpeech({ kind: 'loading' }) : noticesSpeech(inbox.notices) + balanceSpeech(state);
  return (
    <Frame title="我的余额" speech={speech}>
      <InboxNotices items={inbox.notices} />
      {state.kind === 'loading' && <LoadingView text="正在查询余额…" />}
      {state.kind === 'error' && <BalanceError message={state.message} sessionOver={state.sessionOver} onRetry={() => void retry()} />}
      {state.kind === 'ready' && <Wallet wallet={state.wallet} />}
      <RefundList items={inbox.refunds} when={when} />
      {state.kind !== 'error' || !state.sessionOver ? <LogoutButton leaving={leaving} onLogout={() => void logout()} /> : null}
    </Frame>
  );
}
