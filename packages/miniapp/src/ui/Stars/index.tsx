import { View, Text } from '@tarojs/components';
import { RadioGroup } from '../RadioGroup';
import './index.css';

/** The words of each number of stars (index = stars), the same on every rating form. */
export const STAR_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'] as const;

export interface StarsProps {
  /** Names the group: what is rated (「评分」, 「给配送员打分」). */
  label: string;
  /** 0 = none chosen yet. */
  value: number;
  onChange(n: number): void;
  max?: number;
  /** An area's class on each star too, for its suites (`.call-star[data-star="4"]`). */
  starClass?: string;
}

/**
 * 1–max stars to rate with, a radio group (Tab reaches it, arrows move and choose, Enter or Space choose, a tap
 * chooses); the stars up to the chosen one are lit, and the words of the choice follow.
 */
export function Stars({ label, value, onChange, max = 5, starClass = '' }: StarsProps) {
  const options = Array.from({ length: max }, (_, i) => {
    const n = i + 1;
    return {
      value: String(n),
      label: `${n} 星`,
      className: `${starClass} ${n <= value ? 'cc-star--lit' : ''}`,
      data: { 'data-star': String(n) } as Record<`data-${string}`, string>,
      content: <Text>{n <= value ? '★' : '☆'}</Text>,
    };
  });
  return (
    <View className="cc-stars">
      <RadioGroup
        label={label}
        className="cc-stars__row"
        itemClass="cc-star"
        options={options}
        value={value > 0 ? String(value) : null}
        onChange={(v) => onChange(Number(v))}
      />
      {value > 0 && <Text className="cc-stars__words">{`${value} 星：${STAR_WORDS[value] ?? ''}`}</Text>}
    </View>
  );
}
