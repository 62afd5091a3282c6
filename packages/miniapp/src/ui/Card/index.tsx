import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import './index.css';

export interface CardProps {
  children: ReactNode;
  className?: string;
  title?: string;
  testid?: string;
}

/** A white section of a page, with an optional heading. */
export function Card({ children, className = '', title, testid }: CardProps) {
  return (
    <View className={`cc-card ${className}`} data-testid={testid}>
      {title && <Text className="cc-card__title">{title}</Text>}
      {children}
    </View>
  );
}
