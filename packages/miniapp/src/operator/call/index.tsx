import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CallBack } from '../../calls-common/CallBack';
import { CallFacts, CallTimeline } from '../../calls-common/components';
import { isOpen } from '../../calls-common/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { requesterName } from '../lib/scope';
import '../../calls-common/calls.css';
import '../lib/operator.css';
import { ErrorView, LoadingView, Notice } from '../../ui';
import { AckButton, AssignBox, CancelBox, DuplicateBox, MoreActions, NoteForm, namer } from './sections';
import { backToQueue, useCall, type CallPage, type Ready } from './useCall';

/** The call as it stands: escalation, the facts (who, where, when due), the call-back, and the last error. */
function CallHead({ s, r }: { s: CallPage; r: Ready }) {
  const c = r.call;
  const requester = c.requester_id ? r.users.get(c.requester_id) : undefined;
  return (
    <>
      {c.escalation_level > 0 && isOpen(c) && (
        <Notice tone="danger" title={`已超时升级（${c.escalation_level} 级）`}>
          <Text>{c.service_notice ?? '已超过承诺时限'}</Text>
        </Notice>
      )}
      <CallFacts
        call={c}
        service={r.service}
        now={s.now}
        requester={requester ? `${requester.nickname}${requester.phone_masked ? `（${requester.phone_masked}）` : ''}` : requesterName(c)}
        provider={c.provider_id ? (namer(r)(c.provider_id) ?? '服务人员') : null}
      />
      <CallBack call={c} />
      {s.error && (
        <Notice tone="danger" className="operator-call__error">
          <Text>{s.error}</Text>
        </Notice>
      )}
    </>
  );
}

/** One call for the community's operator: acknowledge, assign (a provider with the skill, or auto), close as duplicate, notes, cancel. */
export default function OperatorCallPage() {
  const s = useCall();
  const { state, mode } = s;
  const alertsBar = <EmergencyAlerts communityId={state.kind === 'ready' ? state.call.community_id : null} />;
  if (state.kind !== 'ready')
    return (
      <View className="page">
        {alertsBar}
        {state.kind === 'loading' ? <LoadingView /> : <ErrorView message={state.message} onRetry={() => void s.load()} />}
      </View>
    );
  const c = state.call;
  return (
    <View className="page operator-call" data-testid="operator-call">
      {alertsBar}
      {s.done && (
        <Notice tone="ok" className="operator-call__done">
          <Text>{s.done}</Text>
        </Notice>
      )}
      <CallHead s={s} r={state} />
      {c.status === 'open' && mode === 'none' && <AckButton s={s} r={state} />}
      {c.status === 'acknowledged' && mode === 'none' && <AssignBox s={s} r={state} />}
      {mode === 'duplicate' && <DuplicateBox s={s} r={state} />}
      {mode === 'cancel' && <CancelBox s={s} r={state} />}
      {mode === 'note' && <NoteForm s={s} r={state} />}
      {mode === 'none' && <MoreActions s={s} r={state} />}
      <View className="section-title">
        <Text>处理记录</Text>
      </View>
      <CallTimeline call={c} nameOf={namer(state)} />
      {c.rating !== null && (
        <Notice tone="ok" title={`居民评价 ${c.rating} 星`}>
          {c.rating_comment && <Text>{c.rating_comment}</Text>}
        </Notice>
      )}
      <View className="call-actions">
        <Button block fill="none" onClick={backToQueue}>
          返回呼叫队列
        </Button>
      </View>
    </View>
  );
}
