import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Cell, CellGroup, Tag } from '@nutui/nutui-react-taro';
import { routes, shanghaiDate, shanghaiTime, type Community, type Kiosk, type Me } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { CALL_PAGES } from '../../calls-common/lib';
import { OPERATOR_SHOP_PAGES } from '../../commerce/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { scopeOf } from '../lib/scope';
import { WelfareLink } from '../welfare/WelfareLink';
import './index.css';
import { EmptyView, ErrorView, LoadingView } from '../../ui';

type State =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; me: Me; community: Community | null; kiosks: Kiosk[] | null };

function lastSeen(iso: string | null): string {
  if (!iso) return '从未上线';
  const d = new Date(iso);
  return `最近上线 ${shanghaiDate(d)} ${shanghaiTime(d)}`;
}

export default function OperatorHome() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      const me = await call(routes.getMe, {});
      const communityId = scopeOf(me);
      const [community, kiosks] = await Promise.all([
        communityId ? call(routes.getCommunity, { params: { community_id: communityId } }) : Promise.resolve(null),
        communityId ? call(routes.listKiosks, { params: { community_id: communityId }, query: { limit: 50 } }) : Promise.resolve(null),
      ]);
      setState({ kind: 'ready', me, community, kiosks: kiosks?.items ?? null });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  // An admin has no scope of their own, so they see their chosen community's terminals and every user.
  const alertsBar = <EmergencyAlerts communityId={state.kind === 'ready' ? scopeOf(state.me) : null} />;
  if (state.kind === 'loading')
    return (
      <View className="page">
        {alertsBar}
        <LoadingView />
      </View>
    );
  if (state.kind === 'error') {
    return (
      <View className="page">
        {alertsBar}
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  }

  const { community, kiosks } = state;
  return (
    <View className="page operator">
      {alertsBar}
      <Text className="page-title">社区运营</Text>
      <View className="page-subtitle">
        <Text>
          {community ? community.name : '全部社区'}：便民呼叫的受理和派单、社区终端和用户，社区商城的商户审核、退款争议、商品隐藏和订单。
        </Text>
      </View>

      <View className="section-title">
        <Text>便民呼叫</Text>
      </View>
      <CellGroup>
        <Cell
          className="operator__queue"
          title="呼叫队列"
          description="紧急求助优先，按承诺时限排序：受理、派单、重复关闭"
          extra="进入"
          clickable
          onClick={() => void Taro.navigateTo({ url: CALL_PAGES.queue })}
        />
        <Cell
          className="operator__hotline"
          title="热线代录"
          description="居民来电时替他发起呼叫"
          extra="进入"
          clickable
          onClick={() => void Taro.navigateTo({ url: CALL_PAGES.hotline })}
        />
      </CellGroup>

      <View className="section-title">
        <Text>社区商城</Text>
      </View>
      <CellGroup>
        {[
          {
            page: OPERATOR_SHOP_PAGES.merchants,
            name: 'merchants',
            title: '商户审核',
            description: '开店的实名认证：核对证件后通过或驳回',
          },
          {
            page: OPERATOR_SHOP_PAGES.disputes,
            name: 'disputes',
            title: '退款争议',
            description: '商家拒绝退款、买家申请介入的订单：裁决',
          },
          { page: OPERATOR_SHOP_PAGES.products, name: 'products', title: '商品隐藏', description: '隐藏问题商品（写明原因）或取消隐藏' },
          { page: OPERATOR_SHOP_PAGES.orders, name: 'orders', title: '社区订单', description: '本社区的全部订单和状态记录' },
        ].map((e) => (
          <Cell
            key={e.name}
            className={`operator__shop operator__shop--${e.name}`}
            title={e.title}
            description={e.description}
            extra="进入"
            clickable
            onClick={() => void Taro.navigateTo({ url: e.page })}
          />
        ))}
      </CellGroup>

      <View className="section-title">
        <Text>社区终端</Text>
      </View>
      {kiosks === null ? (
        <EmptyView title="尚未选择社区" description="在首页选择所在社区后可查看该社区的终端" />
      ) : kiosks.length === 0 ? (
        <EmptyView title="本社区还没有登记终端" />
      ) : (
        <CellGroup>
          {kiosks.map((k) => (
            <Cell
              key={k.id}
              className="operator__kiosk"
              title={k.name}
              description={
                <View>
                  <View>{lastSeen(k.last_seen_at)}</View>
                  <View className="operator__kiosk-id">{k.id}</View>
                </View>
              }
              extra={
                // Text as well as colour: 在线 / 离线.
                <Tag type={k.online ? 'success' : 'default'}>{k.online ? '在线' : '离线'}</Tag>
              }
            />
          ))}
        </CellGroup>
      )}

      <View className="section-title">
        <Text>居民与角色</Text>
      </View>
      <CellGroup>
        <Cell
          className="operator__people"
          title="查找居民、授予角色"
          description="按昵称或手机号（完整或后 4 位）查找；设为服务人员、配送员、农户、采购"
          extra="进入"
          clickable
          onClick={() => void Taro.navigateTo({ url: '/operator/people/index' })}
        />
        <WelfareLink />
      </CellGroup>
    </View>
  );
}
