import { View, Text } from '@tarojs/components';
import type { Order, OrderTracking } from '@cc/shared';
import { Card } from '../ui';
import { useTracking } from './useTracking';
import './tracking.css';

/** "1.2 公里" / "350 米": road distance as people say it. */
export function distanceWords(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${Math.max(10, Math.round(m / 10) * 10)} 米`;
}

const HEADLINES: Partial<Record<OrderTracking['status'], string>> = {
  claimed: '配送员已接单，正在取货',
  picked_up: '配送员正在路上',
};

function updatedWords(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `位置更新于 ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * 配送追踪 on the buyer's order page: the courier's progress, the distance still to go and the arrival (约 N 分钟),
 * live over the real-time channel. Shown only while a courier holds the order's task; no map, a progress line.
 */
export function Tracking({ order }: { order: Pick<Order, 'id' | 'status' | 'delivery'> }) {
  const { tracking: t, progress } = useTracking(order);
  const headline = t ? HEADLINES[t.status] : undefined;
  if (!t || !headline) return null;
  const percent = Math.round(progress * 100);
  return (
    <Card title="配送追踪" testid="order-tracking">
      <Text className="cc-tracking__headline" data-testid="tracking-headline">
        {headline}
      </Text>
      {t.eta_minutes !== null && t.remaining_m !== null ? (
        <View className="cc-tracking__facts">
          <Text className="cc-tracking__eta" data-testid="tracking-eta">
            {t.eta_minutes === 0 ? '即将送达' : `约 ${t.eta_minutes} 分钟送达`}
          </Text>
          <Text className="cc-tracking__distance" data-testid="tracking-distance">
            距您约 {distanceWords(t.remaining_m)}
          </Text>
        </View>
      ) : (
        <Text className="cc-tracking__muted">配送员的位置暂未更新</Text>
      )}
      <View
        className="cc-tracking__line"
        role="progressbar"
        aria-label="配送进度"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <View className="cc-tracking__done" style={{ width: `${percent}%` }} />
      </View>
      {t.updated_at && <Text className="cc-tracking__muted">{updatedWords(t.updated_at)}</Text>}
    </Card>
  );
}
