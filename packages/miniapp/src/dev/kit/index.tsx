import { View, Text } from '@tarojs/components';
import { pageTextClass } from '../../settings/largeText';
import { DEMOS } from './demos';
import './index.css';

/**
 * The UI kit's gallery (issue 12): each component of ui/ in its main states, from the `demo.tsx` in its folder. A
 * page for developers and the browser suite, reached by URL only (no link leads here); it needs no session.
 */
export default function KitGallery() {
  return (
    <View className={`page kit ${pageTextClass()}`} data-testid="kit-page">
      <View className="kit__title" role="heading" aria-level={1}>
        <Text>组件示例</Text>
      </View>
      {DEMOS.map(([name, Demo]) => (
        <View key={name} className="kit__section" data-testid={`kit-${name}`}>
          <View className="kit__name" role="heading" aria-level={2}>
            <Text>{name}</Text>
          </View>
          <View className="kit__demo">
            <Demo />
          </View>
        </View>
      ))}
    </View>
  );
}
