import Taro from '@tarojs/taro';

// The opaque session token from routes.wechatLogin; storage survives restarts on weapp and reloads on H5.
const TOKEN_KEY = 'cc.session_token';

export function getToken(): string | null {
  const value: unknown = Taro.getStorageSync(TOKEN_KEY);
  return typeof value === 'string' && value ? value : null;
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_KEY, token);
}

export function clearToken(): void {
  Taro.removeStorageSync(TOKEN_KEY);
}

export const LOGIN_PAGE = '/pages/login/index';
export const HOME_PAGE = '/pages/index/index';

export function goLogin(): void {
  void Taro.reLaunch({ url: LOGIN_PAGE });
}
