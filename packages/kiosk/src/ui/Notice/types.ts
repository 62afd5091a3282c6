import type { ReactNode } from 'react';

/** error: something failed (role=alert, ⚠ before a one-line notice); warn: try again (role=alert too: it is news). */
export type NoticeTone = 'error' | 'warn';

export interface NoticeProps {
  tone?: NoticeTone;
  /** With a title: the title in large type with the alert icon, then the lines below it. */
  title?: ReactNode;
  children?: ReactNode;
  /** alert (default) is read out at once; none when a surrounding region already announces it. */
  role?: 'alert' | 'none';
  testid?: string;
}
