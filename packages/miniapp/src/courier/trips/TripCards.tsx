import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { DeliveryTrip } from '@cc/shared';
import { when } from '../../commerce/lib';
import { Card, Money, PhotoPicker, tappable, type AttachedPhoto } from '../../ui';
import { openTask } from '../lib/TaskCard';
import { orderNumber } from '../lib/tasks';
import type { MyTrip } from './useTrips';

/** An open trip: the village station, its slot, how many parcels and what the whole trip pays, with 整车接单. */
export function OpenTripCard(props: { trip: DeliveryTrip; busy: string | null; onClaim: () => void }) {
  const { trip: t } = props;
  return (
    <Card className="courier-trip" testid="open-trip">
      <View className="courier-task__head cc-spread">
        <Text className="courier-task__number">{t.station_name}</Text>
        <Text className="courier-trip__count">{t.task_ids.length} 件</Text>
      </View>
      <Text className="courier-muted">{when(t.slot_starts_at)} 起的时段</Text>
      <View className="courier-task__fee">
        <Text className="courier-task__fee-label">整车配送费</Text>
        <Money fen={t.fee_fen} size="lg" />
      </View>
      <Button
        type="primary"
        size="large"
        block
        className="courier-trip__claim"
        loading={props.busy === t.id}
        disabled={props.busy !== null}
        onClick={props.onClaim}
      >
        整车接单
      </Button>
    </Card>
  );
}

/** A trip the courier holds: each parcel opens its task page (取件 there); once picked up, one photo leaves them all. */
export function MyTripCard(props: {
  trip: MyTrip;
  busy: string | null;
  photos: AttachedPhoto[];
  onPhotos: (v: AttachedPhoto[]) => void;
  onDrop: () => void;
}) {
  const { trip } = props;
  const picked = trip.tasks.filter((t) => t.status === 'picked_up').length;
  const all = picked === trip.tasks.length;
  return (
    <Card className="courier-trip" testid="my-trip">
      <View className="courier-task__head cc-spread">
        <Text className="courier-task__number">送到 {trip.station}</Text>
        <Text className="courier-trip__count" data-testid="trip-picked">
          已取 {picked} / {trip.tasks.length} 件
        </Text>
      </View>
      {trip.tasks.map((t) => (
        <View key={t.id} className="courier-trip__parcel" data-testid="trip-parcel" {...tappable(() => openTask(t.id))}>
          <Text>
            订单 {orderNumber(t)} · 取：{t.pickup.label} · {t.status === 'picked_up' ? '已取件' : '待取件'}
          </Text>
        </View>
      ))}
      {picked === 0 ? (
        <Text className="courier-muted">点包裹到任务页取件；取完后在这里拍照，一次放到服务站。</Text>
      ) : (
        <View className="courier-trip__drop">
          {!all && <Text className="courier-muted">还有包裹没取，放下时只放已取的 {picked} 件。</Text>}
          <PhotoPicker value={props.photos} onChange={props.onPhotos} max={1} hint="拍包裹放在服务站的照片" />
          <Button
            type="primary"
            size="large"
            block
            className="courier-trip__drop-btn"
            loading={props.busy === trip.trip_id}
            disabled={props.busy !== null || props.photos.length === 0}
            onClick={props.onDrop}
          >
            放到服务站（{picked} 件）
          </Button>
        </View>
      )}
    </Card>
  );
}
