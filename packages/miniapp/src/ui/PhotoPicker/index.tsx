import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Photos } from '../Photos';
import { FieldHint } from '../Field';
import { tappable } from '../tappable';
import { choosePhotos, uploadPicked, PHOTO_RULES, type AttachedPhoto } from './upload';
import '../Photos/index.css';

export { PHOTO_RULES, type AttachedPhoto } from './upload';

export interface PhotoPickerProps {
  value: AttachedPhoto[];
  onChange(v: AttachedPhoto[]): void;
  max?: number;
  /** What the photos are for, after "最多 N 张，". */
  hint?: string;
  /** Product photos: the first is the cover and any other can be made the cover. */
  cover?: boolean;
}

/** Up to `max` photos, each uploaded (POST /api/v1/uploads) as soon as it is picked; the form sends their ids. */
export function PhotoPicker({ value, onChange, max = 4, hint = PHOTO_RULES, cover }: PhotoPickerProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function pick() {
    setError(null);
    const picked = await choosePhotos(max - value.length);
    if (!picked) return;
    setBusy(true);
    const r = await uploadPicked(picked);
    if (r.added.length) onChange([...value, ...r.added]);
    setError(r.error);
    setBusy(false);
  }
  const remove = (i: number) => onChange(value.filter((_, j) => j !== i));
  const makeCover = (i: number) => onChange([value[i]!, ...value.filter((_, j) => j !== i)]);

  return (
    <View className="cc-photo-picker">
      <View className="cc-photos">
        <Photos urls={value.map((p) => p.url)} onRemove={remove} onMakeCover={cover ? makeCover : undefined} />
        {value.length < max && (
          <View className="cc-photo-add" aria-disabled={busy} {...tappable(() => !busy && void pick())}>
            <Text className="cc-photo-add__plus">{busy ? '…' : '+'}</Text>
            <Text>{busy ? '正在上传' : '添加照片'}</Text>
          </View>
        )}
      </View>
      <FieldHint error={error} hint={`最多 ${max} 张，${hint}`} />
    </View>
  );
}
