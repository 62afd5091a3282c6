import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { ArrowRight, Location, Phone, Store, Wallet } from '@nutui/icons-react-taro';
import { ROLES, routes, type Community, type Me, type Merchant, type Role } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { clearToken, getToken, goLogin } from '../../session';
import { ROLE_ENTRIES } from '../../roles';
import { EmptyView, ErrorView, LoadingView } from '../../components/StateView';
import './index.css';

/** First page of the wallet sub-package. */
const WALLET_HOME = '/wallet/index/index';
/** First page of the seller sub-package (我的店铺): shop owners land here from the home page. */
const SELLER_HOME = '/seller/index/index';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; me: Me; community: Community | null; choices: Community[] | null; shops: Merchant[] };

/** Roles in display order, each once (a person may hold one role in several communities). */
function heldRoles(me: Me): Role[] {
  const held = new Set(me.roles.map((g) => g.role));
  return ROLES.filter((r) => held.has(r));
}

export default function HomePage() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [picking, setPicking] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!getToken()) {
      goLogin();
      return;
    }
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const me = await call(routes.getMe, {});
      // The shops this person owns (a community store's owner may hold no role at all); never in the way of the rest.
      const shops = call(routes.listMyMerchants, {}).then(
        (r) => r.items,
        () => [] as Merchant[],
      );
      if (me.community_id) {
        const [community, owned] = await Promise.all([call(routes.getCommunity, { params: { community_id: me.community_id } }), shops]);
        setState({ kind: 'ready', me, community, choices: null, shops: owned });
      } else {
        // No community yet: ask the person to pick one before showing anything else.
        const page = await call(routes.listCommunities, { query: { limit: 100 } });
        setState({ kind: 'ready', me, community: null, choices: page.items, shops: await shops });
      }
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  async function pickCommunity(community: Community) {
    setPicking(community.id);
    setNotice(null);
    try {
      const me = await call(routes.updateMe, { body: { community_id: community.id } });
      setState((s) => ({ kind: 'ready', me, community, choices: null, shops: s.kind === 'ready' ? s.shops : [] }));
    } catch (e) {
      setNotice(errorMessage(e));
    } finally {
      setPicking(null);
    }
  }

  async function logout() {
    try {
      await call(routes.logout, { body: {} });
    } catch {
      // The session ends on this device either way; the server forgets it at expiry.
    }
    clearToken();
    goLogin();
  }

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error') {
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  }

  const { me, community, choices, shops } = state;
  const roles = heldRoles(me);

  return (
    <View className="page home">
      <View className="home__header">
        <Text className="home__greeting">您好，{me.nickname}</Text>
        {community && (
          <View className="home__community">
            <Location size={16} color="#0b6e4f" />
            <Text className="home__community-name">{community.name}</Text>
          </View>
        )}
        {community && (
          <View className="home__hotline">
            <Phone size={14} color="#555" />
            <Text>便民热线 {community.hotline}</Text>
          </View>
        )}
      </View>

      {notice && (
        <View className="home__notice" role="alert">
          <Text>{notice}</Text>
        </View>
      )}

      {choices && (
        <View className="home__pick">
          <View className="section-title">
            <Text>请选择您所在的社区或村</Text>
          </View>
          {choices.length === 0 ? (
            <EmptyView title="还没有可选的社区" description="请联系社区服务站开通" />
          ) : (
            <CellGroup>
              {choices.map((c) => (
                <Cell
                  key={c.id}
                  className="home__choice"
                  title={c.name}
                  description={`${c.city}${c.district} · ${c.kind === 'village' ? '村' : '社区'}`}
                  extra={picking === c.id ? '正在保存…' : '选择'}
                  clickable
                  onClick={() => {
                    if (!picking) void pickCommunity(c);
                  }}
                />
              ))}
            </CellGroup>
          )}
        </View>
      )}

      {!choices && (
        <View className="home__roles">
          <View className="section-title">
            <Text>我的服务</Text>
          </View>
          {roles.length === 0 ? (
            <EmptyView title="您还没有开通任何服务" description="请到社区服务站办理" />
          ) : (
            roles.map((role) => {
              const entry = ROLE_ENTRIES[role];
              return (
                <View
                  key={role}
                  className={`role-card role-card--${role}`}
                  data-role={role}
                  onClick={() => void Taro.navigateTo({ url: entry.url })}
                >
                  <View className="role-card__body">
                    <Text className="role-card__title">{entry.title}</Text>
                    <Text className="role-card__desc">{entry.description}</Text>
                  </View>
                  <ArrowRight size={16} color="#888" />
                </View>
              );
            })
          )}
          {shops.length > 0 && (
            <View className="role-card role-card--seller home-shop" onClick={() => void Taro.navigateTo({ url: SELLER_HOME })}>
              <View className="role-card__body">
                <Text className="role-card__title">我的店铺</Text>
                <Text className="role-card__desc">{shops.map((m) => m.name).join('、')}：订单、商品、活动、收入</Text>
              </View>
              <ArrowRight size={16} color="#888" />
            </View>
          )}
          {/* The citizen-card wallet is everybody's, whatever their roles. */}
          <View className="home-wallet" onClick={() => void Taro.navigateTo({ url: WALLET_HOME })}>
            <Wallet size={24} color="#0b6e4f" />
            <View className="role-card__body">
              <Text className="role-card__title">市民卡钱包</Text>
              <Text className="role-card__desc">余额、充值、账单、挂失补卡</Text>
            </View>
            <ArrowRight size={16} color="#888" />
          </View>
          {/* Community stores and co-ops open a shop here (farmers also from their workbench). */}
          {shops.length === 0 && roles.every((r) => r === 'resident' || r === 'farmer') && (
            <View className="home-open-shop" role="button" onClick={() => void Taro.navigateTo({ url: SELLER_HOME })}>
              <Store size={16} color="#0b6e4f" />
              <Text>开店卖货：农户、合作社、社区商店在这里登记</Text>
            </View>
          )}
        </View>
      )}

      <View className="home__footer">
        <Button block fill="outline" type="default" onClick={() => void logout()}>
          退出登录
        </Button>
      </View>
    </View>
  );
}
