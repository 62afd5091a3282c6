import type { ReactNode } from 'react';

export interface LoadingViewProps {
  /** What is being done, e.g. 正在查询余额… */
  text: string;
}

export interface ErrorViewProps {
  /** With a title, a stacked notice (title, message, hint); without, the message alone on one line. */
  title?: string;
  message: string;
  hint?: string;
  /** The community hotline, written under the notice. */
  hotline?: string | null;
  /** The buttons: retry, card again, home. */
  children?: ReactNode;
  testid?: string;
  noticeTestid?: string;
}
