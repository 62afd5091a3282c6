import { View } from '@tarojs/components';
import './PinPad.css';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '', '0', 'del'] as const;

/**
 * The on-screen number pad for PINs: real buttons, so a mouse click, a tap, a keyboard's Enter/Space and a screen
 * reader all press them (NutUI's NumberKeyboard only listens to touch events, dead to clicks on H5).
 */
export function PinPad(props: { onDigit: (digit: string) => void; onDelete: () => void; disabled?: boolean; label: string }) {
  const { onDigit, onDelete, disabled = false, label } = props;
  return (
    <View className="pin-pad" role="group" aria-label={label} data-testid="pin-pad">
      {KEYS.map((key, i) =>
        key === '' ? (
          <View key={i} className="pin-pad__gap" />
        ) : (
          <button
            key={key}
            type="button"
            className={`pin-pad__key ${key === 'del' ? 'pin-pad__key--del' : ''}`}
            data-testid={`pin-key-${key}`}
            aria-label={key === 'del' ? '删除' : key}
            disabled={disabled}
            onClick={() => (key === 'del' ? onDelete() : onDigit(key))}
          >
            {key === 'del' ? '删除' : key}
          </button>
        ),
      )}
    </View>
  );
}
