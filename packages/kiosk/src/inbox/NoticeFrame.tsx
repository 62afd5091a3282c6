import { Frame, type FrameProps } from '../ui';
import { InboxNotices } from './Notices';
import { useLoginNotices } from './useInboxNotices';

/**
 * A signed-in screen's Frame (我的余额, 呼叫帮助, 取件, 买菜, 家人代买): the first one after card + PIN shows the new
 * notices at the top and reads them before its own words; later screens of the same login are a plain Frame.
 * `ready`: the screen has loaded what it reads (the notices wait for it, so they are read with its first real words).
 */
export function NoticeFrame(props: FrameProps & { ready: boolean }) {
  const { ready, speech, children, ...frame } = props;
  const inbox = useLoginNotices(speech, ready);
  return (
    <Frame {...frame} speech={inbox.speech}>
      <InboxNotices items={inbox.notices} />
      {children}
    </Frame>
  );
}
