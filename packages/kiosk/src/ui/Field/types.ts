export interface FieldProps {
  /** The words above the input (the input's accessible name). */
  label: string;
  name: string;
  value: string;
  type?: 'text' | 'password';
  placeholder?: string;
  /** Off for codes and ids, where a spelling fix would only get in the way. */
  spellCheck?: boolean;
  onChange: (value: string) => void;
}
