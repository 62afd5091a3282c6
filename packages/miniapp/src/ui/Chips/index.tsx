import { View, Text } from '@tarojs/components';
import type { ChipsProps } from './types';
import './index.css';

export type { ChipOption, ChipsProps } from './types';

/**
 * Choices as large chips that wrap as whole words (issue 12 item 8). Each is a radio (or a checkbox when `multi`),
 * reachable with Tab and chosen with Enter or Space; the state is in aria-checked, not only in the colour.
 */
export function Chips<T extends string>({ options, value, onChange, multi, className = '', small }: ChipsProps<T>) {
  const on = (v: T) => (Array.isArray(value) ? value.includes(v) : value === v);
  const pick = (v: T, disabled?: boolean) => !disabled && onChange(v);
  return (
    <View className={`cc-chips ${className}`} role={multi ? 'group' : 'radiogroup'}>
      {options.map((o) => (
        <View
          key={o.value}
          className={`cc-chip ${small ? 'cc-chip--small' : ''} ${on(o.value) ? 'cc-chip--on' : ''} ${o.disabled ? 'cc-chip--disabled' : ''} ${o.danger ? 'cc-chip--danger' : ''} ${o.className ?? ''}`}
          role={multi ? 'checkbox' : 'radio'}
          aria-checked={on(o.value)}
          aria-disabled={o.disabled}
          data-value={o.value}
          onClick={() => pick(o.value, o.disabled)}
          // Taro's ViewProps do not declare tabIndex and onKeyDown, which the H5 view passes to the element.
          {...{
            tabIndex: o.disabled ? -1 : 0,
            onKeyDown: (e: { key?: string; preventDefault?: () => void }) => {
              if (e.key !== 'Enter' && e.key !== ' ') return;
              e.preventDefault?.();
              pick(o.value, o.disabled);
            },
          }}
        >
          <Text>{multi && on(o.value) ? `✓ ${o.label}` : o.label}</Text>
        </View>
      ))}
    </View>
  );
}
