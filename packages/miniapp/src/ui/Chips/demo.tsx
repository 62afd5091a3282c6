import { useState } from 'react';
import { Chips } from './index';

type Slot = 'morning' | 'afternoon' | 'evening';
type Tag = 'fresh' | 'local' | 'organic';

/** One choice (radios), several choices (checkboxes), a disabled option. */
export function Demo() {
  const [slot, setSlot] = useState<Slot>('morning');
  const [tags, setTags] = useState<Tag[]>(['local']);
  return (
    <>
      <Chips<Slot>
        value={slot}
        onChange={setSlot}
        options={[
          { value: 'morning', label: '上午' },
          { value: 'afternoon', label: '下午' },
          { value: 'evening', label: '晚上', disabled: true },
        ]}
      />
      <Chips<Tag>
        multi
        small
        value={tags}
        onChange={(v) => setTags(tags.includes(v) ? tags.filter((x) => x !== v) : [...tags, v])}
        options={[
          { value: 'fresh', label: '当天采摘' },
          { value: 'local', label: '本地产' },
          { value: 'organic', label: '有机' },
        ]}
      />
    </>
  );
}
