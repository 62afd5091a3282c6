import { View, Text } from '@tarojs/components';
import { EmergencyAlerts } from '../lib/alerts';
import { Card, EmptyView, ErrorView, LoadingView, Notice } from '../../ui';
import { AddResident, ResidentRow } from './sections';
import { useWelfare } from './useWelfare';
import './index.css';

/**
 * 独居老人名单 (关怀探访): the residents of the operator's community registered as elderly living alone. When a courier
 * finds nobody answering at such a door, an eldercare call opens and the banner above (on every operator page) says so.
 */
export default function OperatorWelfare() {
  const { state, people, found, error, done, load, actions } = useWelfare();
  const alerts = <EmergencyAlerts communityId={state.kind === 'ready' ? state.community_id : null} />;
  if (state.kind === 'loading' || state.kind === 'error' || state.kind === 'no-community')
    return (
      <View className="page">
        {alerts}
        {state.kind === 'loading' && <LoadingView />}
        {state.kind === 'error' && <ErrorView message={state.message} onRetry={() => void load()} />}
        {state.kind === 'no-community' && <EmptyView title="尚未选择社区" description="独居老人名单按社区登记" />}
      </View>
    );
  const listed = new Set(state.residents.map((r) => r.user_id));
  return (
    <View className="page operator-welfare" data-testid="operator-welfare">
      {alerts}
      <Text className="page-title">独居老人名单</Text>
      <View className="page-subtitle">
        <Text>配送员上门时如果名单上的老人敲门、打电话都没人应，社区会收到关怀探访呼叫，请尽快上门或电话确认平安。</Text>
      </View>
      {error && (
        <Notice tone="danger" testid="welfare-error">
          <Text>{error}</Text>
        </Notice>
      )}
      {done && (
        <Notice tone="ok" testid="welfare-done">
          <Text>{done}</Text>
        </Notice>
      )}
      <Card title={`名单（${state.residents.length} 人）`} testid="welfare-list">
        {state.residents.length === 0 ? (
          <EmptyView title="名单上还没有人" description="在下方查找居民并登记" />
        ) : (
          state.residents.map((r) => (
            <ResidentRow key={r.user_id} resident={r} person={people.get(r.user_id)} onRemove={() => actions.remove(r.user_id)} />
          ))
        )}
      </Card>
      <AddResident found={found} listed={listed} onSearch={actions.search} onRegister={actions.register} />
    </View>
  );
}
