import { type AfterLogin, cardUrl, replace } from '../nav';
import { BigButton, ErrorView } from '../ui';
import { CardIcon } from './Icons';

/**
 * A signed-in screen that could not load: the reason, and 重试 — or 重新刷卡 when the card session is over, which
 * comes back to this screen (`next`) after card + PIN.
 */
export function CardErrorView(props: { message: string; sessionOver: boolean; next: AfterLogin; testid: string; onRetry: () => void }) {
  const { sessionOver } = props;
  return (
    <ErrorView message={props.message} noticeTestid={props.testid}>
      <BigButton
        tone="primary"
        wide
        icon={sessionOver ? <CardIcon size={40} /> : undefined}
        label={sessionOver ? '重新刷卡' : '重试'}
        onClick={() => (sessionOver ? replace(cardUrl(props.next)) : props.onRetry())}
      />
    </ErrorView>
  );
}
