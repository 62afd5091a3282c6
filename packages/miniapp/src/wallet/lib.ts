import Taro from '@tarojs/taro';
import { shanghaiDate, shanghaiTime, type Card, type StatementEntry } from '@cc/shared';

/** Pages of the wallet sub-package. */
export const WALLET_PAGES = {
  home: '/wallet/index/index',
  topup: '/wallet/topup/index',
  statement: '/wallet/statement/index',
  bind: '/wallet/bind/index',
  pin: '/wallet/pin/index',
  card: '/wallet/card/index',
} as const;

export const CARD_TYPE_NAMES: Record<Card['card_type'], string> = {
  standard: '普通卡',
  senior: '长者卡',
  student: '学生卡',
};

/** The card's state in words (never colour alone), and the tag colour that goes with it. */
export function cardState(card: Card): { text: string; tone: 'success' | 'danger' | 'warning' | 'default' } {
  if (card.status === 'frozen') return { text: '已挂失冻结', tone: 'danger' };
  if (card.status === 'replaced') return { text: '已补卡停用', tone: 'default' };
  if (card.locked_until) return { text: `密码已锁定至 ${shanghaiTime(new Date(card.locked_until))}`, tone: 'warning' };
  if (!card.pin_set) return { text: '未设置支付密码', tone: 'warning' };
  return { text: '正常', tone: 'success' };
}

const KIND_NAMES: Record<string, string> = {
  topup: '充值',
  payment: '支付',
  refund: '退款',
  reissue: '补卡转入',
};

export function kindName(entry: StatementEntry): string {
  return KIND_NAMES[entry.kind] ?? (entry.direction === 'in' ? '收入' : '支出');
}

/** "2025-03-01 10:30", in Asia/Shanghai. */
export function shanghaiDateTime(iso: string): string {
  const d = new Date(iso);
  return `${shanghaiDate(d)} ${shanghaiTime(d)}`;
}

/**
 * A fresh Idempotency-Key for one action of the person (DESIGN §5). The same key is sent again when
 * that action is retried, so a retried top-up is created once. 8–128 of [A-Za-z0-9_.:-].
 */
export function newIdempotencyKey(prefix: string): string {
  const rand = () => Math.floor(Math.random() * 0x100000000).toString(36);
  return `${prefix}:${Date.now().toString(36)}${rand()}${rand()}`;
}

/** Back to the wallet page: it is usually the page below; opened some other way, it replaces this one. */
export function backToWallet(): void {
  const pages = Taro.getCurrentPages();
  const below = (pages[pages.length - 2]?.route ?? '').split('?')[0]?.replace(/^\//, '');
  if (below === WALLET_PAGES.home.slice(1)) void Taro.navigateBack();
  else void Taro.redirectTo({ url: WALLET_PAGES.home });
}
