import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { MyLinks, ServiceGroups, SosCard } from './sections';
import { useServices } from './useServices';
import '../calls.css';
import { EmptyView, isPending, PendingPage } from '../../ui';

/** 便民服务: the home community's catalogue by group, 紧急求助 first and apart, with the hotline. */
export default function ServicesPage() {
  const { state, load } = useServices();
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void load()} />;
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
  return (
    <View className="page calls-services">
      <Text className="page-title">便民服务呼叫</Text>
      <View className="page-subtitle">
        <Text>{community.name}：选一项服务，社区服务站会安排人员上门，处理进度随时可查。</Text>
      </View>
      {services
        .filter((s) => s.emergency)
        .map((s) => (
          <SosCard key={s.service_code} service={s} community={community} />
        ))}
      <MyLinks />
      <ServiceGroups services={services} community={community} />
    </View>
  );
}
