import { View, Text } from '@tarojs/components';
import type { NoticeProps } from './types';
import './index.css';

export type { NoticeProps, NoticeTone } from './types';

/** An inline notice: warning, danger (errors, role=alert), ok or info. The words carry the meaning, not the colour. */
export function Notice({ tone = 'warning', title, children, className = '', testid }: NoticeProps) {
  return (
    <View className={`cc-notice cc-notice--${tone} ${className}`} role={tone === 'danger' ? 'alert' : 'status'} data-testid={testid}>
      {title && <Text className="cc-notice__title">{title}</Text>}
      {children}
    </View>
  );
}
