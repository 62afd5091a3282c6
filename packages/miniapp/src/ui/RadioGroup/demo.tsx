import { useState } from 'react';
import { Text } from '@tarojs/components';
import { RadioGroup } from './index';

const SIZES = ['small', 'middle', 'large'] as const;
type Size = (typeof SIZES)[number];
const WORDS: Record<Size, string> = { small: '小份', middle: '中份', large: '大份' };

/** Three options, none chosen at first: Tab reaches the first, arrows move and choose, the chosen one is outlined. */
export function Demo() {
  const [size, setSize] = useState<Size | null>(null);
  return (
    <>
      <RadioGroup<Size>
        testid="demo-radios"
        label="份量"
        itemClass="cc-radio"
        value={size}
        onChange={setSize}
        options={SIZES.map((s) => ({ value: s, content: <Text>{WORDS[s]}</Text>, data: { 'data-value': s } }))}
      />
      <Text data-testid="demo-radios-chosen">{size ? `已选：${WORDS[size]}` : '未选择'}</Text>
    </>
  );
}
