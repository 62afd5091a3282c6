import { View, Text } from '@tarojs/components';
import { DELIVERY_VEHICLE_WORDS, DeliveryVehicle } from '@cc/shared';
import { Card, Chips, EmptyView, ErrorView, LoadingView, Notice } from '../../ui';
import { PositionNotice } from '../lib/PositionNotice';
import { RouteStops } from './RouteStops';
import { useRoute, type RouteState } from './useRoute';
import '../lib/courier.css';

const VEHICLES = DeliveryVehicle.options.map((v) => ({ value: v, label: DELIVERY_VEHICLE_WORDS[v] }));

function Plan({ state, onRetry }: { state: RouteState; onRetry: () => void }) {
  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error') return <ErrorView message={state.message} onRetry={onRetry} />;
  const { route } = state;
  if (route.stops.length === 0) return <EmptyView title="手上没有任务" description="抢单后这里按顺序排好取件和送达" />;
  return (
    <>
      <Card className="courier-route__sum" testid="route-summary">
        <Text className="courier-duty__title" data-testid="route-total">
          全程约 {route.total_minutes} 分钟
        </Text>
        <Text className="courier-muted" data-testid="route-travel">
          {route.stops.length} 站，路上约 {route.travel_minutes} 分钟
        </Text>
        {route.waiting_minutes > 0 && (
          <Text className="courier-muted" data-testid="route-waiting">
            等时段开始约 {route.waiting_minutes} 分钟（不算路上）
          </Text>
        )}
      </Card>
      {!route.feasible && (
        <Notice tone="warning" testid="route-infeasible">
          <Text>按这条路线有的时段赶不上，或超出车辆能装的件数。请尽快联系运营人员。</Text>
        </Notice>
      )}
      <RouteStops stops={route.stops} />
    </>
  );
}

/** 配送路线: the courier's pickups and drops in the order to do them, for the vehicle chosen. */
export default function CourierRoutePage() {
  const r = useRoute();
  return (
    <View className="page courier-route" data-testid="courier-route" data-vehicle={r.vehicle}>
      <PositionNotice text={r.positionNotice} />
      <View className="section-title">
        <Text>交通工具</Text>
      </View>
      <Chips options={VEHICLES} value={r.vehicle} onChange={r.choose} small className="courier-route__vehicles" />
      <Plan state={r.state} onRetry={r.reload} />
    </View>
  );
}
