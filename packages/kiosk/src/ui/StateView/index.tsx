import { HelpCallIcon } from '../../components/Icons';
import { HotlineLine } from '../Hotline';
import { Notice } from '../Notice';
import { Panel } from '../Panel';
import type { ErrorViewProps, LoadingViewProps } from './types';

export type { ErrorViewProps, LoadingViewProps } from './types';

/** A screen waiting for the network: one large line, read politely. */
export function LoadingView({ text }: LoadingViewProps) {
  return (
    <Panel center live="polite">
      <p className="panel__title">{text}</p>
    </Panel>
  );
}

/** A screen whose data did not come: what went wrong, what to do, the hotline and the way on. */
export function ErrorView({ title, message, hint, hotline, children, testid, noticeTestid }: ErrorViewProps) {
  return (
    <Panel center testid={testid}>
      {title === undefined ? (
        <Notice testid={noticeTestid}>{message}</Notice>
      ) : (
        <Notice title={title} testid={noticeTestid}>
          <p>{message}</p>
          {hint && <p>{hint}</p>}
        </Notice>
      )}
      {hotline && <HotlineLine lead="服务热线" hotline={hotline} icon={<HelpCallIcon size={32} />} />}
      {children}
    </Panel>
  );
}
