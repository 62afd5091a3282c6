import { useId } from 'react';
import { View } from '@tarojs/components';
import type { RadioGroupProps } from './types';
import './index.css';

export type { RadioGroupProps, RadioOption } from './types';

type Key = { key?: string; preventDefault?: () => void };

/** Where an arrow, Home or End moves from option `i` of `n` (wrapping, as the ARIA radio group does); null: not a move. */
function moveOf(key: string | undefined, i: number, n: number): number | null {
  if (key === 'ArrowRight' || key === 'ArrowDown') return (i + 1) % n;
  if (key === 'ArrowLeft' || key === 'ArrowUp') return (i - 1 + n) % n;
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  return null;
}

/** Focuses an option by its element id (H5); on a mini-program there is no keyboard and nothing to focus. */
function focusById(id: string) {
  const el = typeof document === 'undefined' ? null : (document.getElementById(id) as { focus?: () => void } | null);
  if (el && typeof el.focus === 'function') el.focus();
}

/**
 * One choice of several, each option any content (stars, a provider's card): a WAI-ARIA radio group. One Tab stop
 * (the chosen option, or the first), arrows move and choose, Enter or Space choose, a tap chooses.
 */
export function RadioGroup<T extends string>({ label, options, value, onChange, className = '', itemClass, testid }: RadioGroupProps<T>) {
  const base = useId();
  const stop = Math.max(
    0,
    options.findIndex((o) => o.value === value),
  );
  const choose = (i: number) => {
    const o = options[i];
    if (!o) return;
    onChange(o.value);
    focusById(`${base}-${i}`);
  };
  return (
    <View className={`cc-radios ${className}`} role="radiogroup" aria-label={label} data-testid={testid}>
      {options.map((o, i) => (
        <View
          key={o.value}
          id={`${base}-${i}`}
          className={`${itemClass} ${o.value === value ? `${itemClass}--on` : ''} ${o.className ?? ''}`}
          role="radio"
          aria-checked={o.value === value}
          aria-label={o.label}
          onClick={() => choose(i)}
          {...o.data}
          // Taro's ViewProps do not declare tabIndex and onKeyDown, which the H5 view passes to the element.
          {...{
            tabIndex: i === stop ? 0 : -1,
            onKeyDown: (e: Key) => {
              const to = e.key === 'Enter' || e.key === ' ' ? i : moveOf(e.key, i, options.length);
              if (to === null) return;
              e.preventDefault?.();
              choose(to);
            },
          }}
        >
          {o.content}
        </View>
      ))}
    </View>
  );
}
