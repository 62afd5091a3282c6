import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { ErrorView, LoadingView } from '../../ui';
import type { ScopeState } from './commerce';

/** An operator page before its community is known: the live alerts, then loading, or why it cannot start (重试). */
export function ScopeWaiting({
  scope,
  alerts,
  onRetry,
}: {
  scope: Exclude<ScopeState, { kind: 'ready' }>;
  alerts?: ReactNode;
  onRetry(): void;
}) {
  return (
    <View className="page">
      {alerts}
      {scope.kind === 'loading' ? (
        <LoadingView />
      ) : (
        <ErrorView message={scope.kind === 'error' ? scope.message : '请先在首页选择要管理的社区'} onRetry={onRetry} />
      )}
    </View>
  );
}
