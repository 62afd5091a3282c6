import { View, Text } from '@tarojs/components';
import { EmergencyAlerts } from '../lib/alerts';
import { ScopeWaiting } from '../lib/ScopeWaiting';
import '../../commerce/commerce.css';
import '../lib/operator-shop.css';
import { Notice, Tabs } from '../../ui';
import { MerchantList } from './sections';
import { TABS, useMerchants } from './useMerchants';

/** 商户审核: the community's shops by verification status; pending ones are approved or rejected with a reason. */
export default function OperatorMerchants() {
  const s = useMerchants();
  const { scope } = s;
  const alerts = <EmergencyAlerts communityId={s.community_id} />;
  if (scope.kind !== 'ready') return <ScopeWaiting scope={scope} alerts={alerts} onRetry={() => void s.reloadScope()} />;
  return (
    <View className="page op-merchants" data-testid="operator-merchants">
      {alerts}
      {s.done && (
        <Notice tone="ok" className="op-merchants__done">
          <Text>{s.done}</Text>
        </Notice>
      )}
      <Tabs label="商户状态" tabs={TABS} value={s.tab} onChange={s.chooseTab} />
      <MerchantList s={s} />
    </View>
  );
}
