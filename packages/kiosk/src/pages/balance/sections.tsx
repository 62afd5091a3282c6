import { formatFen } from '@cc/shared';
import { CardIcon, LogoutIcon } from '../../components/Icons';
import { PAGES, replace } from '../../nav';
import { BigButton, ErrorView, MoneyLine, Panel } from '../../ui';
import { when, type KioskWallet } from './useBalance';

/** The wallet could not be read: what went wrong, then 重新刷卡 (the login ran out) or 重试. */
export function BalanceError(props: { message: string; sessionOver: boolean; onRetry: () => void }) {
  return (
    <ErrorView message={props.message} noticeTestid="balance-error">
      {props.sessionOver ? (
        <BigButton tone="primary" wide icon={<CardIcon size={40} />} label="重新刷卡" onClick={() => replace(PAGES.card)} />
      ) : (
        <BigButton tone="primary" wide label="重试" onClick={props.onRetry} />
      )}
    </ErrorView>
  );
}

/** The balance in very large type, and the last five payments beside it (landscape) or under it (portrait). */
export function Wallet({ wallet }: { wallet: KioskWallet }) {
  return (
    <div className="balance-layout">
      <Panel center className="balance">
        <p className="balance__holder" data-testid="holder-name">
          {wallet.holder_name}，您好
        </p>
        <p className="balance__label">市民卡余额</p>
        <p className="balance__amount" data-testid="balance-amount">
          {formatFen(wallet.balance_fen)}
        </p>
      </Panel>
      <Panel className="payments" labelledBy="payments-title">
        <h2 id="payments-title" className="payments__title">
          最近五笔支付
        </h2>
        {wallet.last_payments.length === 0 ? (
          <p className="panel__text" data-testid="payments-empty">
            最近没有支付记录。
          </p>
        ) : (
          <ol className="payments__list" data-testid="payments">
            {wallet.last_payments.map((p) => (
              <MoneyLine key={p.transfer_id} what={p.memo} when={when(p.created_at).text} amount_fen={p.amount_fen} />
            ))}
          </ol>
        )}
      </Panel>
    </div>
  );
}

/** 退出: ends the card session (正在退出… while it does). */
export function LogoutButton({ leaving, onLogout }: { leaving: boolean; onLogout: () => void }) {
  return (
    <BigButton
      tone="primary"
      wide
      className="balance__logout"
      testid="logout"
      disabled={leaving}
      icon={<LogoutIcon size={40} />}
      label={leaving ? '正在退出…' : '退出'}
      onClick={onLogout}
    />
  );
}
