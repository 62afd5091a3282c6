import { View } from '@tarojs/components';
import { useRoving } from '../roving';
import type { RadioGroupProps } from './types';
import './index.css';

export type { RadioGroupProps, RadioOption } from './types';

/**
 * One choice of several, each option any content (stars, a provider's card): a WAI-ARIA radio group. One Tab stop
 * (the chosen option, or the first), arrows move and choose, Enter or Space choose, a tap chooses.
 */
export function RadioGroup<T extends string>({ label, options, value, onChange, className = '', itemClass, testid }: RadioGroupProps<T>) {
  const roving = useRoving(
    options.map((o) => o.value),
    value,
    onChange,
  );
  return (
    <View className={`cc-radios ${className}`} role="radiogroup" aria-label={label} data-testid={testid}>
      {options.map((o, i) => (
        <View
          key={o.value}
          className={`${itemClass} ${o.value === value ? `${itemClass}--on` : ''} ${o.className ?? ''}`}
          role="radio"
          aria-checked={o.value === value}
          aria-label={o.label}
          {...o.data}
          {...roving(i)}
        >
          {o.content}
        </View>
      ))}
    </View>
  );
}
