import { useState } from 'react';
import Taro from '@tarojs/taro';
import { routes } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { HOME_PAGE, setToken } from '../../session';

/** H5 has no wx.login: the simulator mints a code for an openid, exactly as WeChat would for a device. */
export async function simulatorCode(simUrl: string, openid: string): Promise<string> {
  const res = await Taro.request<{ code?: unknown }>({
    url: `${simUrl.replace(/\/$/, '')}/sim/codes`,
    method: 'POST',
    header: { 'content-type': 'application/json' },
    data: JSON.stringify({ openid }),
    dataType: 'json',
  });
  const code = res.data?.code;
  if (res.statusCode !== 200 || typeof code !== 'string') throw new Error('simulator refused');
  return code;
}

export async function wechatCode(): Promise<string> {
  const res = await Taro.login();
  if (!res.code) throw new Error('wx.login gave no code');
  return res.code;
}

/** Signing in with a WeChat code (from wx.login, or the simulator on H5); `busy` names the button at work. */
export function useLogin() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function signIn(key: string, getCode: () => Promise<string>) {
    if (busy) return;
    setBusy(key);
    setError(null);
    let code: string;
    try {
      code = await getCode();
    } catch {
      setBusy(null);
      setError('没有拿到微信登录凭证，请稍后再试');
      return;
    }
    try {
      const session = await call(routes.wechatLogin, { body: { code } });
      setToken(session.token);
      await Taro.reLaunch({ url: HOME_PAGE });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return { busy, error, signIn };
}
