import { useCardSession } from '../../session';
import { cachedContext } from '../../terminal';
import { NoticeFrame } from '../../inbox/NoticeFrame';
import { LoadingView } from '../../ui';
import { CallFailed, Duplicate, Sending, Sent, ServiceGrid } from './sections';
import { callSpeech, useCall } from './useCall';

/**
 * 呼叫帮助 after card + PIN: the community's services as large pictures, one press sends the call with the
 * registered address (no questions: the station phones back), then a confirmation written big and read aloud.
 * A call in that category still open is answered in plain words, with 仍然发送 for a new problem. No pop-ups.
 */
export default function CallPage() {
  const person = useCardSession();
  const hotline = cachedContext()?.community.hotline ?? null;
  const { services, screen, send, logout } = useCall();
  const holder = person?.holder_name ?? null;
  return (
    <NoticeFrame title="呼叫帮助" speech={callSpeech(screen, services, holder, hotline)} ready={screen.kind !== 'loading'}>
      {screen.kind === 'loading' && <LoadingView text="正在打开服务列表…" />}
      {screen.kind === 'grid' && <ServiceGrid holder={holder} services={services} onSend={(s) => send(s)} />}
      {screen.kind === 'sending' && <Sending service={screen.service} />}
      {screen.kind === 'sent' && <Sent service={screen.service} result={screen.result} onLogout={logout} />}
      {screen.kind === 'duplicate' && <Duplicate service={screen.service} onSendAnyway={() => send(screen.service, true)} />}
      {screen.kind === 'error' && <CallFailed screen={screen} hotline={hotline} />}
    </NoticeFrame>
  );
}
