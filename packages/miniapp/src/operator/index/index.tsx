import { View, Text } from '@tarojs/components';
import { EmergencyAlerts } from '../lib/alerts';
import { scopeOf } from '../lib/scope';
import './index.css';
import { ErrorView, LoadingView } from '../../ui';
import { CallLinks, KioskList, PeopleLink, SectionTitle, ShopLinks } from './sections';
import { useOperatorHome } from './useOperatorHome';

export default function OperatorHome() {
  const { state, load } = useOperatorHome();
  // An admin has no scope of their own, so they see their chosen community's terminals and every user.
  const alertsBar = <EmergencyAlerts communityId={state.kind === 'ready' ? scopeOf(state.me) : null} />;
  if (state.kind !== 'ready')
    return (
      <View className="page">
        {alertsBar}
        {state.kind === 'loading' ? <LoadingView /> : <ErrorView message={state.message} onRetry={() => void load()} />}
      </View>
    );
  const { community, kiosks } = state;
  return (
    <View className="page operator" data-testid="operator-home">
      {alertsBar}
      <Text className="page-title">社区运营</Text>
      <View className="page-subtitle">
        <Text>
          {community ? community.name : '全部社区'}：便民呼叫的受理和派单、社区终端和用户，社区商城的商户审核、退款争议、商品隐藏和订单。
        </Text>
      </View>
      <SectionTitle>便民呼叫</SectionTitle>
      <CallLinks />
      <SectionTitle>社区商城</SectionTitle>
      <ShopLinks />
      <SectionTitle>社区终端</SectionTitle>
      <KioskList kiosks={kiosks} />
      <SectionTitle>居民与角色</SectionTitle>
      <PeopleLink />
    </View>
  );
}
