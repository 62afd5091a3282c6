import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { routes } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { appConfig } from '../../config';
import { HOME_PAGE, setToken } from '../../session';
import './index.css';

interface DemoAccount {
  openid: string;
  name: string;
  role: string;
}

// Seeded demo people (the API's seed gives them their roles). Only offered when the local
// WeChat simulator is configured, i.e. on H5 demo and test deployments.
const DEMO_ACCOUNTS: DemoAccount[] = [
  { openid: 'demo-resident-1', name: '王秀英', role: '居民' },
  { openid: 'demo-farmer-1', name: '陈建国', role: '农户' },
  // Owns 益乐惠民超市 (no role: a community store's owner is a resident who sells); lands on 我的店铺 from the home page.
  { openid: 'demo-store-1', name: '黄立新', role: '店主' },
  { openid: 'demo-buyer-1', name: '李明', role: '采购' },
  { openid: 'demo-courier-1', name: '赵强', role: '配送员' },
  { openid: 'demo-provider-1', name: '孙丽', role: '服务人员' },
  { openid: 'demo-operator-1', name: '周敏', role: '运营' },
  { openid: 'demo-admin-1', name: '吴刚', role: '管理员' },
];

/** H5 has no wx.login: the simulator mints a code for an openid, exactly as WeChat would for a device. */
async function simulatorCode(simUrl: string, openid: string): Promise<string> {
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

async function wechatCode(): Promise<string> {
  const res = await Taro.login();
  if (!res.code) throw new Error('wx.login gave no code');
  return res.code;
}

export default function LoginPage() {
  const { wechatSimUrl } = appConfig();
  const isWeapp = process.env.TARO_ENV === 'weapp';
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function signIn(key: string, getCode: () => Promise<string>) {
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

  return (
    <View className="page login">
      <View className="login__brand">
        <Text className="login__title">社区服务</Text>
        <Text className="login__subtitle">社区购物 · 农产品 · 配送 · 便民服务</Text>
      </View>

      {error && (
        <View className="login__error" role="alert">
          <Text>{error}</Text>
        </View>
      )}

      {isWeapp && (
        <Button type="primary" block size="large" loading={busy === 'wechat'} onClick={() => void signIn('wechat', wechatCode)}>
          微信一键登录
        </Button>
      )}

      {!isWeapp && !wechatSimUrl && (
        <View className="login__hint">
          <Text>请在微信中打开本小程序登录。</Text>
        </View>
      )}

      {!isWeapp && wechatSimUrl && (
        <View className="login__demo">
          <View className="section-title">
            <Text>演示登录</Text>
          </View>
          <Text className="muted login__demo-note">选择一个演示账号（由本地微信模拟器签发登录凭证）</Text>
          <CellGroup>
            {DEMO_ACCOUNTS.map((a) => (
              <Cell
                key={a.openid}
                className="login__account"
                title={`${a.role} ${a.name}`}
                description={a.openid}
                extra={busy === a.openid ? '登录中…' : '登录'}
                clickable
                onClick={() => {
                  if (!busy) void signIn(a.openid, () => simulatorCode(wechatSimUrl, a.openid));
                }}
              />
            ))}
            <Cell
              className="login__account"
              title="新用户"
              description="以一个新的微信身份登录"
              extra={busy === 'new' ? '登录中…' : '登录'}
              clickable
              onClick={() => {
                if (busy) return;
                const openid = `demo-new-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
                void signIn('new', () => simulatorCode(wechatSimUrl, openid));
              }}
            />
          </CellGroup>
        </View>
      )}
    </View>
  );
}
