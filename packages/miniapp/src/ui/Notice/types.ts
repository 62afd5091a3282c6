import type { ReactNode } from 'react';

export type NoticeTone = 'warning' | 'danger' | 'ok' | 'info';

export interface NoticeProps {
  /** danger is an error (role=alert); the others are read politely (role=status). */
  tone?: NoticeTone;
  title?: string;
  children?: ReactNode;
  className?: string;
  testid?: string;
}
