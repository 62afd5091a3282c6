import { View, Text } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { Tips } from '@nutui/icons-react-taro';
import './StateView.css';

// NutUI's Empty loads its pictures from a CDN, so loading / empty / error states are drawn here
// with NutUI's bundled icons and buttons instead.

export function LoadingView({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className="state-view" aria-live="polite">
      <Loading type="circular" />
      <Text className="state-view__text">{text}</Text>
    </View>
  );
}

export function ErrorView({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className="state-view state-view--error" role="alert">
      <Tips size={32} color="#b3261e" />
      <Text className="state-view__text">{message}</Text>
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
    <View className="state-view">
      <Text className="state-view__title">{title}</Text>
      {description && <Text className="state-view__text">{description}</Text>}
    </View>
  );
}
