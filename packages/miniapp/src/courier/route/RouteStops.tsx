import { View, Text } from '@tarojs/components';
import { shanghaiTime, type RouteStop } from '@cc/shared';
import { Card, Tag, tappable } from '../../ui';
import { openTask } from '../lib/TaskCard';

const KIND_WORDS: Record<RouteStop['kind'], string> = { pickup: '取件', drop: '送达' };

/** The window as the courier reads it: 18:00–20:00, 20:00 前, 18:00 起; null when the stop has none. */
function windowText(w: RouteStop['window']): string | null {
  const at = (iso: string | null) => (iso ? shanghaiTime(new Date(iso)) : null);
  const [from, to] = [at(w.earliest), at(w.latest)];
  if (from && to) return `${from}–${to}`;
  if (to) return `${to} 前`;
  return from ? `${from} 起` : null;
}

/** One stop: its place in the order, pickup or drop, where, its window and when the plan expects the courier there. */
function Stop({ stop: s }: { stop: RouteStop }) {
  const window = windowText(s.window);
  return (
    <Card className={`courier-stop courier-stop--${s.kind}`} testid="route-stop">
      <View className="courier-stop__body" data-task={s.task_id} data-kind={s.kind} {...tappable(() => openTask(s.task_id))}>
        <View className="courier-stop__head">
          <Text className="courier-stop__seq">{s.seq}</Text>
          <Tag tone={s.kind === 'pickup' ? 'info' : 'success'} className="courier-stop__kind">
            {KIND_WORDS[s.kind]}
          </Tag>
          <Text className="courier-stop__label">{s.label}</Text>
        </View>
        <Text className="courier-task__place">{s.address}</Text>
        <Text className="courier-muted courier-stop__times">
          {window ? `时段 ${window} · ` : ''}预计 <Text data-testid="stop-eta">{shanghaiTime(new Date(s.expected_arrival_at))}</Text> 到达
        </Text>
        {s.late_minutes > 0 && (
          <Text className="courier-stop__late" data-testid="stop-late">
            预计晚到 {s.late_minutes} 分钟
          </Text>
        )}
      </View>
    </Card>
  );
}

export function RouteStops({ stops }: { stops: RouteStop[] }) {
  return (
    <View data-testid="route-stops">
      {stops.map((s) => (
        <Stop key={`${s.task_id}-${s.kind}`} stop={s} />
      ))}
    </View>
  );
}
