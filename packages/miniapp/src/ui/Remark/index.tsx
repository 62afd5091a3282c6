import type { ReactNode } from 'react';
import { Text } from '@tarojs/components';
import './index.css';

export interface RemarkProps {
  /** danger: why something was stopped (a hidden product, a refund asked for); warning: a caution; info: a fact. */
  tone: 'danger' | 'warning' | 'info';
  children: ReactNode;
  className?: string;
}

/**
 * A short remark on a tinted band inside a card: the reason a product was hidden, why a refund was asked. Smaller than
 * a Notice (no title, not announced): it is part of the card it sits in.
 */
export function Remark({ tone, children, className = '' }: RemarkProps) {
  return <Text className={`cc-remark cc-remark--${tone} ${className}`}>{children}</Text>;
}
