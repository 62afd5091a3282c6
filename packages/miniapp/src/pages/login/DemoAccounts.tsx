import { View, Text } from '@tarojs/components';
import { simulatorCode } from './useLogin';

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

function AccountButton(props: { testid: string; title: string; desc: string; busy: boolean; onPress: () => void }) {
  return (
    <button type="button" className="login__account" data-testid={props.testid} onClick={props.onPress}>
      <View className="login__account-body">
        <Text className="login__account-title">{props.title}</Text>
        <Text className="login__account-desc">{props.desc}</Text>
      </View>
      <Text className="login__account-action">{props.busy ? '登录中…' : '登录'}</Text>
    </button>
  );
}

/** 演示登录: one button per seeded person and one for a brand-new WeChat identity; the simulator issues the code. */
export function DemoAccounts(props: {
  simUrl: string;
  busy: string | null;
  signIn: (key: string, getCode: () => Promise<string>) => void;
}) {
  const { simUrl, busy, signIn } = props;
  return (
    <View className="login__demo">
      <View className="section-title">
        <Text>演示登录</Text>
      </View>
      <Text className="muted login__demo-note">选择一个演示账号（由本地微信模拟器签发登录凭证）</Text>
      {DEMO_ACCOUNTS.map((a) => (
        <AccountButton
          key={a.openid}
          testid={`login-${a.openid}`}
          title={`${a.role} ${a.name}`}
          desc="演示账号"
          busy={busy === a.openid}
          onPress={() => signIn(a.openid, () => simulatorCode(simUrl, a.openid))}
        />
      ))}
      <AccountButton
        testid="login-new"
        title="新用户"
        desc="以一个新的微信身份登录"
        busy={busy === 'new'}
        onPress={() => {
          const openid = `demo-new-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
          signIn('new', () => simulatorCode(simUrl, openid));
        }}
      />
    </View>
  );
}
