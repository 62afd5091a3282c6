import { View, Text } from '@tarojs/components';
import { CallFacts, CallTimeline } from '../../calls-common/components';
import { isOpen } from '../../calls-common/lib';
import { Cancelled } from './Cancelled';
import { CancelCall, Expected, FeePayment, Rated, Rating, TopNotices } from './sections';
import { useCallDetail } from './useCallDetail';
import '../calls.css';
import { isPending, Notice, PendingPage } from '../../ui';

/** 呼叫详情 for the resident: what was asked, the SLA, service_notice when late, the history, cancel, and the rating. */
export default function CallDetailPage() {
  const d = useCallDetail();
  const { state } = d;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void d.load()} />;

  const { call: c, service } = state;
  const mine = c.requester_id === state.me;
  return (
    <View className="page calls-detail">
      <TopNotices call={c} justCreated={d.justCreated} />
      <CallFacts call={c} service={service} now={d.now} />
      {c.status === 'cancelled' && mine && <Cancelled call={c} />}
      <Expected call={c} />

      {mine && <FeePayment call={c} onPaid={d.update} />}
      {c.status === 'resolved' && mine && c.rating === null && <Rating call={c} onRated={d.update} />}
      <Rated call={c} />

      <View className="section-title">
        <Text>处理记录</Text>
      </View>
      <CallTimeline call={c} />

      {d.actionError && (
        <Notice tone="danger">
          <Text>{d.actionError}</Text>
        </Notice>
      )}
      {isOpen(c) && mine && <CancelCall d={d} call={c} />}
    </View>
  );
}
