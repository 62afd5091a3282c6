import { useEffect, useState } from 'react';
import { Input, View } from '@tarojs/components';
import { Minus, Plus } from '@nutui/icons-react-taro';
import { tappable } from '../tappable';
import type { StepperProps } from './types';
import './index.css';

export type { StepperProps } from './types';

/**
 * A quantity stepper: 减少 and 增加 buttons around a number field. The kit's own rather than NutUI's InputNumber,
 * whose input cannot be given a name (axe critical `label`, issue 12 item 12): here the field and both buttons are
 * named, reachable by keyboard, and the typed number is kept within min–max when the field is left.
 */
export function Stepper({ value, min = 1, max, disabled = false, label = '数量', className = '', onChange }: StepperProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const set = (n: number) => {
    const next = Math.min(max, Math.max(min, n));
    setText(String(next));
    if (next !== value) onChange(next);
  };
  const commit = (raw: string) => {
    const n = Math.floor(Number(raw));
    if (Number.isFinite(n) && raw.trim() !== '') set(n);
    else setText(String(value));
  };
  const canLess = !disabled && value > min;
  const canMore = !disabled && value < max;
  return (
    <View className={`cc-stepper ${disabled ? 'cc-stepper--disabled' : ''} ${className}`}>
      <View
        className={`cc-stepper__btn ${canLess ? '' : 'cc-stepper__btn--off'}`}
        aria-disabled={!canLess}
        {...tappable(() => canLess && set(value - 1), `减少${label}`)}
      >
        <Minus size={14} />
      </View>
      <Input
        className="cc-stepper__input"
        type="number"
        value={text}
        disabled={disabled}
        nativeProps={{ 'aria-label': label, inputMode: 'numeric' }}
        onInput={(e) => setText(e.detail.value)}
        onBlur={(e) => commit(e.detail.value)}
        onConfirm={(e) => commit(e.detail.value)}
      />
      <View
        className={`cc-stepper__btn ${canMore ? '' : 'cc-stepper__btn--off'}`}
        aria-disabled={!canMore}
        {...tappable(() => canMore && set(value + 1), `增加${label}`)}
      >
        <Plus size={14} />
      </View>
    </View>
  );
}
