import { formatFen, type PublishInboxEvent } from '@cc/shared';
import type { Ledger } from './ledger';
import type { TopupDoc, TransferDoc } from './models';

const WALLET_PAGE = '/wallet/index/index';

/** Tells the card holder their top-up arrived (once per top-up, whoever finishes it: the notify, a query, recovery). */
export async function tellTopup(publish: PublishInboxEvent, t: TopupDoc): Promise<void> {
  await publish({
    event_id: `wallet_topup:${t._id}`,
    user_id: t.user_id,
    kind: 'wallet_topup',
    title: '充值成功',
    body: `市民卡${t.channel === 'cash' ? '服务站现金' : '微信'}充值 ${formatFen(t.amount_fen)} 已到账`,
    link: WALLET_PAGE,
    amount_fen: t.amount_fen,
  });
}

/**
 * Tells the payer when a payment took their balance below `low_fen` (only the payment that crossed the line, so a
 * person paying several times on a low balance is told once per crossing; the transfer keys the event).
 */
export async function tellIfLow(
  deps: { ledger: Ledger; publish: PublishInboxEvent; low_fen: number },
  user_id: string,
  paid: TransferDoc,
): Promise<void> {
  if (paid.status !== 'posted' || deps.low_fen <= 0) return;
  const { balance_fen } = await deps.ledger.requireAccount(paid.debit_account_id);
  if (balance_fen >= deps.low_fen || balance_fen + paid.amount_fen < deps.low_fen) return;
  await deps.publish({
    event_id: `wallet_low_balance:${paid._id}`,
    user_id,
    kind: 'wallet_low_balance',
    title: '余额不足提醒',
    body: `市民卡余额还剩 ${formatFen(balance_fen)}，请及时充值`,
    link: WALLET_PAGE,
    amount_fen: balance_fen,
  });
}
