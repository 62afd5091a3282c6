import { HelpCallIcon } from '../../components/Icons';
import type { HotlineBigProps, HotlineLineProps } from './types';
import '../Panel/index.css';
import './index.css';

export type { HotlineBigProps, HotlineLineProps } from './types';

/** The community hotline in a sentence, the number in bold. */
export function HotlineLine({ lead, hotline, icon, after, strong = false, testid }: HotlineLineProps) {
  return (
    <p className={`panel__text ${strong ? 'panel__text--strong' : ''}`.trim()} data-testid={testid}>
      {icon}
      {icon ? ' ' : ''}
      {lead} <strong>{hotline}</strong>
      {after}
    </p>
  );
}

/** The hotline in very large digits in a yellow box: the screens where a phone call is the next step. */
export function HotlineBig({ hotline, label = '社区热线', testid }: HotlineBigProps) {
  return (
    <div className="hotline-big">
      <p className="hotline-big__label">
        <HelpCallIcon size={44} />
        <span>{label}</span>
      </p>
      <p className="hotline-big__number" data-testid={testid}>
        {hotline}
      </p>
    </div>
  );
}
