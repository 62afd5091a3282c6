import { View, Text } from '@tarojs/components';
import './index.css';

export interface MoreLineProps {
  more: 'idle' | 'loading' | 'error';
  /** The next page's cursor; null when the list is complete. */
  next: string | null;
}

export function moreWords({ more, next }: MoreLineProps): string {
  if (more === 'loading') return '正在加载…';
  if (more === 'error') return '没能加载更多，请上拉重试';
  return next ? '上拉加载更多' : '没有更多了';
}

/** The line under a list that loads more on reaching the bottom. */
export function MoreLine(props: MoreLineProps) {
  return (
    <View className="cc-more" aria-live="polite">
      <Text>{moreWords(props)}</Text>
    </View>
  );
}
