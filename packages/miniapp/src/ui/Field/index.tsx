import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import './index.css';

export interface FieldProps {
  label: string;
  /** Shows 必填 or 选填 after the label; nothing when undefined. */
  required?: boolean;
  hint?: string;
  error?: string | null;
  className?: string;
  children: ReactNode;
  /** Inputs sit in a bordered box; chips and pickers do not. */
  boxed?: boolean;
  /** The error's test id, for suites that check it. */
  errorTestid?: string;
}

/** The hint or the error under a field (the error is announced). */
export function FieldHint({ error, hint, testid }: { error?: string | null; hint?: ReactNode; testid?: string }) {
  if (error)
    return (
      <View className="cc-field__hint cc-field__hint--error" role="alert" data-testid={testid}>
        {error}
      </View>
    );
  return hint ? <Text className="cc-field__hint">{hint}</Text> : null;
}

/** A labelled form field with its hint or error under it. */
export function Field({ label, required, hint, error, className = '', children, boxed = true, errorTestid }: FieldProps) {
  return (
    <View className={`cc-field ${error ? 'cc-field--error' : ''} ${className}`}>
      <View className="cc-field__label">
        <Text>{label}</Text>
        {required !== undefined &&
          (required ? <Text className="cc-field__required">必填</Text> : <Text className="cc-field__optional">选填</Text>)}
      </View>
      {boxed ? <View className="cc-field__box">{children}</View> : children}
      <FieldHint error={error} hint={hint} testid={errorTestid} />
    </View>
  );
}
