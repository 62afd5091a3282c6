import { View, Text } from '@tarojs/components';
import { useRoving } from '../roving';
import type { TabsProps } from './types';
import './index.css';

export type { TabOption, TabsProps } from './types';

/**
 * A row of tabs that filter one list (WAI-ARIA tabs, automatic activation): one Tab stop on the chosen tab, arrows,
 * Home and End move and choose, a tap chooses. The row wraps on a narrow phone instead of scrolling out of sight;
 * each tab is at least a finger tall and grows with large-text mode. `data-tab` is the tab's value, for the suites.
 */
export function Tabs<T extends string>({ label, tabs, value, onChange, counts, stretch, className = '', testid }: TabsProps<T>) {
  const roving = useRoving(
    tabs.map((t) => t.value),
    value,
    onChange,
  );
  return (
    <View className={`cc-tabs ${stretch ? 'cc-tabs--stretch' : ''} ${className}`} role="tablist" aria-label={label} data-testid={testid}>
      {tabs.map((t, i) => (
        <View
          key={t.value}
          className={`cc-tab ${t.value === value ? 'cc-tab--on' : ''}`}
          role="tab"
          aria-selected={t.value === value}
          data-tab={t.value}
          {...roving(i)}
        >
          <Text>{t.label}</Text>
          {counts?.[t.value] ? <Text className="cc-tab__count">{counts[t.value]}</Text> : null}
        </View>
      ))}
    </View>
  );
}
