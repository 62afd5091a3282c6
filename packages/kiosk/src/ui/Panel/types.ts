import type { ReactNode } from 'react';

export interface PanelProps {
  children: ReactNode;
  /** Everything centred (most screens); otherwise left-aligned (a list). */
  center?: boolean;
  /** A large picture at the top (120 px; 96 in landscape). `ok` draws it green: the words still say it. */
  icon?: ReactNode;
  iconTone?: 'info' | 'ok' | 'danger';
  /** polite: the panel's words are read when they change (a screen that waits). */
  live?: 'polite';
  busy?: boolean;
  role?: 'status' | 'alert';
  className?: string;
  testid?: string;
  labelledBy?: string;
}
