import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button, TextArea } from '@nutui/nutui-react-taro';
import { Field } from '../Field';
import type { NoteBoxProps } from './types';

export type { NoteBoxProps } from './types';

function lengthProblem(text: string, min: number, max: number, tooShort?: string): string | null {
  if (text.length < min) return tooShort ?? `请至少写 ${min} 个字`;
  if (text.length > max) return `最多 ${max} 个字`;
  return null;
}

/**
 * A short text and a button: progress notes, decline and cancellation reasons, refusals. `min` characters are
 * required (0 = optional); the text is kept when sending fails.
 */
export function NoteBox({
  className = '',
  label,
  placeholder,
  submitText,
  min = 0,
  max = 500,
  danger,
  tooShort,
  onSubmit,
  onCancel,
}: NoteBoxProps) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [hint, setHint] = useState<string | null>(null);
  async function submit() {
    const t = text.trim();
    const problem = lengthProblem(t, min, max, tooShort);
    setHint(problem);
    if (problem) return;
    setBusy(true);
    try {
      if (await onSubmit(t)) setText('');
    } finally {
      setBusy(false);
    }
  }
  return (
    <View className={`cc-notebox ${className}`}>
      <Field label={label} required={min > 0} error={hint}>
        <TextArea
          maxLength={max}
          rows={2}
          autoSize
          placeholder={placeholder}
          value={text}
          disabled={busy}
          onChange={(v) => {
            setText(v);
            setHint(null);
          }}
        />
      </Field>
      <View className="cc-actions cc-actions--row">
        {onCancel && (
          <Button fill="outline" disabled={busy} onClick={onCancel}>
            取消
          </Button>
        )}
        <Button
          type={danger ? 'danger' : 'primary'}
          className="cc-notebox__submit"
          loading={busy}
          disabled={busy}
          onClick={() => void submit()}
        >
          {submitText}
        </Button>
      </View>
    </View>
  );
}

/** A refusal or a rejection: a reason of at least 2 characters, so the other side knows why. */
export function ReasonBox(props: NoteBoxProps) {
  return <NoteBox min={2} max={200} tooShort="请至少写 2 个字，让对方知道为什么" {...props} />;
}
