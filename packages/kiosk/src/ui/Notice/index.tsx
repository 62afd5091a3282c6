import { AlertIcon } from '../../components/Icons';
import type { NoticeProps } from './types';
import './index.css';

export type { NoticeProps, NoticeTone } from './types';

/** A notice written on the screen (never a pop-up): one line, or a title with the lines of what to do next. */
export function Notice({ tone = 'error', title, children, role = 'alert', className, testid }: NoticeProps) {
  const a11y = role === 'none' ? undefined : role;
  const extra = className ? ` ${className}` : '';
  if (title === undefined)
    return (
      <p className={`notice notice--${tone}${extra}`} role={a11y} data-testid={testid}>
        {children}
      </p>
    );
  return (
    <div className={`notice notice--stack notice--${tone}${extra}`} role={a11y} data-testid={testid}>
      <p className="notice__title">
        <AlertIcon size={40} />
        {title}
      </p>
      {children}
    </div>
  );
}
