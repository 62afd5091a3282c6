import type { PanelProps } from './types';
import './index.css';

export type { PanelProps } from './types';

/** The white card a screen's content sits on, with an optional large picture on top. */
export function Panel(props: PanelProps) {
  const { center = false, icon, iconTone = 'info', className = '' } = props;
  return (
    <section
      className={`panel ${center ? 'panel--center' : ''} ${className}`.trim()}
      aria-live={props.live}
      aria-busy={props.busy ? true : undefined}
      aria-labelledby={props.labelledBy}
      role={props.role}
      data-testid={props.testid}
    >
      {icon && <span className={`panel__icon panel__icon--${iconTone}`}>{icon}</span>}
      {props.children}
    </section>
  );
}
