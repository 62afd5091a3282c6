import { formatFen, type InboxItem } from '@cc/shared';
import { fenToChineseWords } from '../money-words';

/** Where a refund went back to, as the order's notice says it (a card wallet unless WeChat Pay paid it). */
const refundedTo = (item: InboxItem) => (item.body.includes('微信支付') ? '微信支付' : '市民卡');

/** One inbox item as the kiosk writes it: refunds and top-ups as one plain sentence with the amount. */
export function noticeText(item: InboxItem): string {
  if (item.kind === 'order_refunded' && item.amount_fen !== null)
    return `您有一笔退款 ${formatFen(item.amount_fen)} 已退回${refundedTo(item)}`;
  if (item.kind === 'wallet_topup' && item.amount_fen !== null) return `您的市民卡充值 ${formatFen(item.amount_fen)} 已到账`;
  return `${item.title}：${item.body}`;
}

const AMOUNT = /¥(\d+)\.(\d{2})/g;

/** Text with every ¥ amount in Chinese money words, for reading aloud: ¥12.50 → 十二元五角. */
export function amountsInWords(text: string): string {
  return text.replace(AMOUNT, (_, yuan: string, fen: string) => fenToChineseWords(Number(yuan) * 100 + Number(fen)));
}

/** What the kiosk reads after login: how many new notices, then each of them. Nothing when there are none. */
export function noticesSpeech(items: readonly InboxItem[]): string {
  if (items.length === 0) return '';
  const lines = items.map((i) => amountsInWords(noticeText(i)));
  return `${items.length === 1 ? '' : `您有${items.length}条新消息。`}${lines.join('。')}。`;
}
