import { View, Text } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';

/**
 * A labelled text field of the wallet's forms: the visible label is also the input's accessible name. Number fields
 * (`numeric`) open the number keypad (type="number", inputmode="numeric").
 */
export function Field(props: {
  testid: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  maxLength: number;
  numeric?: boolean;
  disabled?: boolean;
  hint?: string;
}) {
  const { testid, label, numeric = false } = props;
  return (
    <View className="wallet-field">
      <Text className="wallet-field__label">{label}</Text>
      <View className="wallet-field__input">
        <Input
          className={testid}
          data-testid={testid}
          // Taro's H5 input puts only nativeProps on the <input> itself: its accessible name and the keypad hint.
          nativeProps={{ 'aria-label': label, inputmode: numeric ? 'numeric' : undefined, 'data-testid': `${testid}-input` }}
          type={numeric ? 'number' : 'text'}
          placeholder={props.placeholder}
          maxLength={props.maxLength}
          value={props.value}
          disabled={props.disabled}
          onChange={props.onChange}
        />
      </View>
      {props.hint && <Text className="wallet-field__hint">{props.hint}</Text>}
    </View>
  );
}
