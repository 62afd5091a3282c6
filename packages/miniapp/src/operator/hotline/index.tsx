import { View, Text } from '@tarojs/components';
import { EmergencyAlerts } from '../lib/alerts';
import '../../calls-common/calls.css';
import '../lib/operator.css';
import './index.css';
import { EmptyView, ErrorView, LoadingView } from '../../ui';
import { DetailsStep, ResidentStep, ServiceStep } from './sections';
import { useHotline } from './useHotline';

function SectionTitle({ children }: { children: string }) {
  return (
    <View className="section-title">
      <Text>{children}</Text>
    </View>
  );
}

/** 热线代录: an operator raises a call for a resident who phoned: pick the resident, the service, fill in the form. */
export default function HotlinePage() {
  const s = useHotline();
  const { load, resident, service } = s;
  const alertsBar = <EmergencyAlerts communityId={load.kind === 'ready' ? load.community_id : null} />;
  if (load.kind !== 'ready')
    return (
      <View className="page">
        {alertsBar}
        {load.kind === 'loading' ? (
          <LoadingView />
        ) : load.kind === 'error' ? (
          <ErrorView message={load.message} onRetry={() => void s.fetchAll()} />
        ) : (
          <EmptyView title="尚未选择社区" description="在首页选择所在社区后才能代录呼叫" />
        )}
      </View>
    );
  return (
    <View className="page hotline" data-testid="operator-hotline">
      {alertsBar}
      <Text className="page-title">热线代录</Text>
      <View className="page-subtitle">
        <Text>居民来电时，替他发起呼叫；渠道记为「热线电话」，居民在小程序里也能看到进度。</Text>
      </View>
      <SectionTitle>1. 来电居民</SectionTitle>
      <ResidentStep s={s} residents={load.residents} />
      {resident && (
        <>
          <SectionTitle>2. 服务</SectionTitle>
          <ServiceStep s={s} services={load.services} />
        </>
      )}
      {resident && service && (
        <>
          <SectionTitle>3. 详情</SectionTitle>
          <DetailsStep s={s} community_id={load.community_id} resident={resident} service={service} />
        </>
      )}
    </View>
  );
}
