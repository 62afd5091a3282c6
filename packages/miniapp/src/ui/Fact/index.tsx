import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import './index.css';

export interface FactProps {
  label: string;
  children: ReactNode;
  className?: string;
}

/** One line of a fact table: label on the left, value (wrapping) on the right. */
export function Fact({ label, children, className = '' }: FactProps) {
  return (
    <View className={`cc-fact ${className}`}>
      <Text className="cc-fact__label">{label}</Text>
      <View className="cc-fact__value">{children}</View>
    </View>
  );
}
