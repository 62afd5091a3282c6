/** Which keypad a phone opens: digits (card numbers, codes), digits with a point (money), a phone number. */
export type Keypad = 'numeric' | 'decimal' | 'tel';

export interface TextFieldProps {
  /** data-testid of the field; its <input> is `<testid>-input`, its error `<testid>-error`. */
  testid: string;
  /** The visible label, also the input's accessible name (axe label). */
  label: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  maxLength?: number;
  keypad?: Keypad;
  disabled?: boolean;
  required?: boolean;
  hint?: string;
  error?: string | null;
  /** The field's own class (the page's name for it). */
  className?: string;
}
