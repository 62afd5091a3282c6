import Taro from '@tarojs/taro';

export const PAGES = {
  home: '/pages/index/index',
  setup: '/pages/setup/index',
  card: '/pages/card/index',
  pin: '/pages/pin/index',
  balance: '/pages/balance/index',
  call: '/pages/call/index',
  sos: '/pages/sos/index',
  help: '/pages/help/index',
  pickup: '/pages/pickup/index',
  staff: '/pages/staff/index',
  shop: '/pages/shop/index/index',
  shopFrequent: '/pages/shop/frequent/index',
  shopPay: '/pages/shop/pay/index',
  approve: '/pages/approve/index',
  family: '/pages/family/index',
} as const;

/** Where card + PIN lead to: 我的余额 by default, or back into 呼叫帮助 or 取件 when that is what the person pressed. */
export type AfterLogin = 'balance' | 'call' | 'pickup' | 'shop' | 'approve' | 'family';

export function afterLogin(value: string | undefined): AfterLogin {
  const known: string[] = ['call', 'pickup', 'shop', 'approve', 'family'];
  return value && known.includes(value) ? (value as AfterLogin) : 'balance';
}

/** The screen card + PIN open. */
export function afterLoginPage(next: AfterLogin): string {
  return PAGES[next];
}

/** The card screen, remembering where to go after the PIN. */
export function cardUrl(next: AfterLogin): string {
  return next === 'balance' ? PAGES.card : `${PAGES.card}?next=${next}`;
}

export function pinUrl(next: AfterLogin): string {
  return next === 'balance' ? PAGES.pin : `${PAGES.pin}?next=${next}`;
}

/** Back to the welcome screen, dropping the page stack (also what the idle timeout does). */
export function goHome(): void {
  void Taro.reLaunch({ url: PAGES.home });
}

export function go(url: string): void {
  void Taro.navigateTo({ url });
}

export function goSetup(reason?: string): void {
  void Taro.reLaunch({ url: reason ? `${PAGES.setup}?reason=${encodeURIComponent(reason)}` : PAGES.setup });
}

/** Replaces the current screen (card → PIN → balance), so 返回 never leads back into a PIN screen. */
export function replace(url: string): void {
  void Taro.redirectTo({ url });
}
