import type { FieldProps } from './types';
import './index.css';

export type { FieldProps } from './types';

/** A text field with its label above it (the label wraps the input, so it names it). */
export function Field({ label, name, value, type, placeholder, spellCheck, onChange }: FieldProps) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="field__input"
        name={name}
        type={type}
        value={value}
        autoComplete="off"
        spellCheck={spellCheck}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
