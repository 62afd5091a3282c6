import Taro from '@tarojs/taro';

export const PAGES = {
  home: '/pages/index/index',
  setup: '/pages/setup/index',
  card: '/pages/card/index',
  pin: '/pages/pin/index',
  balance: '/pages/balance/index',
  soon: '/pages/soon/index',
  help: '/pages/help/index',
} as const;

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
