import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import { ErrorView, LoadingView, type Pending } from '../StateView';
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

/** A cursor-paged list's state (commerce/lib's usePaged). */
export type PagedState<T> = Pending | ({ kind: 'ready'; items: T[] } & MoreLineProps);

export interface PagedListProps<T> {
  state: PagedState<T>;
  onRetry(): void;
  /** What stands in the list's place when it has no rows (an EmptyView saying what would be here). */
  empty: ReactNode;
  /** The class of the rows' box. */
  className?: string;
  children(items: T[]): ReactNode;
}

/** A paged list in its page: the spinner, the failure with 重试, `empty`, or the rows with the more-line under them. */
export function PagedList<T>({ state, onRetry, empty, className, children }: PagedListProps<T>) {
  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error') return <ErrorView message={state.message} onRetry={onRetry} />;
  if (state.items.length === 0) return <>{empty}</>;
  return (
    <View className={className}>
      {children(state.items)}
      <MoreLine more={state.more} next={state.next} />
    </View>
  );
}
