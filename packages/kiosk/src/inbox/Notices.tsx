import type { InboxItem } from '@cc/shared';
import { MoneyLine, Notice, Panel } from '../ui';
import { noticeText } from './words';

/** "12月1日 10:30" in Asia/Shanghai. */
type When = (iso: string) => { text: string };

/** The new notices after login, in large words at the top of the screen (read aloud by the screen's Frame). */
export function InboxNotices({ items }: { items: readonly InboxItem[] }) {
  if (items.length === 0) return null;
  return (
    <Notice tone="ok" role="status" title="新消息" testid="inbox-notices">
      {items.map((i) => (
        <p key={i.id} className="panel__text" data-testid="inbox-notice">
          {noticeText(i)}
        </p>
      ))}
    </Notice>
  );
}

/** The card holder's refunds, newest first, on the balance screen. */
export function RefundList({ items, when }: { items: readonly InboxItem[]; when: When }) {
  if (items.length === 0) return null;
  return (
    <Panel className="payments" labelledBy="refunds-title" testid="refunds">
      <h2 id="refunds-title" className="payments__title">
        最近退款
      </h2>
      <ol className="payments__list">
        {items.map((i) => (
          <MoneyLine key={i.id} what={i.body} when={when(i.created_at).text} amount_fen={i.amount_fen ?? 0} />
        ))}
      </ol>
    </Panel>
  );
}
