import { View, Text } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { Tips } from '@nutui/icons-react-taro';
import './index.css';

// NutUI's Empty loads its pictures from a CDN, so loading / empty / error states are drawn here
// with NutUI's bundled icons and buttons instead.

export function LoadingView({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className="cc-state" aria-live="polite">
      <Loading type="circular" />
      <Text className="cc-state__text">{text}</Text>
    </View>
  );
}

/** A page that could not load: the message (problemWords of the failure) and a retry. */
export function ErrorView({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className="cc-state cc-state--error" role="alert" data-testid="error-view">
      <Tips size={32} color="var(--cc-tone-danger)" />
      <Text className="cc-state__text">{message}</Text>
      {onRetry && (
        <Button type="primary" fill="outline" size="small" onClick={onRetry}>
          重试
        </Button>
      )}
    </View>
  );
}

export function EmptyView({ title, description }: { title: string; description?: string }) {
  return (
    <View className="cc-state">
      <Text className="cc-state__title">{title}</Text>
      {description && <Text className="cc-state__text">{description}</Text>}
    </View>
  );
}

/** A page's state before it has something to show: still loading, or failed. */
export type Pending = { kind: 'loading' } | { kind: 'error'; message: string };

/** True while a page's state is loading or failed (then `PendingPage` draws it); narrows the state to what remains. */
export function isPending<S extends { kind: string }>(state: S): state is Extract<S, Pending> {
  return state.kind === 'loading' || state.kind === 'error';
}

/** The whole page while it loads (the spinner) or after it failed (the words and 重试). */
export function PendingPage({ state, onRetry }: { state: Pending; onRetry: () => void }) {
  if (state.kind === 'loading') return <LoadingView />;
  return (
    <View className="page">
      <ErrorView message={state.message} onRetry={onRetry} />
    </View>
  );
}
