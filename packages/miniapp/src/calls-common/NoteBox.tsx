import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, TextArea } from '@nutui/nutui-react-taro';
import './calls.css';

/**
 * A short text and a button: progress notes, decline reasons, cancellation reasons. `min` characters are required
 * (0 = optional); the text is kept when sending fails.
 */
export function NoteBox({
  className = '',
  label,
  placeholder,
  submitText,
  min = 0,
  max = 500,
  danger,
  onSubmit,
  onCancel,
}: {
  className?: string;
  label: string;
  placeholder: string;
  submitText: string;
  min?: number;
  max?: number;
  danger?: boolean;
  /** Resolves true when done (the box is emptied). */
  onSubmit(text: string): Promise<boolean>;
  onCancel?: () => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [hint, setHint] = useState<string | null>(null);
  async function submit() {
    const t = text.trim();
    if (t.length < min) {
      setHint(`请至少写 ${min} 个字`);
      return;
    }
    if (t.length > max) {
      setHint(`最多 ${max} 个字`);
      return;
    }
    setBusy(true);
    setHint(null);
    try {
      if (await onSubmit(t)) setText('');
    } finally {
      setBusy(false);
    }
  }
  return (
    <View className={`call-field call-notebox ${className}`}>
      <View className="call-field__label">
        <Text>{label}</Text>
        {min > 0 ? <Text className="call-field__required">必填</Text> : <Text className="call-field__optional">选填</Text>}
      </View>
      <View className="call-field__box">
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
      </View>
      {hint && (
        <View className="call-field__hint call-field__hint--error" role="alert">
          {hint}
        </View>
      )}
      <View className="call-actions call-actions--row">
        {onCancel && (
          <Button fill="outline" disabled={busy} onClick={onCancel}>
            取消
          </Button>
        )}
        <Button
          type={danger ? 'danger' : 'primary'}
          className="call-notebox__submit"
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
