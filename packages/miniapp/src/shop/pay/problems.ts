import { ApiError, formatFen, type Wallet } from '@cc/shared';
import { errorMessage } from '../../api';
import { WALLET_BIND, WALLET_HOME, WALLET_PIN, WALLET_TOPUP, when } from '../lib';

/** A refusal of the wallet in plain words, with the one thing the person can do about it. */
export type Problem = { title: string; text: string; action?: { label: string; url: string } };

export function explain(e: unknown, total: number, wallet: Wallet): Problem {
  const code = e instanceof ApiError ? e.code : '';
  switch (code) {
    case 'insufficient_funds':
      return {
        title: '钱包余额不足',
        text: `这次要付 ${formatFen(total)}，钱包里只有 ${formatFen(wallet.balance_fen)}。请先充值，订单会为您保留到付款截止时间。`,
        action: { label: '去充值', url: WALLET_TOPUP },
      };
    case 'card_locked':
      return {
        title: '支付密码已锁定',
        text: '密码连续输错 5 次，市民卡已锁定 30 分钟。请稍后再付款；忘记密码请带身份证到社区服务站重置。',
      };
    case 'daily_cap_exceeded':
      return {
        title: '超过今日支付限额',
        text: `每天最多付 ${formatFen(wallet.limits.daily_cap_fen)}，今天已经付了 ${formatFen(wallet.limits.spent_today_fen)}。请明天再付，或减少商品后重新下单。`,
      };
    case 'card_not_bound':
      return { title: '还没有绑定市民卡', text: '用钱包付款要先绑定市民卡。', action: { label: '去绑卡', url: WALLET_BIND } };
    case 'pin_not_set':
      return { title: '还没有设置支付密码', text: '超过免密额度的付款需要 6 位支付密码。', action: { label: '去设置', url: WALLET_PIN } };
    case 'card_frozen':
      return {
        title: '市民卡已挂失冻结',
        text: '冻结期间不能付款。补办新卡后余额会转到新卡上。',
        action: { label: '查看钱包', url: WALLET_HOME },
      };
    case 'card_replaced':
      return { title: '这张卡已补办新卡', text: '请在钱包里确认新卡后再付款。', action: { label: '查看钱包', url: WALLET_HOME } };
    case 'payment_expired':
    case 'not_payable':
      return { title: '订单已超时取消', text: '超过付款时间，订单已自动取消，库存已释放。可以重新下单。' };
    default:
      return { title: '付款没有成功', text: errorMessage(e) };
  }
}

/** The same words as the API's refusal with this code, said before the person taps. */
const refusal = (status: number, code: string) => new ApiError({ type: 'about:blank', title: '', status, code });

/** Whether this total needs the PIN: above the PIN-free limit, or past what is left of today's PIN-free total. */
export const needsPinFor = (wallet: Wallet, total: number) =>
  total > wallet.limits.pin_free_limit_fen || wallet.limits.pin_free_spent_today_fen + total > wallet.limits.pin_free_daily_fen;

/** Why the wallet cannot pay this total now (no card, frozen, locked, no PIN, not enough money); null when it can. */
export function precheck(wallet: Wallet, total: number): Problem | null {
  const card = wallet.card;
  if (!card) return explain(refusal(404, 'card_not_bound'), total, wallet);
  if (card.status === 'frozen') return explain(refusal(403, 'card_frozen'), total, wallet);
  if (card.locked_until && Date.parse(card.locked_until) > Date.now())
    return { title: '支付密码已锁定', text: `密码连续输错 5 次，${when(card.locked_until)} 以后才能再付款。` };
  if (needsPinFor(wallet, total) && !card.pin_set) return explain(refusal(409, 'pin_not_set'), total, wallet);
  if (wallet.balance_fen < total) return explain(refusal(409, 'insufficient_funds'), total, wallet);
  return null;
}
