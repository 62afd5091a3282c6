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
