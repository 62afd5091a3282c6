import { View, Text } from '@tarojs/components';
import { CallBack } from '../../calls-common/CallBack';
import { CallFacts, CallTimeline } from '../../calls-common/components';
import { AcceptOrDecline, Outcome, ProgressNote, RatingNotice, Resolve } from './sections';
import { useProviderCall } from './useProviderCall';
import '../../calls-common/calls.css';
import { isPending, PendingPage } from '../../ui';

/** One service order for its provider: accept or decline (with a reason), progress notes, resolve. */
export default function ProviderCallPage() {
  const p = useProviderCall();
  const { state } = p;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void p.load()} />;
  const c = state.call;
  return (
    <View className="page provider-call-page">
      <Outcome p={p} where="done" />
      <CallFacts call={c} service={state.service} now={p.now} />
      <CallBack call={c} />
      <Outcome p={p} where="error" />
      {c.status === 'assigned' && <AcceptOrDecline p={p} />}
      {c.status === 'in_progress' && <ProgressNote p={p} />}
      {c.status === 'in_progress' && <Resolve p={p} />}
      <View className="section-title">
        <Text>处理记录</Text>
      </View>
      <CallTimeline call={c} />
      <RatingNotice call={c} />
    </View>
  );
}
