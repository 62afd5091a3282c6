import type { ReactNode } from 'react';
import { Text } from '@tarojs/components';
import './index.css';

/** ok/muted are the older names of success/neutral, kept so callers' tone maps read naturally. */
export type TagTone = 'warning' | 'info' | 'ok' | 'success' | 'muted' | 'neutral' | 'danger';

export interface TagProps {
  tone: TagTone;
  children: ReactNode;
  className?: string;
}

/** A short label in words (never wrapped inside itself); the colour only repeats what the words say. */
export function Tag({ tone, children, className = '' }: TagProps) {
  return <Text className={`cc-tag cc-tag--${tone} ${className}`}>{children}</Text>;
}
