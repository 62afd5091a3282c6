import { useCardSession } from '../../session';
import { cachedContext } from '../../terminal';
import { Frame } from '../../ui';
import { SosAsk, SosDone, SosFailed, SosSending } from './sections';
import { sosSpeech, useSos } from './useSos';

/**
 * 紧急求助: one full screen asks once (确认求助 / 取消, no pop-up), then the call goes out and the screen says, in
 * very large type and aloud, that help is coming and which number to call. No card login is needed: without one
 * the terminal itself raises the call (kioskEmergency) at the station where it stands; with one, the person's own
 * call (kioskCreateCall), so the station knows who it is.
 */
export default function SosPage() {
  const signedIn = useCardSession() !== null;
  const ctx = cachedContext();
  const place = ctx?.station?.name ?? ctx?.community.name ?? '社区服务站';
  const { screen, hotline, raise, again, retry } = useSos();
  return (
    <Frame title="紧急求助" speech={sosSpeech(screen, place, signedIn, hotline)}>
      {screen.kind === 'confirm' && <SosAsk place={place} signedIn={signedIn} onConfirm={raise} />}
      {screen.kind === 'sending' && <SosSending />}
      {(screen.kind === 'sent' || screen.kind === 'already') && (
        <SosDone already={screen.kind === 'already' ? { mine: screen.mine } : null} hotline={hotline} onAgain={again} />
      )}
      {screen.kind === 'failed' && <SosFailed message={screen.message} hotline={hotline} onRetry={retry} />}
    </Frame>
  );
}
