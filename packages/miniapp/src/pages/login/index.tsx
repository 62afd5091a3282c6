import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { appConfig } from '../../config';
import { pageTextClass } from '../../settings/largeText';
import { DemoAccounts } from './DemoAccounts';
import { useLogin, wechatCode } from './useLogin';
import './index.css';
import './accounts.css';

/** 登录: 微信一键登录 in the mini-program; on the H5 demo, the seeded demo people through the WeChat simulator. */
export default function LoginPage() {
  const { wechatSimUrl } = appConfig();
  const isWeapp = process.env.TARO_ENV === 'weapp';
  const { busy, error, signIn } = useLogin();
  return (
    <View className={`page login ${pageTextClass()}`} data-testid="login-page">
      <View className="login__brand">
        <Text className="login__title">社区服务</Text>
        <Text className="login__subtitle">社区购物 · 农产品 · 配送 · 便民服务</Text>
      </View>
      {error && (
        <View className="login__error" role="alert" data-testid="login-error">
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
      {!isWeapp && wechatSimUrl && <DemoAccounts simUrl={wechatSimUrl} busy={busy} signIn={(k, g) => void signIn(k, g)} />}
    </View>
  );
}
