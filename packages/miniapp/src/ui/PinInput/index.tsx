import { View, Text, Input } from '@tarojs/components';
import './index.css';

const LENGTH = 6;

/**
 * A six-digit PIN field in the usual WeChat Pay style: six boxes with a dot for each digit entered,
 * over a real (transparent) number input, so the system number keyboard, paste and screen readers work.
 * The digits themselves are never drawn.
 */
export function PinInput(props: {
  /** Names the field for tests and styling: `.pin-input--<name>`. */
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  focus?: boolean;
  /** The field the on-screen pad types into: outlined, and told to screen readers. */
  active?: boolean;
  onFocus?: () => void;
}) {
  const { name, label, value, onChange, disabled = false, focus = false, active = false, onFocus } = props;
  return (
    <View
      className={`pin-input pin-input--${name} ${active ? 'pin-input--active' : ''}`}
      data-testid={`pin-input-${name}`}
      onClick={onFocus}
    >
      <Text className="pin-input__label">{label}</Text>
      <View className="pin-input__boxes">
        {Array.from({ length: LENGTH }, (_, i) => (
          <View
            key={i}
            className={`pin-input__box ${i === value.length ? 'pin-input__box--next' : ''} ${i < value.length ? 'pin-input__box--filled' : ''}`}
          >
            {i < value.length && <View className="pin-input__dot" data-testid="pin-dot" />}
          </View>
        ))}
        <Input
          className="pin-input__native"
          type="number"
          password
          maxlength={LENGTH}
          value={value}
          focus={focus}
          disabled={disabled}
          nativeProps={{ 'aria-label': `${label}，已输入 ${value.length} 位`, inputmode: 'numeric' }}
          onFocus={onFocus}
          onInput={(e) => {
            const digits = e.detail.value.replace(/\D/g, '').slice(0, LENGTH);
            onChange(digits);
            return digits;
          }}
        />
      </View>
    </View>
  );
}
