import type { ReactNode } from 'react';

/**
 * error: something failed (⚠ before a one-line notice); warn: try again; ok: something was done (green words and border
 * on white, with an icon from the page).
 */
export type NoticeTone = 'error' | 'warn' | 'ok';

export interface NoticeProps {
  tone?: NoticeTone;
  /** With a title: the title in large type with the alert icon, then the lines below it. */
  title?: ReactNode;
  children?: ReactNode;
  /** alert (default) is read out at once; none when a surrounding region already announces it. */
  role?: 'alert' | 'status' | 'none';
  className?: string;
  testid?: string;
}
