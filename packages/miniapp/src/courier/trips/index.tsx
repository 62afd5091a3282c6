import { View, Text } from '@tarojs/components';
import { EmptyView, ErrorView, isPending, Notice, PendingPage } from '../../ui';
import { MyTripCard, OpenTripCard } from './TripCards';
import { useTrips, type OpenTrips } from './useTrips';
import '../lib/courier.css';

function OpenList({
  open,
  busy,
  onClaim,
  onRetry,
}: {
  open: OpenTrips;
  busy: string | null;
  onClaim: (id: string) => void;
  onRetry: () => void;
}) {
  if (open.kind === 'off') return <EmptyView title="上岗后显示待接的车次" description="在工作台上岗" />;
  if (open.kind === 'error') return <ErrorView message={open.message} onRetry={onRetry} />;
  if (open.items.length === 0) return <EmptyView title="暂时没有待接的车次" description="下拉可以刷新" />;
  return (
    <View data-testid="open-trips">
      {open.items.map((t) => (
        <OpenTripCard key={t.id} trip={t} busy={busy} onClaim={() => onClaim(t.id)} />
      ))}
    </View>
  );
}

/** 村里的车次: parcels going to the same village station in one slot, claimed whole and left there with one photo. */
export default function CourierTrips() {
  const v = useTrips();
  if (isPending(v.state)) return <PendingPage state={v.state} onRetry={() => void v.load()} />;
  const { open, mine } = v.state;
  return (
    <View className="page courier-trips" data-testid="courier-trips">
      {v.notice && (
        <Notice tone={v.notice.tone} testid="trips-notice">
          <Text>{v.notice.text}</Text>
        </Notice>
      )}
      {mine.length > 0 && (
        <>
          <View className="section-title">
            <Text>我接的车次</Text>
          </View>
          {mine.map((t) => (
            <MyTripCard
              key={t.trip_id}
              trip={t}
              busy={v.busy}
              photos={v.photos[t.trip_id] ?? []}
              onPhotos={(p) => v.setPhoto(t.trip_id, p)}
              onDrop={() => void v.drop(t.trip_id)}
            />
          ))}
        </>
      )}
      <View className="section-title">
        <Text>待接的车次</Text>
      </View>
      <OpenList open={open} busy={v.busy} onClaim={(id) => void v.claim(id)} onRetry={() => void v.load()} />
    </View>
  );
}
