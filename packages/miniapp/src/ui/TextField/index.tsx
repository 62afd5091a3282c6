import { Input } from '@nutui/nutui-react-taro';
import { Field } from '../Field';
import type { Keypad, TextFieldProps } from './types';

export type { Keypad, TextFieldProps } from './types';

/** Taro's input type (what weapp opens) and the H5 inputmode (what a phone browser opens) of each keypad. */
const KEYPADS: Record<Keypad, { type: 'number' | 'digit'; inputmode: string }> = {
  numeric: { type: 'number', inputmode: 'numeric' },
  decimal: { type: 'digit', inputmode: 'decimal' },
  tel: { type: 'number', inputmode: 'tel' },
};

/** A labelled one-line text input (NutUI Input in the kit's Field): the label names the input, numbers open a keypad. */
export function TextField(props: TextFieldProps) {
  const { testid, label, keypad } = props;
  const pad = keypad ? KEYPADS[keypad] : null;
  return (
    <Field
      label={label}
      required={props.required}
      hint={props.hint}
      error={props.error}
      errorTestid={`${testid}-error`}
      className={props.className}
    >
      <Input
        className={testid}
        data-testid={testid}
        // Taro's H5 input puts only nativeProps on the <input> itself: its accessible name and the keypad hint.
        nativeProps={{ 'aria-label': label, inputmode: pad?.inputmode, 'data-testid': `${testid}-input` }}
        type={pad?.type ?? 'text'}
        placeholder={props.placeholder}
        maxLength={props.maxLength}
        value={props.value}
        disabled={props.disabled}
        onChange={props.onChange}
      />
    </Field>
  );
}
