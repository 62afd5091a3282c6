import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { routes, type Community, type Service } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { CALL_PAGES, groupServices, slaText } from '../../calls-common/lib';
import '../calls.css';
import { EmptyView, ErrorView, LoadingView } from '../../ui';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'no-community' }
  | { kind: 'ready'; community: Community; services: Service[] };

const open = (code: string) => void Taro.navigateTo({ url: `${CALL_PAGES.create}?code=${code}` });

/** 便民服务: the home community's catalogue by group, 紧急求助 first and apart, with the hotline. */
export default function ServicesPage() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const me = await call(routes.getMe, {});
      if (!me.community_id) return setState({ kind: 'no-community' });
      const params = { community_id: me.community_id };
      const [community, { items }] = await Promise.all([
        call(routes.getCommunity, { params }),
        call(routes.listServices, { params, query: {} }),
      ]);
      setState({ kind: 'ready', community, services: items });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useDidShow(() => void load());

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  if (state.kind === 'no-community')
    return (
      <View className="page">
        <EmptyView title="还没有选择所在社区" description="请回到首页选择您所在的社区或村，再来呼叫服务" />
        <Button block type="primary" onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
          回到首页
        </Button>
      </View>
    );

  const { community, services } = state;
  const sos = services.filter((s) => s.emergency);
  const groups = groupServices(services);
  return (
    <View className="page calls-services">
      <Text className="page-title">便民服务呼叫</Text>
      <View className="page-subtitle">
        <Text>{community.name}：选一项服务，社区服务站会安排人员上门，处理进度随时可查。</Text>
      </View>

      {sos.map((s) => (
        <View key={s.service_code} className="calls-sos" data-code={s.service_code}>
          <Text className="calls-sos__title">{s.service_name}</Text>
          <Text className="calls-sos__desc">{s.description}</Text>
          <Button block size="large" type="danger" className="calls-sos__button" onClick={() => open(s.service_code)}>
            发起{s.service_name}
          </Button>
          <View
            className="calls-sos__hotline"
            onClick={() => void Taro.makePhoneCall({ phoneNumber: community.hotline }).catch(() => undefined)}
          >
            <Text>社区热线 </Text>
            <Text className="calls-sos__number">{community.hotline}</Text>
          </View>
          <Text className="calls-sos__note">危及生命请直接拨打 120</Text>
        </View>
      ))}

      <CellGroup>
        <Cell
          className="calls-mine-link"
          title="我的呼叫"
          description="查看进度、取消、评价"
          extra="查看"
          clickable
          onClick={() => void Taro.navigateTo({ url: CALL_PAGES.mine })}
        />
        <Cell
          className="calls-family-link"
          title="紧急联系人"
          description="紧急求助时通知您的亲友"
          extra="设置"
          clickable
          onClick={() => void Taro.navigateTo({ url: CALL_PAGES.family })}
        />
      </CellGroup>

      {groups.length === 0 ? (
        <EmptyView title="本社区还没有开通便民服务" description={`如有需要请拨打社区热线 ${community.hotline}`} />
      ) : (
        groups.map((g) => (
          <View key={g.group} className="calls-group">
            <View className="section-title">
              <Text>{g.group}</Text>
            </View>
            <View className="calls-services__list">
              {g.items.map((s) => (
                <View
                  key={s.service_code}
                  className="calls-service"
                  data-code={s.service_code}
                  role="button"
                  onClick={() => open(s.service_code)}
                >
                  <View className="calls-service__body">
                    <Text className="calls-service__name">{s.service_name}</Text>
                    <Text className="calls-service__desc">{s.description}</Text>
                    <Text className="calls-service__sla">{slaText(s)}</Text>
                  </View>
                  <Text className="calls-service__go">呼叫 ›</Text>
                </View>
              ))}
            </View>
          </View>
        ))
      )}
    </View>
  );
}
